import FolioModel
import Foundation
import GRDB

/// Which articles a listing shows and in what order.
public struct ArticleFilter: Sendable, Equatable {
    public enum Sort: String, Sendable, CaseIterable {
        case saved, title, progress
    }

    /// State words every article shown must have (``ArticleState``); none shows every article.
    /// Articles in the trash are shown only when `trashed` is among them.
    public var states: [ArticleState]
    /// Every one of these tags (normalised keys) must be present.
    public var tags: [String]
    /// None of these tags may be present.
    public var excludedTags: [String]
    public var site: String?
    public var sort: Sort
    public var limit: Int?

    /// A filter; the default shows the inbox (articles neither archived nor trashed).
    public init(states: [ArticleState] = [.inbox], tags: [String] = [], excludedTags: [String] = [], site: String? = nil, sort: Sort = .saved, limit: Int? = nil) {
        self.states = states
        self.tags = tags.map(Tag.normalize)
        self.excludedTags = excludedTags.map(Tag.normalize)
        self.site = site
        self.sort = sort
        self.limit = limit
    }

    /// SQL conditions on table alias `a`, with their arguments.
    func conditions() -> (sql: [String], arguments: StatementArguments) {
        var sql = ["a.deleted = 0"]
        if !states.contains(.trashed) { sql.append(ArticleState.trashed.negatedSQLCondition) }
        sql += states.map(\.sqlCondition)
        var arguments = StatementArguments()
        for tag in tags {
            sql.append("a.rowid IN (SELECT article FROM article_tag WHERE tag = ?)")
            arguments += [tag]
        }
        for tag in excludedTags {
            sql.append("a.rowid NOT IN (SELECT article FROM article_tag WHERE tag = ?)")
            arguments += [tag]
        }
        if let site {
            sql.append("(a.site LIKE ? OR a.url LIKE ?)")
            arguments += ["%\(site)%", "%://%\(site)%"]
        }
        return (sql, arguments)
    }

    var orderBy: String {
        switch sort {
        case .saved: "a.saved_at DESC, a.id"
        case .title: "a.title COLLATE NOCASE, a.id"
        case .progress: "a.progress DESC, a.saved_at DESC, a.id"
        }
    }
}

/// One row of a listing: what a table of articles shows, without the article text.
public struct ArticleSummary: Sendable, Equatable, Codable {
    public var id: UUID
    public var url: String
    public var title: String
    public var site: String
    public var savedAt: Date
    public var progress: Double
    public var readAt: Date?
    public var isArchived: Bool
    public var isFavorite: Bool
    public var wordCount: Int
    public var status: String
    public var tags: [String]
    /// When the article was moved to the trash; nil when it is not in the trash.
    public var trashedAt: Date?

    /// Minutes to read at 230 words a minute.
    public var readingMinutes: Int { wordCount == 0 ? 0 : max(1, Int((Double(wordCount) / 230).rounded())) }

    /// The state words that describe this article (see ``ArticleState``).
    public var states: [ArticleState] {
        ArticleState.words(progress: progress, readAt: readAt, isArchived: isArchived, isFavorite: isFavorite, isTrashed: trashedAt != nil)
    }

    static let columns = "a.id, a.url, a.title, a.site, a.saved_at, a.progress, a.read_at, a.archived, a.favorite, a.word_count, a.status, a.tags, a.trashed_at"

    init(row: Row) {
        id = UUID(uuidString: row["id"]) ?? Highlight.noArticle
        url = row["url"]
        title = row["title"]
        site = row["site"]
        savedAt = Date(timeIntervalSince1970: row["saved_at"])
        progress = row["progress"]
        readAt = (row["read_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        isArchived = row["archived"]
        isFavorite = row["favorite"]
        wordCount = row["word_count"]
        status = row["status"]
        let tagText: String = row["tags"]
        tags = tagText.isEmpty ? [] : tagText.components(separatedBy: "\u{1F}")
        trashedAt = (row["trashed_at"] as Double?).map(Date.init(timeIntervalSince1970:))
    }
}

extension FolioDatabase {
    /// The articles a filter selects, in its order.
    public func list(_ filter: ArticleFilter) throws -> [ArticleSummary] {
        let (conditions, arguments) = filter.conditions()
        var sql = "SELECT \(ArticleSummary.columns) FROM article a WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(filter.orderBy)"
        if let limit = filter.limit { sql += " LIMIT \(max(0, limit))" }
        return try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(ArticleSummary.init(row:)) }
    }

    /// The full article, or nil if unknown. Deleted articles are returned as tombstones.
    public func article(_ id: UUID) throws -> Article? {
        try read { db in try RecordStorage.load(db, id: id).map(Article.init(state:)) }
    }

    /// The synced state of any record.
    public func record(_ id: UUID) throws -> RecordState? {
        try read { db in try RecordStorage.load(db, id: id) }
    }

    /// The live highlights of an article, in text order.
    public func highlights(of articleID: UUID) throws -> [Highlight] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT id FROM highlight WHERE article_id = ? AND deleted = 0 ORDER BY position, created_at", arguments: [RecordStorage.key(articleID)])
                .compactMap { UUID(uuidString: $0) }
                .compactMap { try RecordStorage.load(db, id: $0).map(Highlight.init(state:)) }
        }
    }

    /// Every live article and highlight, in full (for export).
    public func library(_ filter: ArticleFilter = ArticleFilter(states: [])) throws -> (articles: [Article], highlights: [Highlight]) {
        let ids = try list(filter).map(\.id)
        let articles = try read { db in try ids.compactMap { try RecordStorage.load(db, id: $0).map(Article.init(state:)) } }
        let highlights = try ids.flatMap { try self.highlights(of: $0) }
        return (articles, highlights)
    }

    /// Resolves a unique prefix of an article id (hyphens optional, any case), as git does for commits.
    public func resolve(_ prefix: String) throws -> UUID {
        let cleaned = prefix.lowercased().filter { $0 != "-" }
        guard !cleaned.isEmpty, cleaned.count <= 32, cleaned.allSatisfy(\.isHexDigit) else { throw StoreError.invalidID(prefix) }
        var hyphenated = ""
        for (offset, character) in cleaned.enumerated() {
            if [8, 12, 16, 20].contains(offset) { hyphenated.append("-") }
            hyphenated.append(character)
        }
        let matches = try read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM article WHERE id >= ? AND id < ? AND deleted = 0 LIMIT 6",
                arguments: [hyphenated, hyphenated + "g"])
        }
        switch matches.count {
        case 0: throw StoreError.notFound(prefix)
        case 1: return UUID(uuidString: matches[0]) ?? Highlight.noArticle
        default: throw StoreError.ambiguous(prefix: prefix, candidates: matches.map { String($0.filter { $0 != "-" }.prefix(cleaned.count + 2)) })
        }
    }

    /// How many articles each state word describes, for `folio status`.
    public func counts() throws -> LibraryCounts {
        let states = ArticleState.allCases
        let columns = states.map { state in
            "count(*) FILTER (WHERE \(state == .trashed ? "" : ArticleState.trashed.negatedSQLCondition + " AND ")\(state.sqlCondition))"
        }
        return try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT count(*) FILTER (WHERE \(ArticleState.trashed.negatedSQLCondition)),
                       count(*) FILTER (WHERE \(ArticleState.trashed.negatedSQLCondition) AND a.status = 'pending'),
                       \(columns.joined(separator: ", "))
                FROM article a WHERE a.deleted = 0
                """)
            var counts = LibraryCounts(total: row?[0] ?? 0, pending: row?[1] ?? 0)
            for (index, state) in states.enumerated() { counts.states[state] = row?[index + 2] ?? 0 }
            return counts
        }
    }
}

/// What `folio status` counts, in the words of ``ArticleState``.
public struct LibraryCounts: Sendable, Equatable {
    /// Articles outside the trash.
    public var total: Int
    /// Articles outside the trash whose page has not been fetched yet.
    public var pending: Int
    /// How many articles each word describes: articles in the trash count only as `trashed`.
    public var states: [ArticleState: Int] = [:]

    /// How many articles `state` describes.
    public subscript(state: ArticleState) -> Int { states[state] ?? 0 }
}
