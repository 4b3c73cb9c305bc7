import FolioModel
@testable import FolioStore
import Foundation
import GRDB
import Testing

@Suite struct FolioDatabaseTests {
    /// Opening an empty file migrates it and gives the replica an id; reopening keeps it.
    @Test func migratesFromEmptyAndKeepsReplicaID() throws {
        let temp = try TemporaryDatabase()
        let first = try temp.database.replicaInfo()
        #expect(first.counter == 0 && first.knowledge.isEmpty)
        let reopened = try FolioDatabase(path: temp.database.path)
        #expect(try reopened.replicaInfo().id == first.id)
    }

    /// Every local change takes one dot, and registers, vector and knowledge agree with it.
    @Test func localChangeRecordsOneDot() throws {
        let temp = try TemporaryDatabase()
        let article = try temp.save("https://example.com/a", title: "A", tags: ["Swift"])
        let info = try temp.database.replicaInfo()
        #expect(info.counter == 1)
        let state = try #require(try temp.database.record(article.id))
        #expect(Set(state.registers.map(\.dot)) == [Dot(replica: info.id, counter: 1)])
        #expect(state.vector == VersionVector([info.id: 1]))
        #expect(info.knowledge == VersionVector([info.id: 1]))

        try temp.database.set(Field.archived, to: .bool(true), on: article.id)
        let after = try temp.database.replicaInfo()
        #expect(after.counter == 2 && after.knowledge[info.id] == 2)
        #expect(after.clock.latest > info.clock.latest)
    }

    /// A change that changes nothing takes no dot.
    @Test func noOpChangeIsNotRecorded() throws {
        let temp = try TemporaryDatabase()
        let article = try temp.save("https://example.com/a", title: "A", tags: ["x"])
        #expect(try !temp.database.set(Field.archived, to: .bool(false), on: article.id))
        #expect(try !temp.database.retag(article.id, add: [Tag("x")!], remove: []))
        #expect(try temp.database.save(article).changed.isEmpty)
        #expect(try temp.database.replicaInfo().counter == 1)
    }

    @Test func deleteDropsContentAndResaveResurrects() throws {
        let temp = try TemporaryDatabase()
        let article = try temp.save("https://example.com/a", title: "A", text: "secret words")
        try temp.database.delete(article.id)
        let tombstone = try #require(try temp.database.article(article.id))
        #expect(tombstone.isDeleted && tombstone.content.text.isEmpty)
        #expect(try temp.database.list(ArticleFilter(states: [])).isEmpty)
        #expect(try temp.database.search(SearchQuery("secret")).isEmpty)
        #expect(throws: StoreError.self) { try temp.database.resolve(String(article.id.uuidString.prefix(8))) }
        try temp.save("https://example.com/a", title: "A again", text: "secret words")
        #expect(try temp.database.list(ArticleFilter(states: [])).map(\.title) == ["A again"])
    }

    @Test func resolvesUniquePrefixes() throws {
        let temp = try TemporaryDatabase()
        var ids: [UUID] = []
        for index in 0..<40 { ids.append(try temp.save("https://example.com/\(index)", title: "\(index)").id) }
        let full = ids[0].uuidString.lowercased()
        #expect(try temp.database.resolve(String(full.prefix(8))) == ids[0])
        #expect(try temp.database.resolve(full.uppercased()) == ids[0])
        #expect(try temp.database.resolve(full.replacingOccurrences(of: "-", with: "").prefix(14).description) == ids[0])
        #expect(throws: StoreError.invalidID("zz")) { try temp.database.resolve("zz") }
        // 40 ids share first hex digits often: some one-digit prefix must be ambiguous.
        let ambiguous = (0..<16).map { String($0, radix: 16) }.first { digit in ids.filter { $0.uuidString.lowercased().hasPrefix(digit) }.count > 1 }
        if let ambiguous {
            #expect { try temp.database.resolve(ambiguous) } throws: { ($0 as? StoreError).map { if case .ambiguous = $0 { true } else { false } } ?? false }
        }
    }

    @Test func listFiltersAndSorts() throws {
        let temp = try TemporaryDatabase()
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        let a = try temp.save("https://a.example/1", title: "Bravo", tags: ["Swift", "news"], at: t)
        let b = try temp.save("https://b.example/2", title: "alpha", tags: ["swift"], at: t.addingTimeInterval(10))
        let c = try temp.save("https://c.example/3", title: "Charlie", at: t.addingTimeInterval(20))
        try temp.database.set(Field.archived, to: .bool(true), on: c.id)
        try temp.database.set(Field.favorite, to: .bool(true), on: a.id)
        try temp.database.setProgress(0.5, on: b.id)
        #expect(try temp.database.list(ArticleFilter()).map(\.id) == [b.id, a.id])
        #expect(try temp.database.list(ArticleFilter(states: [.archived])).map(\.id) == [c.id])
        #expect(try temp.database.list(ArticleFilter(states: [.favorite])).map(\.id) == [a.id])
        #expect(try temp.database.list(ArticleFilter(states: [], sort: .title)).map(\.title) == ["alpha", "Bravo", "Charlie"])
        #expect(try temp.database.list(ArticleFilter(states: [], tags: ["SWIFT", "News"])).map(\.id) == [a.id])
        #expect(try temp.database.list(ArticleFilter(states: [], tags: ["swift"], excludedTags: ["news"])).map(\.id) == [b.id])
        #expect(try temp.database.list(ArticleFilter(states: [], site: "b.example")).map(\.id) == [b.id])
        #expect(try temp.database.list(ArticleFilter(states: [], sort: .progress, limit: 1)).map(\.id) == [b.id])
        #expect(try temp.database.list(ArticleFilter()).first { $0.id == a.id }?.tags == ["news", "Swift"])
    }

    /// A file that is not a Folio database is refused, and left as it was.
    @Test func refusesForeignDatabase() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("folio-foreign-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("other.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "CREATE TABLE customers (id INTEGER PRIMARY KEY)") }
        #expect(throws: StoreError.notFolioDatabase(path: path)) { try FolioDatabase(path: path) }

        let text = directory.appendingPathComponent("notes.txt").path
        try Data("hello, this is not sqlite at all, just some text that is long enough".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: StoreError.self) { try FolioDatabase(path: text) }
        #expect(try String(contentsOfFile: text, encoding: .utf8).hasPrefix("hello"))
    }

    /// A database from a newer Folio (an unknown migration) is refused.
    @Test func refusesNewerSchema() throws {
        let temp = try TemporaryDatabase()
        let queue = try DatabaseQueue(path: temp.database.path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        #expect(throws: StoreError.newerSchema(path: temp.database.path)) { try FolioDatabase(path: temp.database.path) }
    }

    @Test func highlightsAreStoredAndSearchable() throws {
        let temp = try TemporaryDatabase()
        let article = try temp.save("https://example.com/h", title: "Doc", text: "plain body")
        try temp.database.addHighlight(Highlight(articleID: article.id, quote: "memorable quokka line", note: "remember"))
        #expect(try temp.database.highlights(of: article.id).map(\.quote) == ["memorable quokka line"])
        #expect(try temp.database.search(SearchQuery("quokka")).map(\.article.id) == [article.id])
    }

    @Test func conflictLogIsBounded() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bound-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var database = try FolioDatabase(path: directory.appendingPathComponent("f.sqlite").path)
        database.conflictLogLimit = 3
        let replica = ReplicaID(rawValue: 5)
        let conflicts = (1...5).map { n in
            Conflict(recordID: UUID(), field: Field.title,
                     kept: Register(field: Field.title, value: .string("k"), dot: Dot(replica: replica, counter: UInt64(n)), stamp: .zero),
                     lost: Register(field: Field.title, value: .string("l\(n)"), dot: Dot(replica: replica, counter: UInt64(n + 100)), stamp: .zero))
        }
        try await database.absorb(FolioDatabase.PeerNews(serverTime: Date(), names: [:], conflicts: conflicts))
        #expect(try database.conflicts().map(\.conflict.lost.value) == [.string("l5"), .string("l4"), .string("l3")])
        try await database.absorb(FolioDatabase.PeerNews(serverTime: Date(), names: [:], conflicts: Array(conflicts.suffix(3))))  // reported again: ignored
        #expect(try database.conflicts().map(\.conflict.lost.value) == [.string("l5"), .string("l4"), .string("l3")])
    }
}
