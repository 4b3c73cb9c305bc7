import FolioModel
import FolioProtocol
import FolioStore
import FolioSync
import Foundation
import PostgresTestSupport
import StoreTestSupport
import Synchronization
import Testing

/// ``SyncWatch`` against the real server core on each store, and against a server that predates
/// live sync (`POST /v1/wait` answers 404): it falls back to asking now and then, and still sends
/// this device's changes on its own.
@Suite(.removesStores) struct SyncWatchTests {
    /// The loopback server, without the wait route.
    struct OldServer: WaitingTransport {
        let server: LoopbackTransport
        func info() async throws -> ServerInfo { try await server.info() }
        func pull(_ request: PullRequest) async throws -> PullResponse { try await server.pull(request) }
        func push(_ request: PushRequest) async throws -> PushResponse { try await server.push(request) }
        func wait(_ request: WaitRequest) async throws -> WaitResponse {
            throw SyncError.server(status: 404, code: ErrorCode.notFound.rawValue, message: "no such endpoint: POST /v1/wait")
        }
    }

    func save(_ database: FolioDatabase, _ n: Int) throws -> UUID {
        let url = try CanonicalURL("https://example.com/watch/\(n)")
        try database.save(Article(id: url.articleID, url: url.string, title: "Watched \(n)", content: ArticleContent(html: "<p>x</p>", text: "text"), savedAt: Date()))
        return url.articleID
    }

    /// Polls `condition` every 20 ms for at most 10 s.
    func eventually(_ condition: () throws -> Bool) async throws -> Bool {
        for _ in 0..<500 {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// A watching device is woken by the server core when another device pushes (no polling: the
    /// poll interval is far longer than the test), and its own changes reach the server.
    @Test(arguments: StoreKind.available) func theServerWakesAWatchingDevice(kind: StoreKind) async throws {
        let replicas = try Replicas(count: 2)
        let server = try await ServiceTransport(newUserOf: try await kind.openForTest().store)
        var timing = SyncWatch.Timing()
        timing.pollInterval = .seconds(600)
        timing.localCheck = .milliseconds(20)
        timing.debounce = .milliseconds(20)
        timing.minimumInterval = .milliseconds(20)
        let watch = SyncWatch(database: replicas[0], transport: server, peerName: "s", timing: timing)
        let reasons = Mutex<[SyncWatch.Reason]>([])
        let task = Task {
            await watch.run { event in
                if case .synced(_, let reason) = event { reasons.withLock { $0.append(reason) } }
            }
        }
        #expect(try await eventually { reasons.withLock { $0.contains(.start) } })

        let remote = try save(replicas[1], 1)
        _ = try await SyncEngine(database: replicas[1], transport: server, peerName: "s").sync()
        #expect(try await eventually { try replicas[0].article(remote) != nil }, "the other device's push wakes the watch")
        let local = try save(replicas[0], 2)
        _ = try await eventually { reasons.withLock { $0.contains(.local) } }
        _ = try await SyncEngine(database: replicas[1], transport: server, peerName: "s").sync()
        #expect(try await eventually { try replicas[1].article(local) != nil }, "this device's change was sent")

        // The core answers a cancelled wait at once: the watch must still stop (it once asked again forever).
        task.cancel()
        let stopped = Mutex(false)
        Task { await task.value; stopped.withLock { $0 = true } }
        #expect(try await eventually { stopped.withLock { $0 } }, "the watch stops once cancelled")
        #expect(reasons.withLock { $0.contains(.server) }, "woken by the server, not by polling")
    }

    @Test func oldServerIsPolledAndLocalChangesAreSent() async throws {
        let replicas = try Replicas(count: 3)
        let server = LoopbackTransport(server: replicas[2], epoch: "e")
        var timing = SyncWatch.Timing()
        timing.pollInterval = .milliseconds(100)
        timing.localCheck = .milliseconds(20)
        timing.debounce = .milliseconds(20)
        timing.minimumInterval = .milliseconds(20)
        let watch = SyncWatch(database: replicas[0], transport: OldServer(server: server), peerName: "s", timing: timing)
        let events = Mutex<[String]>([])
        let task = Task {
            await watch.run { event in
                switch event {
                case .synced(_, let reason): events.withLock { $0.append(reason.rawValue) }
                case .failed(let error, _): events.withLock { $0.append("failed: \(error)") }
                }
            }
        }

        let remote = try save(replicas[1], 1)
        _ = try await SyncEngine(database: replicas[1], transport: server, peerName: "s").sync()
        #expect(try await eventually { try replicas[0].article(remote) != nil }, "a change elsewhere arrives by polling")

        let local = try save(replicas[0], 2)
        #expect(try await eventually { try replicas[2].article(local) != nil }, "a change here is sent")

        task.cancel()
        await task.value
        let seen = events.withLock { $0 }
        #expect(seen.first == "start" && seen.contains("server") && seen.contains("local"))
        #expect(!seen.contains { $0.hasPrefix("failed") }, "a missing wait route is not a failure: \(seen)")
    }
}
