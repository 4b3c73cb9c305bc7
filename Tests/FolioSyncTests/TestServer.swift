import FolioModel
import FolioProtocol
import FolioServer
import FolioSync
import Foundation
import PostgresTestSupport
import StoreTestSupport
import Testing

/// What an engine test syncs with: a device database answering the protocol
/// (``LoopbackTransport``), or the real server core on one of the stores (``ServiceTransport``).
enum ServerKind: Sendable, CustomTestStringConvertible {
    case loopback
    case store(StoreKind)

    /// The loopback server and every store available here.
    static var available: [ServerKind] { [.loopback] + stores }
    /// The real server core on every store available here.
    static var stores: [ServerKind] { StoreKind.available.map(ServerKind.store) }

    var testDescription: String {
        switch self {
        case .loopback: "loopback"
        case .store(let kind): kind.rawValue
        }
    }

    /// A new, empty server with an epoch of its own; `limits` apply to the real server core.
    func start(limits: ServerLimits = ServerLimits()) async throws -> TestServer {
        switch self {
        case .loopback:
            let replicas = try Replicas(count: 1)
            return TestServer(base: LoopbackTransport(server: replicas[0], epoch: UUID().uuidString), keeping: replicas)
        case .store(let kind):
            return TestServer(base: try await ServiceTransport(newUserOf: try await kind.openForTest().store, limits: limits))
        }
    }

    /// A new server, and a backup of it from before any sync to restore later: the same epoch
    /// and account, knowing nothing.
    func startWithBackup() async throws -> (server: TestServer, backup: TestServer) {
        switch self {
        case .loopback:
            let replicas = try Replicas(count: 2)
            let epoch = UUID().uuidString
            return (TestServer(base: LoopbackTransport(server: replicas[0], epoch: epoch), keeping: replicas),
                    TestServer(base: LoopbackTransport(server: replicas[1], epoch: epoch), keeping: replicas))
        case .store(let kind):
            let (opened, backup, transport) = try await kind.openWithBackupForTest { store in try await ServiceTransport(newUserOf: store) }
            return (TestServer(base: transport.on(opened.store)), TestServer(base: transport.on(backup.store)))
        }
    }
}

/// One test's server, and the transport devices reach it through.
struct TestServer: Sendable {
    /// The server's own transport.
    let base: any SyncTransport
    /// ``base``, counting requests.
    let transport: CountingTransport
    /// The loopback server's database, kept while the server is.
    let replicas: Replicas?

    /// A server reached through `base`; a store-backed one is removed when the test ends
    /// (``RemovesStores``).
    init(base: any SyncTransport, keeping replicas: Replicas? = nil) {
        self.base = base
        transport = CountingTransport(base)
        self.replicas = replicas
    }

    /// Every record the server holds, as ``FolioDatabase/canonicalDump()`` shows a device's.
    func dump() async throws -> [RecordState] {
        var records: [RecordState] = []
        var cursor: String?
        repeat {
            let page = try await base.pull(PullRequest(knowledge: VersionVector(), cursor: cursor))
            records += page.records
            cursor = page.cursor
        } while cursor != nil
        return records.canonical
    }
}
