import ArgumentParser
import Foundation
import FolioServer
import FolioServerPostgres
import Synchronization

/// Where every command finds the store: the data directory (`--data`, SQLite, the default) or a
/// PostgreSQL database (`--database`); the same for `serve` and the account commands.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The data directory (env FOLIO_SERVER_DATA; default ./data).", valueName: "dir"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp(
        "Use a PostgreSQL database instead of the data directory's SQLite file (env FOLIO_SERVER_DATABASE). Options: ?host=SOCKET_DIR, ?sslmode=disable|prefer|require|verify-ca|verify-full, &sslrootcert=CA.pem.",
        valueName: "postgres://USER@HOST/DB"))
    var database: String?

    /// The data directory, from the option, the environment or the default.
    var directory: URL {
        URL(fileURLWithPath: data ?? Environment.value("FOLIO_SERVER_DATA") ?? "data").standardizedFileURL
    }

    /// The PostgreSQL database named by the option or the environment; nil for SQLite.
    func postgresURL() throws -> PostgresDatabaseURL? {
        guard let text = database ?? Environment.value("FOLIO_SERVER_DATABASE") else { return nil }
        return try PostgresDatabaseURL(text)
    }

    /// Where the store is, for messages: the data directory or the database URL (without its password).
    func location() throws -> String {
        try postgresURL()?.description ?? directory.path
    }

    /// The option that names this store to another command: `--data DIR` or `--database URL`.
    func optionText() throws -> String {
        if let url = try postgresURL() { return "--database '\(url.description)'" }
        return "--data \(directory.path)"
    }

    /// Opens the store, creating it if needed (`serve`, `user add`); `maxBytes` caps an SQLite file,
    /// `connections` is the most PostgreSQL connections the store uses at once.
    func openStore(maxBytes: Int64? = nil, connections: Int? = nil) async throws -> any SyncStore {
        if let url = try postgresURL() {
            let store = try await PostgresSyncStore(url: url, connections: connections ?? PostgresSyncStore.defaultConnections)
            OpenedStores.postgres.withLock { $0.append(store) }
            return store
        }
        return try SQLiteSyncStore(directory: directory, maxBytes: maxBytes)
    }

    /// Opens the store, which must exist: a command that only reads or changes accounts never
    /// creates an empty data directory by mistake (a PostgreSQL database is created by its owner).
    func openExistingStore() async throws -> any SyncStore {
        if try postgresURL() != nil { return try await openStore() }
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(SQLiteSyncStore.fileName).path) else {
            throw CommandError("\(directory.path) holds no folio-server database; name the data directory with --data or FOLIO_SERVER_DATA")
        }
        return try SQLiteSyncStore(directory: directory)
    }
}

/// The PostgreSQL stores a command opened: closed before it exits, as postgres-nio requires.
enum OpenedStores {
    static let postgres = Mutex<[PostgresSyncStore]>([])

    static func closeAll() async {
        for store in postgres.withLock({ stores in defer { stores = [] }; return stores }) { await store.close() }
    }
}

/// A command that works on the data directory (its database errors are explained with its path).
protocol UsesDataDirectory {
    var dataOptions: DataOptions { get }
}

/// Reading `FOLIO_SERVER_*` settings.
enum Environment {
    /// A non-empty environment variable.
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}
