import FolioStore
import FolioSync
import Foundation
import PostgresTestSupport
import Testing

/// A slice of ``SyncPropertyTests`` through the real server core, on each store: random
/// operations on 3 to 5 devices that sync with one server in random orders, with small pages and
/// dropped pulls. Once every device has synced twice, all hold the same state, the server too,
/// and it is the state the reference model predicts.
@Suite(.removesStores) struct ServerSyncPropertyTests {
    static let seeds: ClosedRange<UInt64> = 1...25

    @Test(arguments: StoreKind.available) func randomSchedulesThroughTheServerConverge(kind: StoreKind) async throws {
        let store = try await kind.openForTest().store
        for seed in Self.seeds {
            // A user a schedule: the spaces of one store stay apart.
            let server = TestServer(base: try await ServiceTransport(newUserOf: store, name: "reader\(seed)"))
            let run = try await SyncPropertyTests.schedule(seed: seed, exchange: { run, i, rng in
                let stop: Int? = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 0...2, using: &rng) : nil
                var engine = SyncEngine(database: run.replicas[i], transport: CountingTransport(server.base, failPullAfterPages: stop), peerName: "server")
                engine.pageSize = Int.random(in: 1...4, using: &rng)
                do {
                    _ = try await engine.sync()
                } catch SyncError.unreachable where stop != nil {
                    // The dropped pull: what was applied stays, the next sync resumes.
                }
            }, converge: { databases in
                for database in databases + databases {
                    _ = try await SyncEngine(database: database, transport: server.base, peerName: "server").sync()
                }
            })
            try SyncPropertyTests.check(run, seed: seed)
            #expect(try await server.dump() == run.replicas[0].canonicalDump(), "seed \(seed): the server holds another state")
        }
    }
}
