import FolioServer
import FolioServerPostgres
import Foundation
import PostgresTestSupport
import Testing

/// The stores the store tests run on: SQLite always, PostgreSQL where it is installed (and always in CI).
enum StoreKind: String, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    /// The kinds to test here; PostgresAvailabilityTests says why PostgreSQL is left out.
    static var available: [StoreKind] { PostgresCluster.isAvailable ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }

    /// A fresh, empty store of this kind.
    func open() async throws -> TestStore {
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
struct TestStore: Sendable {
    let store: any SyncStore
    let remove: @Sendable () async -> Void
}

/// Says, as a skipped test, when the PostgreSQL store tests do not run.
@Suite struct PostgresAvailabilityTests {
    @Test(.enabled(if: PostgresCluster.isAvailable, Comment(rawValue: PostgresCluster.skipReason)))
    func postgresClusterStarts() throws {
        #expect(try PostgresCluster.shared().database().hasPrefix("postgres://"))
    }
}
