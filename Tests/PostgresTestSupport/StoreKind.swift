import FolioServer
import FolioServerPostgres
import Foundation

/// The stores the store tests run on: SQLite always, PostgreSQL where it is installed (and always in CI).
public enum StoreKind: String, Sendable {
    case sqlite, postgres

    /// The kinds to test here; FolioServerTests' PostgresAvailabilityTests says why PostgreSQL is left out.
    public static var available: [StoreKind] { PostgresCluster.isAvailable ? [.sqlite, .postgres] : [.sqlite] }

    /// A fresh, empty store of this kind.
    public func open() async throws -> TestStore {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("folio-store-\(UUID().uuidString)")
            return TestStore(store: try SQLiteSyncStore(directory: directory), remove: { try? FileManager.default.removeItem(at: directory) })
        case .postgres:
            let store = try await PostgresSyncStore(url: PostgresDatabaseURL(try PostgresCluster.shared().database()), connections: 4)
            return TestStore(store: store, remove: { await store.close() })
        }
    }
}

/// A store made for one test, and how to get rid of it.
public struct TestStore: Sendable {
    public let store: any SyncStore
    public let remove: @Sendable () async -> Void
}
