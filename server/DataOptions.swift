import ArgumentParser
import Foundation
import FolioServer

/// The `--data` option every command shares: the same directory for `serve` and the account commands.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The data directory (env FOLIO_SERVER_DATA; default ./data).", valueName: "dir"))
    var data: String?

    /// The data directory, from the option, the environment or the default.
    var directory: URL {
        URL(fileURLWithPath: data ?? Environment.value("FOLIO_SERVER_DATA") ?? "data").standardizedFileURL
    }

    /// Opens the store in the data directory, creating it if needed (`serve`, `user add`).
    func openStore() throws -> SQLiteSyncStore {
        try SQLiteSyncStore(directory: directory)
    }

    /// Opens the store in the data directory, which must hold one: a command that only reads or
    /// changes accounts never creates an empty directory by mistake.
    func openExistingStore() throws -> SQLiteSyncStore {
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(SQLiteSyncStore.fileName).path) else {
            throw CommandError("\(directory.path) holds no folio-server database; name the data directory with --data or FOLIO_SERVER_DATA")
        }
        return try SQLiteSyncStore(directory: directory)
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
