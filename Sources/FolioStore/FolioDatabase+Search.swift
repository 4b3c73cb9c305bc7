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
    /// newest ``rankingWindow`` are not ranked. A query with no words to match lists the
    /// articles its operators and exclusions select, newest first.
    public func search(_ query: SearchQuery, limit: Int = 50) throws -> [SearchHit] {
        guard let match = query.matchExpression else {
            var (conditions, arguments) = Self.conditions(of: query, withTags: true)
            if let excluded = query.exclusionExpression {
                conditions.append("a.rowid NOT IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)")
                arguments += [excluded]
            }
            let sql = "SELECT \(ArticleSummary.columns) FROM article a WHERE \(conditions.joined(separator: " AND ")) ORDER BY a.saved_at DESC LIMIT \(limit)"
            return try read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).map { SearchHit(article: ArticleSummary(row: $0), snippet: "", rank: 0) }
            }
        }
        let (allConditions, arguments) = Self.conditions(of: query, withTags: false)
        // The index holds live articles only, so a tag filter is a set of its row numbers (the
        // unary plus keeps SQLite from turning the set into one index lookup per row); other
        // filters need the article row. Matches are read newest first and ranked by bm25 in the
        // same pass, at most `rankingWindow` of them: bm25 costs about a microsecond per match,
        // and a word found in a third of a large library would otherwise take tens of ms.
        var filters = ["article_fts MATCH ?"]
        var filterArguments: StatementArguments = [match]
        for tag in query.tags {
            filters.append("+article_fts.rowid IN (SELECT article FROM article_tag WHERE tag = ?)")
            filterArguments += [tag]
        }
        for tag in query.excludedTags {
            filters.append("+article_fts.rowid NOT IN (SELECT article FROM article_tag WHERE tag = ?)")
            filterArguments += [tag]
        }
        // Hiding the trash would join every match to its article row. The trash is small, so
        // the window is widened by its size instead and its articles dropped from it after.
        let hidesTrash = allConditions.contains(Self.notTrashed)
        return try read { db in
            var conditions = allConditions.filter { $0 != Self.notTrashed }
            var trashed = Set<Int64>()
            if hidesTrash {
                trashed = Set(try Int64.fetchAll(db.cachedStatement(sql: Self.trashSetSQL), arguments: [trashSetLimit + 1]))
                if trashed.count > trashSetLimit {
                    trashed = []
                    conditions.append(Self.notTrashed)
                }
            }
            // The first condition is `a.deleted = 0`, which every indexed article meets.
            let join = conditions.count > 1 ? "JOIN article a ON a.rowid = article_fts.rowid" : ""
            var terms = filters, termArguments = filterArguments
            if conditions.count > 1 {
                terms += conditions
                termArguments += arguments
            }
            let candidates = """
                SELECT article_fts.rowid AS rowid, bm25(article_fts, 10.0, 2.0, 2.0, 1.0, 4.0, 3.0) AS rank
                FROM article_fts \(join) WHERE \(terms.joined(separator: " AND "))
                ORDER BY article_fts.rowid DESC LIMIT \(rankingWindow + trashed.count)
                """
            // Sorting is stable: equal ranks keep the newer article first.
            let ranks = try Row.fetchAll(db, sql: candidates, arguments: termArguments)
                .lazy.map { ($0[0] as Int64, $0[1] as Double) }
                .filter { !trashed.contains($0.0) }
                .prefix(rankingWindow)
                .sorted { $0.1 < $1.1 }
                .prefix(limit)
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


    /// The articles a search drops from its matches by row number: the live ones in the trash,
    /// through their partial index. The index is named: left to itself, the planner takes
    /// `article_saved` for `deleted = 0` and reads every live article (200 ms a search at 100,000).
    static let trashSetSQL = "SELECT rowid FROM article INDEXED BY article_in_trash WHERE trashed_at IS NOT NULL AND deleted = 0 LIMIT ?"

    /// The condition that hides the trash (see ``trashSetLimit``).
    static let notTrashed = ArticleState.trashed.negatedSQLCondition

    /// The conditions on the article row (alias `a`) of the query's operators, the first being
    /// `a.deleted = 0`; its tags only `withTags` (a text search filters them in the index).
    static func conditions(of query: SearchQuery, withTags: Bool) -> (sql: [String], arguments: StatementArguments) {
        let filter = ArticleFilter(states: query.states, tags: withTags ? query.tags : [], excludedTags: withTags ? query.excludedTags : [], site: query.site)
        let (conditions, arguments) = filter.conditions()
        return (conditions + query.excludedStates.map(\.negatedSQLCondition), arguments)
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
