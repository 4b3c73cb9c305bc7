import Foundation

/// Keeps the server's data private to its user: the data directory 0700 and the database with its
/// WAL and shared-memory files 0600, whatever the umask.
enum PrivateFiles {
    /// Creates or tightens `directory`, and creates the `database` file 0600 before SQLite opens
    /// it (SQLite gives the WAL and shared-memory files the database file's mode).
    static func prepare(directory: URL, database: String) throws {
        let files = FileManager.default
        do {
            try files.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try restrict(directory.path, to: 0o700)
        } catch {
            throw StoreOpenError(description: "cannot create or use the data directory \(directory.path): \(PrivateFiles.reason(error)); choose another with --data or FOLIO_SERVER_DATA")
        }
        if !files.fileExists(atPath: database) {
            let descriptor = open(database, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if descriptor >= 0 { close(descriptor) }
        }
        for path in [database, database + "-wal", database + "-shm"] where files.fileExists(atPath: path) {
            try restrict(path, to: 0o600)
        }
    }

    /// Sets `mode` on `path` unless it already has no more than it.
    private static func restrict(_ path: String, to mode: Int) throws {
        let current = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
        if current & ~mode != 0 {
            try FileManager.default.setAttributes([.posixPermissions: current & mode], ofItemAtPath: path)
        }
    }

    /// The system's words for a file error ("No such file or directory"), without Foundation's wrapping.
    static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = (error.userInfo[NSUnderlyingErrorKey] as? any Error).map({ $0 as NSError }), underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(error.code))) : error.localizedDescription
    }
}
