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
        try await open(at: newLocation())
    }

    /// A fresh store that `prepare` filled, and a backup of it made then (to restore later); with
    /// what `prepare` returned.
    public func openWithBackup<Prepared>(_ prepare: (any SyncStore) async throws -> Prepared) async throws -> (store: TestStore, backup: TestStore, prepared: Prepared) {
        let location = try newLocation()
        let first = try await open(at: location)
        let prepared: Prepared
        do {
            prepared = try await prepare(first.store)
        } catch {
            await first.remove()
            throw error
        }
        switch self {
        case .sqlite:
            // The database file and its write-ahead log hold the whole store while nothing writes.
            let (original, copy) = (URL(fileURLWithPath: location), URL(fileURLWithPath: try newLocation()))
            try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: original.appendingPathComponent(SQLiteSyncStore.fileName + suffix).path) {
                try FileManager.default.copyItem(at: original.appendingPathComponent(SQLiteSyncStore.fileName + suffix), to: copy.appendingPathComponent(SQLiteSyncStore.fileName + suffix))
            }
            return (first, try await open(at: copy.path), prepared)
        case .postgres:
            await first.remove()  // a database is copied with no one connected to it
            let copy = try PostgresCluster.shared().database(copying: location)
            return (try await open(at: location), try await open(at: copy), prepared)
        }
    }

    /// Where a new store of this kind goes: a directory (SQLite) or an empty database's URL (PostgreSQL).
    private func newLocation() throws -> String {
        switch self {
        case .sqlite: FileManager.default.temporaryDirectory.appendingPathComponent("folio-store-\(UUID().uuidString)").path
        case .postgres: try PostgresCluster.shared().database()
        }
    }

    /// Opens the store at `location` (``newLocation()``).
    private func open(at location: String) async throws -> TestStore {
        switch self {
        case .sqlite:
            let directory = URL(fileURLWithPath: location)
            return TestStore(store: try SQLiteSyncStore(directory: directory), remove: { try? FileManager.default.removeItem(at: directory) })
        case .postgres:
            let store = try await PostgresSyncStore(url: PostgresDatabaseURL(location), connections: 4)
            return TestStore(store: store, remove: { await store.close() })
        }
    }
}

/// A store made for one test, and how to get rid of it.
public struct TestStore: Sendable {
    public let store: any SyncStore
    public let remove: @Sendable () async -> Void
}
