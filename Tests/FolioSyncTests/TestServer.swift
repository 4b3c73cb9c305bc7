import FolioModel
import FolioProtocol
import FolioServer
import FolioSync
import Foundation
import PostgresTestSupport
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
            return TestServer(base: LoopbackTransport(server: replicas[0], epoch: UUID().uuidString), remove: { _ = replicas })
        case .store(let kind):
            let opened = try await kind.open()
            return TestServer(base: try await ServiceTransport(newUserOf: opened.store, limits: limits), remove: opened.remove)
        }
    }
}

/// One test's server, and the transport devices reach it through.
struct TestServer: Sendable {
    /// The server's own transport.
    let base: any SyncTransport
    /// ``base``, counting requests.
    let transport: CountingTransport
    /// Deletes what the server stored.
    let remove: @Sendable () async -> Void

    init(base: any SyncTransport, remove: @escaping @Sendable () async -> Void) {
        self.base = base
        transport = CountingTransport(base)
        self.remove = remove
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
