import FolioModel
import FolioStore
import FolioSync
import Foundation
import PostgresTestSupport
import StoreTestSupport
import Testing

/// A slice of ``SyncPropertyTests`` through the real server core, on each store: random
/// operations on 3 to 5 devices that sync with one server in random orders, with small pages,
/// dropped pulls and dropped pushes. Once every device has synced twice, all hold the same
/// state, the server too, and it is the state the reference model predicts.
@Suite(.removesStores) struct ServerSyncPropertyTests {
    /// 25 schedules, or `FOLIO_SERVER_SYNC_SCHEDULES` of them.
    static let seeds = 1...(ProcessInfo.processInfo.environment["FOLIO_SERVER_SYNC_SCHEDULES"].flatMap(UInt64.init) ?? 25)

    @Test(arguments: StoreKind.available) func randomSchedulesThroughTheServerConverge(kind: StoreKind) async throws {
        let store = try await kind.openForTest().store
        for seed in Self.seeds {
            // A user a schedule: the spaces of one store stay apart.
            let server = TestServer(base: try await ServiceTransport(newUserOf: store, name: "reader\(seed)"))
            let run = try await SyncPropertyTests.schedule(seed: seed, exchange: { run, i, rng in
                let drop = { (rng: inout SeededGenerator) in Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 0...2, using: &rng) : nil }
                let (pullStop, pushStop) = (drop(&rng), drop(&rng))
                let transport = CountingTransport(server.base, failPullAfterPages: pullStop, failPushAfterBatches: pushStop)
                var engine = SyncEngine(database: run.replicas[i], transport: transport, peerName: "server")
                engine.pageSize = Int.random(in: 1...4, using: &rng)
                do {
                    _ = try await engine.sync()
                } catch let error as SyncError where error == CountingTransport.dropped {
                    // What was committed on either side stays; the next sync goes on from there.
                }
            }, converge: { databases in
                for database in databases + databases {
                    _ = try await SyncEngine(database: database, transport: server.base, peerName: "server").sync()
                }
            })
            try SyncPropertyTests.check(run, seed: seed)
            #expect(try await server.dump() == run.replicas[0].canonicalDump(), "seed \(seed): the server holds another state")
            let info = try await server.base.info()
            #expect(try info.knowledge == run.replicas[0].replicaInfo().knowledge, "seed \(seed): the server knows another set of writes")
            #expect(info.holds.map(info.knowledge.dominates) ?? true, "seed \(seed): the server holds writes it does not know of")
        }
    }
}
