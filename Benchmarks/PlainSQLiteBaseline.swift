import FolioModel
import Foundation
import GRDB

/// The physical floor for Folio's database work: the same article rows, tags and text inserted
/// with plain SQL into a table with the same columns and indexes and an FTS5 table with the
/// same tokenizer, in transactions of 500 rows, with no sync bookkeeping at all.
struct PlainSQLiteBaseline {
    let path: String
    let queue: DatabaseQueue

    static let schema = """
        CREATE TABLE article (
            rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT NOT NULL, title TEXT NOT NULL, site TEXT NOT NULL,
            saved_at REAL NOT NULL, progress REAL NOT NULL, read_at REAL, archived INTEGER NOT NULL, favorite INTEGER NOT NULL,
            deleted INTEGER NOT NULL, word_count INTEGER NOT NULL, status TEXT NOT NULL, tags TEXT NOT NULL,
            byline TEXT, note TEXT NOT NULL, html TEXT NOT NULL, text TEXT NOT NULL
        ) STRICT;
        CREATE INDEX article_saved ON article(deleted, saved_at);
        CREATE INDEX article_site ON article(site COLLATE NOCASE);
        CREATE TABLE article_tag (article_id TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (tag, article_id)) STRICT, WITHOUT ROWID;
        CREATE INDEX article_tag_article ON article_tag(article_id);
        CREATE VIRTUAL TABLE article_fts USING fts5(title, byline, site, text, note, highlights, tokenize = 'unicode61 remove_diacritics 2');
        """

    /// Creates the database at `path` (WAL, synchronous=NORMAL, as Folio's).
    init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        queue = try DatabaseQueue(path: path, configuration: config)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: Self.schema)
        }
    }

    /// Inserts articles `0..<size` of the factory; returns the seconds spent in SQLite only
    /// (building the articles is excluded).
    func insert(size: Int, factory: ArticleFactory) throws -> Double {
        var seconds = 0.0
        var batch: [Article] = []
        for index in 0..<size {
            batch.append(factory.article(index))
            if batch.count == 500 || index == size - 1 {
                seconds += try Stopwatch.time { try insert(batch) }
                batch.removeAll(keepingCapacity: true)
            }
        }
        return seconds
    }

    private func insert(_ articles: [Article]) throws {
        try queue.inTransaction { db in
            let row = try db.cachedStatement(sql: """
                INSERT INTO article (id, url, title, site, saved_at, progress, read_at, archived, favorite, deleted, word_count, status, tags, byline, note, html, text)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 'complete', ?, ?, ?, ?, ?)
                """)
            let tag = try db.cachedStatement(sql: "INSERT INTO article_tag (article_id, tag) VALUES (?, ?)")
            let fts = try db.cachedStatement(sql: "INSERT INTO article_fts (rowid, title, byline, site, text, note, highlights) VALUES (?, ?, ?, ?, ?, ?, '')")
            for article in articles {
                let id = article.id.uuidString.lowercased()
                try row.execute(arguments: [
                    id, article.url, article.title, article.site, article.savedAt.timeIntervalSince1970, article.progress,
                    article.readAt?.timeIntervalSince1970, article.isArchived, article.isFavorite, article.content.wordCount,
                    article.tags.joined(separator: "\u{1F}"), article.content.byline, article.note, article.content.html, article.content.text,
                ])
                let rowid = db.lastInsertedRowID
                for key in article.tags { try tag.execute(arguments: [id, key]) }
                try fts.execute(arguments: [rowid, article.title, article.content.byline ?? "", article.site, article.content.text, article.note])
            }
            return .commit
        }
    }

    /// The same search as Folio's (bm25 with the same weights, a snippet, the tag filter as an
    /// EXISTS), first 50 rows.
    func search(_ search: SearchCases.Case) throws -> Int {
        try queue.read { db in
            var sql = """
                SELECT a.id, a.url, a.title, a.site, a.saved_at, a.progress, a.read_at, a.archived, a.favorite, a.word_count, a.status, a.tags,
                       snippet(article_fts, -1, '[', ']', '…', 16) AS snippet, bm25(article_fts, 10.0, 2.0, 2.0, 1.0, 4.0, 3.0) AS rank
                FROM article_fts JOIN article a ON a.rowid = article_fts.rowid
                WHERE article_fts MATCH ? AND a.deleted = 0
                """
            var arguments: StatementArguments = [search.match]
            if let tag = search.tag {
                sql += " AND EXISTS (SELECT 1 FROM article_tag t WHERE t.article_id = a.id AND t.tag = ?)"
                arguments += [tag]
            }
            sql += " ORDER BY rank LIMIT 50"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).count
        }
    }

    /// The first 50 unread articles, newest first.
    func list() throws -> Int {
        try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, url, title, site, saved_at, progress, read_at, archived, favorite, word_count, status, tags
                FROM article WHERE deleted = 0 AND archived = 0 ORDER BY saved_at DESC, id LIMIT 50
                """).count
        }
    }

    /// The file size after a checkpoint, in bytes.
    func size() throws -> Int {
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return try queue.read { db in (try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096) }
    }
}
