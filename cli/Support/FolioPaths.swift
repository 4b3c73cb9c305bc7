import FolioStore
import Foundation

/// Where Folio keeps its files: `$FOLIO_HOME/{data,config}` when set, else the XDG directories
/// (`$XDG_DATA_HOME/folio`, `$XDG_CONFIG_HOME/folio`, defaulting to `~/.local/share` and `~/.config`).
struct FolioPaths {
    let data: URL
    let config: URL

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let home = environment["FOLIO_HOME"], !home.isEmpty {
            let root = URL(fileURLWithPath: home)
            data = root.appendingPathComponent("data")
            config = root.appendingPathComponent("config")
        } else {
            let user = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory())
            data = Self.base(environment["XDG_DATA_HOME"], default: user.appendingPathComponent(".local/share")).appendingPathComponent("folio")
            config = Self.base(environment["XDG_CONFIG_HOME"], default: user.appendingPathComponent(".config")).appendingPathComponent("folio")
        }
    }

    private static func base(_ value: String?, default fallback: URL) -> URL {
        guard let value, value.hasPrefix("/") else { return fallback }
        return URL(fileURLWithPath: value)
    }

    var database: URL { data.appendingPathComponent("folio.sqlite") }
    var serverConfig: URL { config.appendingPathComponent("server.json") }

    /// Creates the data directory (mode 0700) if needed, and takes group and other access away
    /// from the directories and files that already exist: the database with its WAL,
    /// shared-memory and backup files, the config directory and the token file. A library
    /// written by an older folio or under a loose umask becomes private the next time it is opened.
    func makePrivate() throws {
        do {
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError.failed("cannot create the data directory \(data.path): \(error.localizedDescription)")
        }
        let files = ["", "-wal", "-shm"].map { database.path + $0 } + [FolioDatabase.backupPath(of: database.path), serverConfig.path]
        for path in [data.path, config.path] + files { Self.restrictToOwner(path) }
    }

    /// Clears the group and other permission bits of `path` when it exists and has any set;
    /// best effort: a file this user cannot change is reported by whatever opens it next.
    static func restrictToOwner(_ path: String) {
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 else { return }
        try? FileManager.default.setAttributes([.posixPermissions: mode & 0o700], ofItemAtPath: path)
    }
}
