import FolioModel
import GRDB

extension SearchIndex {
    /// The index rows a batch of record writes alters, written to the index after all of the
    /// batch's records (``write(_:)``).
    ///
    /// FTS5 flushes the terms it holds pending into a new index segment at every statement
    /// savepoint, and SQLite opens one for each multi-row INSERT (a record's registers): with
    /// the index written last, a batch's terms make one segment however its records are written.
    /// An article's row is read from the view when the batch first alters it, which is what the
    /// index holds for it until ``write(_:)`` removes it and adds its new row. A batch of several
    /// records (a pull's page, an import) shares one; nothing may read the index in between.
    final class Changes {
        private var articles: [String] = []
        private var entries: [String: Entry] = [:]

        init() {}

        private struct Entry {
            /// The article's row before the batch; nil when the view showed none.
            var before: [DatabaseValue]?
            /// A new article's values, when no write of the batch altered it after they were
            /// stored: its row is built from them instead of read back from the view.
            var new: (rowid: Int64, article: Article, state: RecordState)?
        }

        /// Notes that a write is about to alter what the view shows for `article`; `hasRow`:
        /// the article may have a row in the index already (false for a new article record).
        func willAlter(_ db: Database, article: String, hasRow: Bool) throws {
            if entries[article] != nil {
                entries[article]?.new = nil
                return
            }
            articles.append(article)
            entries[article] = Entry(before: hasRow ? try SearchIndex.viewRow(db, article: article) : nil)
        }

        /// Notes the values of a new article just stored (after ``willAlter(_:article:hasRow:)``).
        func stored(rowid: Int64, of article: Article, state: RecordState) {
            entries[RecordStorage.key(article.id)]?.new = (rowid, article, state)
        }

        /// Removes the batch's articles' old rows from the index and adds their new ones, in
        /// the order the batch first altered them.
        func write(_ db: Database) throws {
            for article in articles {
                guard let entry = entries[article] else { continue }
                if let before = entry.before { try SearchIndex.insert(db, before, removing: true) }
                if let new = entry.new {
                    try SearchIndex.add(db, rowid: new.rowid, of: new.article, state: new.state)
                } else {
                    try SearchIndex.add(db, article: article)
                }
            }
        }
    }
}
