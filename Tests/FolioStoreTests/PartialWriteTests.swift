import FolioModel
@testable import FolioStore
import Foundation
import GRDB
import Testing

/// One-field edits (issue 14): a progress change, a flag, a title or a trash must not load and
/// decompress the article's content or rewrite its tag rows, and must leave exactly the state
/// the full load-and-rewrite path leaves.
@Suite struct PartialWriteTests {
    /// The SQL a database runs, as GRDB's trace reports it.
    final class StatementLog: @unchecked Sendable {
        private let lock = NSLock()
        private var statements: [String] = []

        func append(_ sql: String) { lock.withLock { statements.append(sql) } }
        func take() -> [String] { lock.withLock { defer { statements = [] }; return statements } }
    }

    /// A database in memory on an injected `DatabaseQueue`, tracing every statement into `log`.
    static func traced(_ log: StatementLog, replica: ReplicaID = ReplicaID(rawValue: 7)) throws -> FolioDatabase {
        var configuration = FolioDatabase.configuration
        configuration.prepareDatabase { db in db.trace { log.append($0.expandedDescription) } }
        return try FolioDatabase(writer: try DatabaseQueue(configuration: configuration), newReplicaID: replica)
    }

    /// A long article (about 600 KB of text, stored compressed) with three tags.
    static func longArticle() throws -> Article {
        let url = try CanonicalURL("https://example.com/long")
        let text = (0..<60_000).map { "word\($0)" }.joined(separator: " ")
        return Article(id: url.articleID, url: url.string, title: "Long", content: ArticleContent(byline: nil, siteName: nil, html: "<p>\(text)</p>", text: text),
                       savedAt: Date(timeIntervalSince1970: 1_700_000_000), tags: ["a", "b", "c"])
    }

    /// A statement that reads every register of a record, the content among them.
    static func loadsWholeRecord(_ sql: String) -> Bool {
        sql.hasPrefix("SELECT") && sql.contains("FROM register WHERE record =") && !sql.contains("json_each")
    }

    @Test func oneFieldEditsLoadOnlyTheirFields() throws {
        let log = StatementLog()
        let database = try Self.traced(log)
        let article = try Self.longArticle()
        try database.save(article)
        _ = log.take()

        let edits: [(name: String, run: () throws -> Void)] = [
            ("progress", { try database.setProgress(0.4, on: article.id) }),
            ("done", { try database.markDone(article.id) }),
            ("unread", { try database.markUnread(article.id) }),
            ("favourite", { try database.set(Field.favorite, to: .bool(true), on: article.id) }),
            ("archive", { try database.set(Field.archived, to: .bool(false), on: article.id) }),
            ("title", { try database.edit(article.id, title: "Renamed") }),
            ("trash", { try database.trash(article.id) }),
            ("restore", { try database.restore(article.id) }),
        ]
        for edit in edits {
            try edit.run()
            let statements = log.take()
            #expect(statements.contains { $0.contains("json_each") }, "\(edit.name) loads its registers by field")
            #expect(!statements.contains(where: Self.loadsWholeRecord), "\(edit.name) does not load the whole record: \(statements.filter(Self.loadsWholeRecord))")
            #expect(!statements.contains { $0.contains("article_tag") }, "\(edit.name) leaves the tag rows alone")
            #expect(!statements.contains { $0.contains("INSERT INTO article (") }, "\(edit.name) updates only its columns")
            #expect(!statements.contains { $0.contains("UPDATE register") && $0.contains("'content'") }, "\(edit.name) does not rewrite the content")
        }
        // Only the title is in the search index, so only the title edit reads the text again (for FTS5).
        let saved = try #require(try database.article(article.id))
        #expect(saved.title == "Renamed" && saved.progress == 0 && saved.readAt == nil && saved.isArchived == false && saved.isFavorite)
        #expect(saved.tags == ["a", "b", "c"] && saved.content == article.content)
        #expect(try database.search(SearchQuery("renamed"), limit: 5).map(\.article.id) == [article.id])
        #expect(try database.search(SearchQuery("long"), limit: 5).isEmpty)
    }

    /// The one-field path writes the same registers, vector and row as the full path: two
    /// replicas with the same id, one edited each way, end in the same state.
    @Test func partialWritesMatchFullWrites() throws {
        let article = try Self.longArticle()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let partial = try Self.traced(StatementLog()), full = try Self.traced(StatementLog())
        for database in [partial, full] { try database.save(article, now: now) }

        try partial.setProgress(0.5, on: article.id, now: now)
        try partial.set(Field.favorite, to: .bool(true), on: article.id, now: now)
        try partial.markDone(article.id, now: now)
        try partial.trash(article.id, now: now)
        try partial.set(Field.note, to: .string("a note"), on: article.id, now: now)

        try full.change(article.id, kind: .article, now: now) { _ in [(Field.progress, .number(0.5)), (Field.readAt, .null)] }
        try full.change(article.id, kind: .article, now: now) { _ in [(Field.favorite, .bool(true))] }
        try full.change(article.id, kind: .article, now: now) { _ in
            [(Field.progress, .number(1)), (Field.readAt, .string(JSONCoding.formatDate(now))), (Field.archived, .bool(true))]
        }
        try full.change(article.id, kind: .article, now: now) { _ in [(Field.trashedAt, .string(JSONCoding.formatDate(now)))] }
        try full.change(article.id, kind: .article, now: now) { _ in [(Field.note, .string("a note"))] }

        #expect(try partial.record(article.id) == full.record(article.id))
        #expect(try partial.list(ArticleFilter(states: [.trashed])) == full.list(ArticleFilter(states: [.trashed])))
        #expect(try partial.replicaInfo().knowledge == full.replicaInfo().knowledge)
        try partial.restore(article.id, now: now)
        #expect(try partial.search(SearchQuery("note"), limit: 5).map(\.article.id) == [article.id], "the note is indexed")
    }

    /// A one-field edit of an article deleted for good, or of no article, is refused.
    @Test func oneFieldEditsNeedALiveArticle() throws {
        let database = try Self.traced(StatementLog())
        let article = try Self.longArticle()
        try database.save(article)
        try database.delete(article.id)
        #expect(throws: StoreError.self) { try database.setProgress(0.5, on: article.id) }
        #expect(throws: StoreError.self) { try database.set(Field.favorite, to: .bool(true), on: UUID()) }
    }

    /// A refetch, awaited by async commands, replaces the content and keeps a real title.
    @Test func refetchReplacesTheContent() async throws {
        let database = try Self.traced(StatementLog())
        let article = try Self.longArticle()
        try database.save(article)
        let fresh = ArticleContent(byline: nil, siteName: nil, html: "<p>new text</p>", text: "new text")
        let refetched = try await database.refetched(article.id, content: fresh, pageTitle: "Page title")
        #expect(refetched.content.text == "new text" && refetched.title == "Long", "a real title is kept")
        #expect(try database.article(article.id)?.content.text == "new text")
    }
}
