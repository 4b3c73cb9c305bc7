import FolioModel
@testable import FolioServer
import Foundation
import GRDB
import PostgresTestSupport
import StoreTestSupport
import Synchronization
import Testing

/// Pushes that arrive together: each lands or fails alone, and is answered only once stored
/// (SQLite commits the pushes queued behind its one writer together, ``SQLiteGroupCommit``).
@Suite(.removesStores) struct ConcurrentPushTests {
    static let limits = ServerLimits()

    /// Forty devices push at once, each a new article and a knowledge claim, while one more
    /// pushes a batch refused halfway (its second record changes an article's kind): the refused
    /// push fails alone and leaves nothing, every other lands, and the space knows every write.
    @Test(arguments: StoreKind.available) func concurrentPushesLandAlone(kind: StoreKind) async throws {
        let opened = try await kind.openForTest()
        let store = opened.store
        let user = try await store.createUser(name: "alice", passwordHash: "x", now: Date()).id
        let stamp = StoreDeltaTests.stamp()
        func batch(_ records: [RecordState], knowledge: VersionVector? = nil) -> PushBatch {
            PushBatch(epoch: nil, records: records, knowledge: knowledge, maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize)
        }
        let existing = StoreDeltaTests.savedArticle()
        _ = try await store.push(user: user, batch([existing]), now: Date())

        let devices = (1...40).map { ReplicaID(rawValue: 0x1000 + UInt64($0)) }
        let articles = devices.map { device in
            var article = RecordState(id: UUID(), kind: .article)
            article.write([(Field.title, .string("by \(device)"))], dot: Dot(replica: device, counter: 1), stamp: stamp)
            return article
        }
        let refusing = ReplicaID(rawValue: 0x999)
        var unsaved = RecordState(id: UUID(), kind: .article)
        unsaved.write([(Field.title, .string("rolled back"))], dot: Dot(replica: refusing, counter: 1), stamp: stamp)
        var wrongKind = RecordState(id: existing.id, kind: .highlight)
        wrongKind.write([(Field.note, .string("n"))], dot: Dot(replica: refusing, counter: 2), stamp: stamp)

        let refused = Task { try await store.push(user: user, batch([unsaved, wrongKind], knowledge: VersionVector([refusing: 2])), now: Date()) }
        let outcomes = try await withThrowingTaskGroup(of: (ReplicaID, PushOutcome).self) { group in
            for (device, article) in zip(devices, articles) {
                group.addTask { (device, try await store.push(user: user, batch([article], knowledge: VersionVector([device: 1])), now: Date())) }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        await #expect(throws: (any Error).self) { try await refused.value }

        for device in devices {
            let outcome = try #require(outcomes[device])
            #expect(outcome.changed == 1)
            #expect(outcome.space.holds[device] == 1)
            #expect(outcome.space.knowledge[device] == 1)
        }
        let space = try await store.space(user: user)
        #expect(devices.allSatisfy { space.knowledge[$0] == 1 })
        #expect(space.knowledge[refusing] == 0 && space.holds[refusing] == 0)
        let page = try await store.pull(user: user, PullQuery(knowledge: VersionVector(), cursor: nil, limit: 100, maxPageBytes: Self.limits.maxPageBytes, conflictsAfter: 0, maxConflicts: 10))
        #expect(Set(page.records) == Set([existing] + articles))
    }

    /// Writes that queue up while the writer is busy share one commit; one that throws is rolled
    /// back alone, with its own error, and every other keeps its row.
    @Test func queuedWritesShareOneCommit() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("group-commit-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pool = try DatabasePool(path: directory.appendingPathComponent("db.sqlite").path)
        try await pool.write { db in try db.execute(sql: "CREATE TABLE t (n INTEGER)") }
        let commits = CommitCounter()
        pool.add(transactionObserver: commits, extent: .observerLifetime)
        let group = SQLiteGroupCommit(pool: pool)

        struct Refused: Error, Equatable { let n: Int }
        let busy = DispatchSemaphore(value: 0)
        pool.asyncWriteWithoutTransaction { _ in busy.wait() }
        let writes = (0..<20).map { n in
            Task {
                try await group.write { db in
                    try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [n])
                    if n == 7 { throw Refused(n: n) }
                    return n
                }
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        busy.signal()

        for (n, write) in writes.enumerated() {
            if n == 7 {
                await #expect(throws: Refused(n: 7)) { try await write.value }
            } else {
                #expect(try await write.value == n)
            }
        }
        #expect(try await pool.read { db in try Int.fetchAll(db, sql: "SELECT n FROM t ORDER BY n") } == (0..<20).filter { $0 != 7 })
        // One commit when every write queued while the writer was busy; one each without grouping.
        #expect(commits.count < 5)
    }
}

/// Counts the commits of a database's writer.
private final class CommitCounter: TransactionObserver, Sendable {
    private let commits = Mutex(0)
    var count: Int { commits.withLock { $0 } }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) { commits.withLock { $0 += 1 } }
    func databaseDidRollback(_ db: Database) {}
}
