import FolioModel
@testable import FolioStore
import Foundation
import GRDB
import Testing

/// Schema v2: large values stored compressed, and a full-text index that reads its text through
/// the `article_search` view instead of keeping a copy.
@Suite struct CompactStorageTests {
    static let longText = (1...80).map { "Paragraph \($0) about the zeppelin archive and its curious keepers." }.joined(separator: "\n\n")

    func storedType(_ temp: TemporaryDatabase, field: String) throws -> String? {
        try DatabaseQueue(path: temp.database.path).read { db in
            try String.fetchOne(db, sql: "SELECT typeof(value) FROM register WHERE field = ?", arguments: [field])
        }
    }

    @Test func largeValuesAreCompressedAndReadBack() throws {
        let temp = try TemporaryDatabase()
        let article = try temp.save("https://example.com/long", title: "Long read", text: Self.longText)
        #expect(try storedType(temp, field: Field.content) == "blob")
        #expect(try storedType(temp, field: Field.title) == "text")
        let loaded = try #require(try temp.database.article(article.id))
        #expect(loaded.content.text == Self.longText)
        #expect(loaded.content.html == "<p>\(Self.longText)</p>")
        // What a peer receives is the value itself, not its stored form.
        let sent = try temp.database.changes(notCoveredBy: VersionVector()).records.first { $0.id == article.id }
        #expect(sent.flatMap { Article(state: $0) }?.content.text == Self.longText)
    }

    /// A pull page's values compressed before its write transaction (``PreparedValues``) are
    /// stored and read back like values compressed inside it; a prepared value is used only for
    /// the very value it was made from.
    @Test func preparedValuesAreStoredLikeAnyOther() async throws {
        let source = try TemporaryDatabase()
        let article = try source.save("https://example.com/long", title: "Long read", text: Self.longText)
        let records = try source.database.changes(notCoveredBy: VersionVector()).records
        let page = FolioDatabase.IncomingPage(
            records: records, news: FolioDatabase.PeerNews(serverTime: Date(), names: [:], conflicts: []),
            conflictSeq: 0, cursor: nil, peerKnowledge: try source.database.replicaInfo().knowledge)
        let target = try TemporaryDatabase()
        _ = try await target.database.applyIncoming(page, from: "server")
        #expect(try storedType(target, field: Field.content) == "blob")
        #expect(try target.database.article(article.id)?.content.text == Self.longText)
        #expect(try target.database.search(SearchQuery("zeppelin")).map(\.article.id) == [article.id])
        try target.database.verifySearchIndex()

        let content = try #require(records.first { $0.id == article.id }?.registers.first { $0.field == Field.content })
        var other = content
        other.value = .string(Self.longText + " and one more line")
        let stored = page.prepared.stored(other, of: article.id)
        #expect(try StoredValue.decode(stored) == other.value, "not the prepared value of the same field and dot")
        #expect(try StoredValue.decode(page.prepared.stored(content, of: article.id)) == content.value)
    }

    /// A damaged compressed value is a damaged library (with the ways back), for that article only.
    @Test func damagedCompressedValueIsAClearError() throws {
        let temp = try TemporaryDatabase()
        let damaged = try temp.save("https://example.com/damaged", title: "Damaged", text: Self.longText)
        let intact = try temp.save("https://example.com/intact", title: "Intact", text: Self.longText)
        try DatabaseQueue(path: temp.database.path).write { db in
            try db.execute(sql: """
                UPDATE register SET value = substr(value, 1, 20) -- a truncated zstd frame, still a blob
                WHERE field = 'content' AND record = (SELECT rowid FROM record WHERE id = ?)
                """, arguments: [RecordStorage.key(damaged.id)])
        }
        #expect(try DatabaseQueue(path: temp.database.path).read { db in try String.fetchOne(db, sql: "SELECT typeof(value) FROM register WHERE field = 'content' AND length(value) = 20") } == "blob")
        #expect(throws: StoreError.damaged(path: temp.database.path, reason: "a compressed value in the database is corrupt")) { try temp.database.article(damaged.id) }
        #expect(try temp.database.article(intact.id)?.content.text == Self.longText)
    }

    /// Every kind of change keeps the index equal to what it indexes, and searches see it.
    @Test func indexFollowsEveryChange() throws {
        let temp = try TemporaryDatabase()
        let database = temp.database
        func found(_ words: String) throws -> [UUID] { try database.search(SearchQuery(words)).map(\.article.id) }
        let article = try temp.save("https://example.com/z", title: "Airships", text: Self.longText)
        let other = try temp.save("https://example.com/o", title: "Other", text: "nothing to see")
        try database.verifySearchIndex()
        #expect(try found("zeppelin") == [article.id])

        try database.setProgress(0.5, on: article.id)
        try database.set(Field.title, to: .string("Dirigibles"), on: article.id)
        try database.set(Field.note, to: .string("ask about the hangar"), on: article.id)
        let highlight = Highlight(articleID: other.id, quote: "quiet lighthouse", note: "lovely")
        try database.addHighlight(highlight)
        try database.verifySearchIndex()
        #expect(try found("dirigibles") == [article.id] && found("airships").isEmpty)
        #expect(try found("hangar") == [article.id] && found("lighthouse") == [other.id])
        let snippet = try #require(try database.search(SearchQuery("keepers")).first?.snippet)
        #expect(snippet.contains(SearchHit.matchStart + "keepers" + SearchHit.matchEnd))

        try database.change(highlight.id, kind: .highlight) { _ in [(Field.deleted, .bool(true))] }
        try database.delete(article.id)
        try database.verifySearchIndex()
        #expect(try found("lighthouse").isEmpty && found("zeppelin").isEmpty)

        try temp.save("https://example.com/z", title: "Airships again", text: Self.longText)
        try database.verifySearchIndex()
        #expect(try found("zeppelin") == [article.id])
    }

    /// A database written by schema v1 (text values, FTS5 with its own copy) is converted on
    /// open and loses nothing.
    @Test func migratesAVersionOneDatabase() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("folio-v1-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("folio.sqlite").path
        let id = try CanonicalURL("https://example.com/v1").articleID
        let key = RecordStorage.key(id)
        let content = try JSONValue(encoding: ArticleContent(byline: "Ada", html: "<p>\(Self.longText)</p>", text: Self.longText))
        do {
            let queue = try DatabaseQueue(path: path)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in try db.execute(sql: Schema.v1) }
            try migrator.migrate(queue)
            try queue.write { db in
                try db.execute(sql: "INSERT INTO replica VALUES (1, 7, 1, 1000, '2026-01-01T00:00:00.000Z')")
                try db.execute(sql: "INSERT INTO knowledge VALUES (7, 1)")
                try db.execute(sql: #"INSERT INTO record VALUES (?, 'article', '{"0000000000000007":1}')"#, arguments: [key])
                for (field, value) in [(Field.url, JSONValue.string("https://example.com/v1")), (Field.title, .string("Old title")), (Field.content, content)] {
                    try db.execute(sql: "INSERT INTO register VALUES (?, ?, 7, 1, 1000, ?)", arguments: [key, field, value.canonicalJSON])
                }
                try db.execute(sql: """
                    INSERT INTO article (rowid, id, url, title, site, saved_at, progress, archived, favorite, deleted, word_count, status, tags)
                    VALUES (1, ?, 'https://example.com/v1', 'Old title', 'example.com', 0, 0, 0, 0, 0, 880, 'complete', '')
                    """, arguments: [key])
                try db.execute(sql: "INSERT INTO article_fts (rowid, title, byline, site, text, note, highlights) VALUES (1, 'Old title', 'Ada', 'example.com', ?, '', '')",
                               arguments: [Self.longText])
                try db.execute(sql: "INSERT INTO article_tag (article_id, tag) VALUES (?, 'news')", arguments: [key])
            }
        }
        let database = try FolioDatabase(path: path)
        try database.verifySearchIndex()
        #expect(try database.search(SearchQuery("zeppelin")).map(\.article.id) == [id])
        #expect(try database.search(SearchQuery("ada")).map(\.article.id) == [id])
        #expect(try database.search(SearchQuery("zeppelin tag:news")).map(\.article.id) == [id])
        #expect(try database.list(ArticleFilter(states: [], tags: ["news"])).map(\.id) == [id])
        #expect(try database.article(id)?.content.text == Self.longText)
        #expect(try database.replicaInfo().counter == 1)
        let types = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT typeof(value) FROM register ORDER BY field")
        }
        #expect(types == ["blob", "text", "text"])
    }

    /// Shipped migrations are frozen: databases in the field were built by exactly this text.
    @Test func shippedMigrationsAreUnchanged() {
        func fingerprint(_ sql: String) -> (bytes: Int, hash: UInt64) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in sql.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return (sql.utf8.count, hash)
        }
        #expect(fingerprint(Schema.v1) == (3356, 0x0f59_c401_cce9_5b53), "Schema.v1 was edited: add a new migration instead")
        #expect(fingerprint(Schema.v2) == (3133, 0x4fe9_0159_58aa_75ff), "Schema.v2 was edited: add a new migration instead")
    }

    /// New files get 8 KiB pages and incremental auto-vacuum, and compacting the index keeps it
    /// whole and leaves no free pages behind.
    @Test func newFilesAreLaidOutForCompaction() throws {
        let temp = try TemporaryDatabase()
        for index in 0..<30 { try temp.save("https://example.com/\(index)", title: "T\(index)", text: Self.longText) }
        try temp.database.compactSearchIndex()
        try temp.database.verifySearchIndex()
        #expect(try temp.database.search(SearchQuery("zeppelin")).count == 30)
        let (pageSize, autoVacuum, free) = try DatabaseQueue(path: temp.database.path).read { db in
            (try Int.fetchOne(db, sql: "PRAGMA page_size"), try Int.fetchOne(db, sql: "PRAGMA auto_vacuum"), try Int.fetchOne(db, sql: "PRAGMA freelist_count"))
        }
        #expect(pageSize == 8192 && autoVacuum == 2 && free == 0)
    }

    /// Index rows written in one transaction land in one FTS5 segment. A statement that opens a
    /// savepoint (`INSERT … SELECT`, `RETURNING`) makes FTS5 flush one segment per article,
    /// which made applying a pull three times slower.
    @Test func oneTransactionWritesOneIndexSegment() throws {
        let temp = try TemporaryDatabase()
        let changes = (0..<40).map { index in
            let article = Article(id: UUID(), url: "https://example.com/\(index)", title: "Title \(index)",
                                  content: ArticleContent(html: "<p>words \(index)</p>", text: "words \(index)"), savedAt: Date(), tags: ["t\(index % 3)"])
            return LocalChange(id: article.id, kind: .article) { _ in article.savedFields() }
        }
        #expect(try temp.database.change(batch: changes) == 40)
        let segments = try DatabaseQueue(path: temp.database.path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(DISTINCT segid) FROM article_fts_idx")
        }
        #expect(segments == 1)
        #expect(try temp.database.search(SearchQuery("words tag:t1")).count == 13)
        // Changing indexed fields of all of them in one transaction adds one more segment.
        let retitles = changes.map { change in LocalChange(id: change.id, kind: .article) { _ in [(Field.title, .string("Renamed")), (Field.note, .string("noted"))] } }
        #expect(try temp.database.change(batch: retitles) == 40)
        let after = try DatabaseQueue(path: temp.database.path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(DISTINCT segid) FROM article_fts_idx")
        }
        #expect(after ?? 0 <= 2)
        #expect(try temp.database.search(SearchQuery("renamed noted")).count == 40)
        try temp.database.verifySearchIndex()
    }
}
