import FolioModel
import Foundation
import GRDB

/// Keeps the queryable view (`article`, `article_tag`, `highlight`, `article_fts`) in step with
/// record states, inside the same transaction as the registers.
enum Materializer {
    static func update(_ db: Database, _ state: RecordState) throws {
        switch state.kind {
        case .article: try updateArticle(db, Article(state: state))
        case .highlight: try updateHighlight(db, Highlight(state: state))
        }
    }

    static func updateArticle(_ db: Database, _ article: Article) throws {
        let id = RecordStorage.key(article.id)
        try db.cachedStatement(sql: """
                INSERT INTO article (id, url, title, site, saved_at, progress, read_at, archived, favorite, deleted, word_count, status, tags)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET url = excluded.url, title = excluded.title, site = excluded.site,
                    saved_at = excluded.saved_at, progress = excluded.progress, read_at = excluded.read_at,
                    archived = excluded.archived, favorite = excluded.favorite, deleted = excluded.deleted,
                    word_count = excluded.word_count, status = excluded.status, tags = excluded.tags
                """).execute(arguments: [
                id, article.url, article.title, article.site, article.savedAt.timeIntervalSince1970, article.progress,
                article.readAt?.timeIntervalSince1970, article.isArchived, article.isFavorite, article.isDeleted,
                article.content.wordCount, statusName(article.content.status), article.tags.joined(separator: "\u{1F}"),
            ])
        try db.cachedStatement(sql: "DELETE FROM article_tag WHERE article_id = ?").execute(arguments: [id])
        if !article.isDeleted {
            for key in Set(article.tags.map(Tag.normalize)) {
                try db.cachedStatement(sql: "INSERT INTO article_tag (article_id, tag) VALUES (?, ?)").execute(arguments: [id, key])
            }
        }
        try updateSearchIndex(db, articleKey: id, article: article)
    }

    static func updateHighlight(_ db: Database, _ highlight: Highlight) throws {
        let article = RecordStorage.key(highlight.articleID)
        try db.cachedStatement(sql: """
                INSERT INTO highlight (id, article_id, quote, note, position, created_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET article_id = excluded.article_id, quote = excluded.quote, note = excluded.note,
                    position = excluded.position, created_at = excluded.created_at, deleted = excluded.deleted
                """).execute(arguments: [RecordStorage.key(highlight.id), article, highlight.quote, highlight.note, highlight.position,
                        highlight.createdAt.timeIntervalSince1970, highlight.isDeleted])
        if let state = try RecordStorage.load(db, id: highlight.articleID) {
            try updateSearchIndex(db, articleKey: article, article: Article(state: state))
        }
    }

    /// Replaces the article's full-text row; deleted articles have none.
    static func updateSearchIndex(_ db: Database, articleKey: String, article: Article) throws {
        guard let rowid = try Int64.fetchOne(db.cachedStatement(sql: "SELECT rowid FROM article WHERE id = ?"), arguments: [articleKey]) else { return }
        try db.cachedStatement(sql: "DELETE FROM article_fts WHERE rowid = ?").execute(arguments: [rowid])
        guard !article.isDeleted else { return }
        let highlights = try String.fetchAll(db.cachedStatement(sql: "SELECT quote || ' ' || note FROM highlight WHERE article_id = ? AND deleted = 0"), arguments: [articleKey])
        try db.cachedStatement(sql: "INSERT INTO article_fts (rowid, title, byline, site, text, note, highlights) VALUES (?, ?, ?, ?, ?, ?, ?)").execute(arguments: [rowid, article.title, article.content.byline ?? "", article.site, article.content.text, article.note,
                        highlights.joined(separator: "\n")])
    }

    static func statusName(_ status: ContentStatus) -> String {
        switch status {
        case .complete: "complete"
        case .pending: "pending"
        case .linkOnly: "link"
        }
    }
}
