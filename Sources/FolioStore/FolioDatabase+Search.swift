import FolioModel
import Foundation
import GRDB

/// One search result: the article, its relevance rank (lower is better) and a snippet whose
/// matches are wrapped in ``SearchHit/matchStart`` and ``SearchHit/matchEnd``.
public struct SearchHit: Sendable, Equatable {
    public var article: ArticleSummary
    public var snippet: String
    public var rank: Double

    /// Private-use markers around matched words in snippets, replaced by the CLI with bold or brackets.
    public static let matchStart = "\u{E000}"
    public static let matchEnd = "\u{E001}"
}

extension FolioDatabase {
    /// Full-text search over title, byline, site, text, note and highlights, ranked by bm25
    /// (title matches weigh most), with filters applied in the same query. Matches beyond the
    /// newest ``rankingWindow`` are not ranked.
    public func search(_ query: SearchQuery, limit: Int = 50) throws -> [SearchHit] {
        var filter = ArticleFilter(state: .all, site: query.site)
        filter.tags = query.tags
        filter.excludedTags = query.excludedTags
        var (conditions, arguments) = filter.conditions()
        if let archived = query.archived { conditions.append("a.archived = \(archived ? 1 : 0)") }
        if let read = query.read { conditions.append(read ? "a.read_at IS NOT NULL" : "a.read_at IS NULL") }
        if let favorite = query.favorite { conditions.append("a.favorite = \(favorite ? 1 : 0)") }
        guard let match = query.matchExpression else {
            let sql = "SELECT \(ArticleSummary.columns) FROM article a WHERE \(conditions.joined(separator: " AND ")) ORDER BY a.saved_at DESC LIMIT \(limit)"
            return try read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).map { SearchHit(article: ArticleSummary(row: $0), snippet: "", rank: 0) }
            }
        }
        // Rank first, then make snippets for the shown rows only: snippet() is costly, and SQLite
        // would otherwise compute it for every match before sorting. bm25 itself costs about a
        // microsecond per match, so a word found in a third of a large library is ranked among
        // its newest `rankingWindow` matches only (rows are numbered as articles arrive).
        let matches = "FROM article_fts JOIN article a ON a.rowid = article_fts.rowid WHERE article_fts MATCH ? AND \(conditions.joined(separator: " AND "))"
        let windowStart = "SELECT article_fts.rowid \(matches) ORDER BY article_fts.rowid DESC LIMIT 1 OFFSET \(rankingWindow - 1)"
        let ranked = """
            SELECT article_fts.rowid AS rowid, bm25(article_fts, 10.0, 2.0, 2.0, 1.0, 4.0, 3.0) AS rank
            \(matches) AND article_fts.rowid >= ?
            ORDER BY rank LIMIT \(limit)
            """
        return try read { db in
            let start = try Int64.fetchOne(db, sql: windowStart, arguments: [match] + arguments) ?? Int64.min
            let ranks = try Row.fetchAll(db, sql: ranked, arguments: [match] + arguments + [start]).map { ($0["rowid"] as Int64, $0["rank"] as Double) }
            guard !ranks.isEmpty else { return [] }
            let shown = """
                SELECT a.rowid AS rowid, \(ArticleSummary.columns),
                       snippet(article_fts, -1, '\(SearchHit.matchStart)', '\(SearchHit.matchEnd)', '…', 16) AS snippet
                FROM article_fts JOIN article a ON a.rowid = article_fts.rowid
                WHERE article_fts MATCH ? AND article_fts.rowid IN (\(ranks.map { String($0.0) }.joined(separator: ",")))
                """
            var hits: [Int64: SearchHit] = [:]
            for row in try Row.fetchAll(db, sql: shown, arguments: [match]) {
                hits[row["rowid"]] = SearchHit(article: ArticleSummary(row: row), snippet: row["snippet"] ?? "", rank: 0)
            }
            return ranks.compactMap { rowid, rank in hits[rowid].map { SearchHit(article: $0.article, snippet: $0.snippet, rank: rank) } }
        }
    }
}

extension FolioDatabase {
    /// Merges the full-text index into one segment: after a large pull or import it holds many
    /// small ones, and merging them makes it about a sixth smaller. Takes a few seconds at
    /// 100,000 articles, so it is for after bulk work, not after every change.
    public func compactSearchIndex() throws {
        try write { db in
            try db.execute(sql: "INSERT INTO article_fts (article_fts) VALUES ('optimize')")
            try db.execute(sql: "PRAGMA incremental_vacuum")
        }
    }

    /// Checks that the full-text index matches the text it indexes (FTS5's integrity check
    /// against the `article_search` view); throws if it does not.
    public func verifySearchIndex() throws {
        // An INSERT to SQLite, though it writes nothing: it needs a write transaction.
        try write { db in try db.execute(sql: "INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 1)") }
    }
}
