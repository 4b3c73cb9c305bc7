import FolioModel
@testable import FolioServer
import Foundation
import GRDB
import Testing

/// The SQLite store's own choices: its schema's migrations and what its page scan reads.
@Suite struct SQLiteStoreTests {
    static let deviceA = ReplicaID(rawValue: 0xA1)
    static let deviceB = ReplicaID(rawValue: 0xB2)

    /// Articles of two devices, with content from a few bytes to well past a page (overflow pages),
    /// tags, and a field two devices wrote concurrently.
    static func articles() -> [RecordState] {
        let stamp = HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 60_000)
        return (0..<40).map { index in
            var article = RecordState(id: UUID(), kind: .article)
            let text = String(repeating: "word\(index) ", count: [1, 100, 2_000, 9_000][index % 4])
            article.write([(Field.url, .string("https://example.com/\(index)")), (Field.title, .string("Article \(index)")),
                           (Field.content, try! JSONValue(encoding: ArticleContent(html: "<p>\(text)</p>", text: text))), (Field.tagPrefix + "t\(index % 3)", .string("t\(index % 3)"))],
                          dot: Dot(replica: deviceA, counter: UInt64(index + 1)), stamp: stamp)
            if index % 5 == 0 {
                var mine = article, theirs = article
                mine.write([(Field.progress, .number(0.5))], dot: Dot(replica: deviceA, counter: 100 + UInt64(index)), stamp: stamp)
                theirs.write([(Field.progress, .number(0.25))], dot: Dot(replica: deviceB, counter: UInt64(index + 1)), stamp: stamp)
                article = RecordMerge.merge(local: mine, incoming: theirs).state
            }
            return article
        }
    }

    /// A store written under schema v2 (registers in a WITHOUT ROWID table) in `directory`,
    /// holding `articles` for one user, whose id it returns.
    static func writeV2Store(in directory: URL, articles: [RecordState]) async throws -> UserID {
        let holds = articles.reduce(into: VersionVector()) { holds, article in holds.join(article.vector) }
        let old = try DatabaseQueue(path: directory.appendingPathComponent(SQLiteSyncStore.fileName).path)
        try SQLiteSchema.migrator.migrate(old, upTo: "v2")
        let user = try await old.write { db in
            try db.execute(sql: "INSERT INTO account (name, password_hash, replica, epoch, created_at) VALUES ('alice', 'x', 7, 'epoch-1', '2026-11-01T00:00:00Z')")
            let user = UserID(rawValue: db.lastInsertedRowID)
            let transaction = SQLiteTransaction(db: db, confirming: nil)
            for (index, article) in articles.enumerated() {
                try transaction.save(user: user, old: nil, new: article, changedSeq: Int64(index + 1))
            }
            try transaction.setChangeSeq(Int64(articles.count), user: user)
            for (replica, counter) in holds.entries {
                try transaction.raise(.holds, user: user, replica: replica, to: counter)
                try transaction.raise(.knowledge, user: user, replica: replica, to: counter)
            }
            return user
        }
        try old.close()
        return user
    }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// v3 moved registers from a WITHOUT ROWID table to a rowid table: every register of a store
    /// written under v2 is pulled back unchanged, and the register key stays unique.
    @Test func registersMoveToARowidTable() async throws {
        let directory = try Self.temporaryDirectory("migrate-v3")
        defer { try? FileManager.default.removeItem(at: directory) }
        let articles = Self.articles()
        let user = try await Self.writeV2Store(in: directory, articles: articles)

        let store = try SQLiteSyncStore(directory: directory)
        let page = try await store.pull(user: user, PullQuery(knowledge: VersionVector(), cursor: nil, limit: 1_000, maxPageBytes: 64 << 20, conflictsAfter: 0, maxConflicts: 10))
        #expect(page.next == nil)
        #expect(page.records.count == articles.count)
        #expect(Set(page.records) == Set(articles))

        let schema = try store.selectInline { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'register'") } ?? ""
        #expect(!schema.contains("WITHOUT ROWID"))
        let indexes = try store.selectInline { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE tbl_name = 'register' AND type = 'index'") }
        #expect(indexes.contains("register_dot"))
        try await store.pool.write { db in
            let register = articles[0].registers[0]
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO register (user_id, record_id, field, replica, counter, stamp, value) VALUES (?, ?, ?, ?, ?, 0, 'null')",
                               arguments: [user.rawValue, StoredValue.key(articles[0].id), register.field, StoredValue.replica(register.dot.replica), Int64(register.dot.counter)])
            }
        }
    }

    /// `--max-database-mb` caps writes, not the migrations: a store already near its cap opens
    /// (v3 copies the register table), keeps every record, and refuses the next large write as full.
    @Test func aStoreAtItsCapStillMigrates() async throws {
        let directory = try Self.temporaryDirectory("migrate-capped")
        defer { try? FileManager.default.removeItem(at: directory) }
        let articles = Self.articles()
        let user = try await Self.writeV2Store(in: directory, articles: articles)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(SQLiteSyncStore.fileName).path)[.size] as? Int)

        let store = try SQLiteSyncStore(directory: directory, maxBytes: Int64(size) + 64 * 1024)
        let page = try await store.pull(user: user, PullQuery(knowledge: VersionVector(), cursor: nil, limit: 1_000, maxPageBytes: 64 << 20, conflictsAfter: 0, maxConflicts: 10))
        #expect(Set(page.records) == Set(articles))
        let large = (0..<8).map { index in
            var article = RecordState(id: UUID(), kind: .article)
            article.write([(Field.url, .string("https://example.com/large/\(index)")), (Field.content, try! JSONValue(encoding: ArticleContent(html: "<p>big</p>", text: String(repeating: "big text ", count: 60_000))))],
                          dot: Dot(replica: Self.deviceB, counter: 1_000 + UInt64(index)), stamp: HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 1_000))
            return article
        }
        let limits = ServerLimits()
        do {
            _ = try await store.push(user: user, PushBatch(epoch: nil, records: large, knowledge: nil, maxClockSkew: limits.maxClockSkew, conflictLogSize: limits.conflictLogSize), now: Date())
            Issue.record("a push of 4 MiB into a store at its cap was accepted")
        } catch {
            #expect((error as? DatabaseError)?.resultCode == .SQLITE_FULL, "\(error)")
        }
    }

    /// A page's scan reads the values of the registers the puller lacks, not the ones it has:
    /// an outline for a device that knows the article's save carries only the new progress.
    @Test func theScanReadsOnlyValuesThePullerLacks() async throws {
        let directory = try Self.temporaryDirectory("scan-values")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSyncStore(directory: directory)
        let user = try await store.createUser(name: "alice", passwordHash: "x", now: Date()).id
        var article = Self.articles()[1]
        let limits = ServerLimits()
        _ = try await store.push(user: user, PushBatch(epoch: nil, records: [article], knowledge: nil, maxClockSkew: limits.maxClockSkew, conflictLogSize: limits.conflictLogSize), now: Date())
        let saved = article.vector
        article.write([(Field.progress, .number(0.75))], dot: Dot(replica: Self.deviceB, counter: 1), stamp: HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 1_000))
        _ = try await store.push(user: user, PushBatch(epoch: nil, records: [article], knowledge: nil, maxClockSkew: limits.maxClockSkew, conflictLogSize: limits.conflictLogSize), now: Date())

        let start = DotPosition(replica: Self.deviceB, counter: 0, record: nil)
        let batch = try store.selectInline { db in
            try SQLiteTransaction(db: db, confirming: nil).scan(user: user, after: [start], limit: 10, outlinedAlready: [], knowledge: saved)
        }
        let outline = try #require(batch.outlines[article.id])
        #expect(outline.state.registers.count == article.registers.count)
        #expect(outline.values.keys.map(\.field) == [Field.progress])
        let everything = try store.selectInline { db in
            try SQLiteTransaction(db: db, confirming: nil).scan(user: user, after: [start], limit: 10, outlinedAlready: [], knowledge: VersionVector())
        }
        #expect(Set(try #require(everything.outlines[article.id]).values.keys.map(\.field)) == [Field.url, Field.title, Field.progress, Field.tagPrefix + "t1"])
    }
}
