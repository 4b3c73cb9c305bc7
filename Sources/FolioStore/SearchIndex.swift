import FolioModel
import GRDB

/// The full-text index `article_fts`: an external-content FTS5 table over the `article_search`
/// view. FTS5 can only forget a row by being told its indexed text again, so a change that
/// alters what the view shows for an article removes the row *before* the change and adds it
/// back after; both read the view, so the index always matches it.
enum SearchIndex {
    /// The article fields whose values the view shows (site derives from the url and content).
    static let indexedFields: Set<String> = [Field.title, Field.url, Field.content, Field.note, Field.deleted]

    /// The key of the article whose indexed text a change from `old` to `new` may alter, if any.
    static func article(changedBy old: RecordState?, _ new: RecordState) -> String? {
        switch new.kind {
        case .highlight:
            return RecordStorage.key(Highlight(state: new).articleID)
        case .article:
            func dots(_ state: RecordState?) -> Set<Dot> {
                Set((state?.registers ?? []).lazy.filter { indexedFields.contains($0.field) }.map(\.dot))
            }
            return dots(old) == dots(new) ? nil : RecordStorage.key(new.id)
        }
    }

    static func remove(_ db: Database, article: String) throws {
        try write(db, article: article, removing: true)
    }

    static func add(_ db: Database, article: String) throws {
        try write(db, article: article, removing: false)
    }

    /// Reads the article's row of the view, then writes it to the index with a one-row
    /// INSERT ... VALUES. (An INSERT ... SELECT would open a statement savepoint, and FTS5
    /// flushes its pending terms at every savepoint: one tiny index segment per article.)
    private static func write(_ db: Database, article: String, removing: Bool) throws {
        let read = try db.cachedStatement(sql: """
            SELECT rowid, title, byline, site, text, note, highlights FROM article_search
            WHERE rowid = (SELECT rowid FROM article WHERE id = ?)
            """)
        guard let row = try Row.fetchOne(read, arguments: [article]) else { return }
        let insert = removing
            ? "INSERT INTO article_fts (article_fts, rowid, title, byline, site, text, note, highlights) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)"
            : "INSERT INTO article_fts (rowid, title, byline, site, text, note, highlights) VALUES (?, ?, ?, ?, ?, ?, ?)"
        try db.cachedStatement(sql: insert).execute(arguments: StatementArguments(row.databaseValues))
    }
}
