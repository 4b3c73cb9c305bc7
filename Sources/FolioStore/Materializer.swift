import FolioModel
import Foundation
import GRDB

/// Keeps the queryable tables (`article`, `article_tag`, `highlight`) in step with record
/// states, inside the same transaction as the registers.
enum Materializer {
    /// Saves a record's new state with everything derived from it: registers and vector, the
    /// queryable tables and the search index.
    ///
    /// With `columnFields`, `old` and `new` hold only the registers of those fields (see
    /// ``RecordStorage/load(_:id:fields:)``), all of them in ``columns``: only their columns of
    /// the article row are updated, and the tag rows are left alone. `prepared`: see ``PreparedValues``.
    /// `index`: the batch's changes to the search index, which its caller writes after the batch;
    /// without one, the record's change is written to the index at once.
    static func store(
        _ db: Database, old: RecordState?, new: RecordState, columnFields: Set<String>? = nil, prepared: PreparedValues = PreparedValues(),
        index batch: SearchIndex.Changes? = nil
    ) throws {
        let index = batch ?? SearchIndex.Changes()
        let reindexed = SearchIndex.article(changedBy: old, new)
        // A new article has no row in the index; a new highlight's article may well have one.
        if let reindexed { try index.willAlter(db, article: reindexed, hasRow: old != nil || new.kind == .highlight) }
        try RecordStorage.save(db, old: old, new: new, prepared: prepared)
        if let columnFields {
            try updateColumns(db, columnFields, of: new)
        } else if new.kind == .highlight {
            try updateHighlight(db, Highlight(state: new))
        } else {
            let article = Article(state: new)
            let rowid = try updateArticle(db, article, isNew: old == nil)
            // A new article's index row comes from the values in hand.
            if old == nil, reindexed != nil { index.stored(rowid: rowid, of: article, state: new) }
        }
        if batch == nil { try index.write(db) }
    }

    /// The article fields whose register alone decides one column of the article row (nil: no
    /// column; the note shows only in the search index). A write of only these fields can load
    /// and update just them. Not the address (the site derives from it and the content), the
    /// content, the tags or the deletion, which change several columns and rows.
    static let columns: [String: String?] = [
        Field.title: "title", Field.savedAt: "saved_at", Field.progress: "progress", Field.readAt: "read_at",
        Field.archived: "archived", Field.favorite: "favorite", Field.trashedAt: "trashed_at", Field.note: nil,
    ]

    /// Updates the columns of `fields` (all in ``columns``) from `state`, which holds their registers.
    static func updateColumns(_ db: Database, _ fields: Set<String>, of state: RecordState) throws {
        let article = Article(state: state)
        let values: [String: (any DatabaseValueConvertible)?] = [
            Field.title: article.title, Field.savedAt: article.savedAt.timeIntervalSince1970, Field.progress: article.progress,
            Field.readAt: article.readAt?.timeIntervalSince1970, Field.archived: article.isArchived, Field.favorite: article.isFavorite,
            Field.trashedAt: article.trashedAt?.timeIntervalSince1970,
        ]
        let updates = fields.sorted().compactMap { field in columns[field].flatMap { $0 }.map { (column: $0, value: values[field] ?? nil) } }
        guard !updates.isEmpty else { return }
        try db.cachedStatement(sql: "UPDATE article SET \(updates.map { "\($0.column) = ?" }.joined(separator: ", ")) WHERE id = ?")
            .execute(arguments: StatementArguments(updates.map(\.value) + [RecordStorage.key(state.id) as (any DatabaseValueConvertible)?]))
    }

    /// Writes the article's row and its tag rows, and returns the row's rowid. `isNew`: the
    /// article has no row yet, so there is none to look up and no tag rows to clear.
    static func updateArticle(_ db: Database, _ article: Article, isNew: Bool) throws -> Int64 {
        let id = RecordStorage.key(article.id)
        try db.cachedStatement(sql: """
                INSERT INTO article (id, url, title, site, saved_at, progress, read_at, archived, favorite, deleted, word_count, status, tags, byline, trashed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET url = excluded.url, title = excluded.title, site = excluded.site, byline = excluded.byline,
                    saved_at = excluded.saved_at, progress = excluded.progress, read_at = excluded.read_at,
                    archived = excluded.archived, favorite = excluded.favorite, deleted = excluded.deleted,
                    word_count = excluded.word_count, status = excluded.status, tags = excluded.tags, trashed_at = excluded.trashed_at
                """).execute(arguments: [
                id, article.url, article.title, article.site, article.savedAt.timeIntervalSince1970, article.progress,
                article.readAt?.timeIntervalSince1970, article.isArchived, article.isFavorite, article.isDeleted,
                article.content.wordCount, statusName(article.content.status), article.tags.joined(separator: "\u{1F}"),
                article.content.byline ?? "", article.trashedAt?.timeIntervalSince1970,
            ])
        let rowid: Int64
        if isNew {
            rowid = db.lastInsertedRowID
        } else {
            // Not `RETURNING rowid` above: that makes SQLite open a statement savepoint, at which
            // FTS5 flushes its pending index data (see SearchIndex.Changes).
            guard let existing = try Int64.fetchOne(db.cachedStatement(sql: "SELECT rowid FROM article WHERE id = ?"), arguments: [id]) else {
                throw StoreError.notFound(id)
            }
            rowid = existing
            try db.cachedStatement(sql: "DELETE FROM article_tag WHERE article = ?").execute(arguments: [rowid])
        }
        if !article.isDeleted {
            for key in Set(article.tags.map(Tag.normalize)) {
                try db.cachedStatement(sql: "INSERT INTO article_tag (article, tag) VALUES (?, ?)").execute(arguments: [rowid, key])
            }
        }
        return rowid
    }

    static func updateHighlight(_ db: Database, _ highlight: Highlight) throws {
        let article = RecordStorage.key(highlight.articleID)
        try db.cachedStatement(sql: """
                INSERT INTO highlight (id, article_id, quote, note, position, created_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET article_id = excluded.article_id, quote = excluded.quote, note = excluded.note,
                    position = excluded.position, created_at = excluded.created_at, deleted = excluded.deleted
                """).execute(arguments: [RecordStorage.key(highlight.id), article, highlight.quote, highlight.note, highlight.position,
                        highlight.createdAt.timeIntervalSince1970, highlight.isDeleted])
    }

    static func statusName(_ status: ContentStatus) -> String {
        switch status {
        case .complete: "complete"
        case .pending: "pending"
        case .linkOnly: "link"
        }
    }
}
