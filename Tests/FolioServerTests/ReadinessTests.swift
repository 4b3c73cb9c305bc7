@testable import FolioServer
import FolioServerPostgres
import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresTestSupport
import Synchronization
import Testing

/// `GET /ready`: 200 while the database answers, 503 when it fails or does not answer in time,
/// with one database read in flight however many probes arrive.
@Suite struct ReadinessTests {
    @Test func readyWhenTheDatabaseAnswers() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            let response = try await client.get("/ready")
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
        }
    }

    @Test func aFailedReadIsReported() async {
        struct Unreachable: Error {}
        let probe = ReadinessProbe(timeout: .seconds(5)) { throw Unreachable() }
        #expect(await probe.probe() == .failed("Unreachable()"))
    }

    /// A database that hangs: every probe answers after the timeout, the probes share the one
    /// read in flight instead of starting one each, and none is left waiting on it.
    @Test func aSilentDatabaseTimesOutWithOneReadInFlight() async {
        let reads = Mutex(0)
        let release = AsyncStream<Void>.makeStream()
        let probe = ReadinessProbe(timeout: .milliseconds(500), giveUpAfter: .seconds(3600)) {
            reads.withLock { $0 += 1 }
            for await _ in release.stream {}
        }
        let started = ContinuousClock.now
        let findings = await withTaskGroup(of: ReadinessProbe.Finding.self) { group in
            for _ in 0..<8 { group.addTask { await probe.probe() } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(findings == Array(repeating: .silent, count: 8))
        #expect(ContinuousClock.now - started < .seconds(60), "a probe waits for the timeout, not for the read")
        #expect(reads.withLock { $0 } == 1)
        #expect(await probe.waitingProbes == 0, "a probe answered by its timeout no longer waits on the hung read")
        release.continuation.finish()
        // Once the read ends, a later probe starts a new one.
        for _ in 0..<200 where reads.withLock({ $0 }) < 2 {
            #expect(await probe.probe() == .ready)
            try? await Task.sleep(for: .milliseconds(10))
        }
        #expect(reads.withLock { $0 } == 2)
    }

    /// A read that hangs for good is given up after six timeouts: a database that comes back is seen.
    @Test func aHungReadIsGivenUp() async {
        let reads = Mutex(0)
        let probe = ReadinessProbe(timeout: .milliseconds(500), giveUpAfter: .milliseconds(100)) {
            let first = reads.withLock { count in count += 1; return count == 1 }
            if first { try await Task.sleep(for: .seconds(3600)) }
        }
        #expect(await probe.probe() == .silent)
        try? await Task.sleep(for: .milliseconds(150))
        #expect(await probe.probe() == .ready)
        #expect(reads.withLock { $0 } == 2)
    }

    /// With PostgreSQL stopped under a running server, `/ready` answers 503 `storage_unavailable`
    /// with Retry-After while `/health` (liveness) still answers 200.
    @Test(.enabled(if: PostgresCluster.isAvailable, Comment(rawValue: PostgresCluster.skipReason)))
    func notReadyWhenPostgreSQLStops() async throws {
        let cluster = try PostgresCluster(durable: false)
        defer { cluster.stop() }
        let store = try await PostgresSyncStore(url: PostgresDatabaseURL(cluster.database()), connections: 2)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("folio-ready-\(UUID().uuidString)")
        var configuration = ServerConfiguration(dataDirectory: directory, logLevel: .critical, bcryptCost: 4)
        configuration.readinessTimeout = .seconds(2)
        let router = await buildRouter(store: store, configuration: configuration)
        do {
            try await Application(router: router).test(.router) { client in
                #expect(try await client.get("/ready").status == .ok)
                cluster.stop()
                let response = try await client.get("/ready")
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                #expect(String(buffer: response.body).contains(#""code":"storage_unavailable""#), "\(String(buffer: response.body))")
                #expect(try await client.get("/health").status == .ok)
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
