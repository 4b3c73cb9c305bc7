import GRDB

/// Why the server's database could not be opened or read, with what the operator can do about it.
public struct StoreOpenError: Error, CustomStringConvertible {
    public let description: String

    init(description: String) { self.description = description }

    /// The plain-words form of a database `error` about the file at `path`; other errors are
    /// returned as they are.
    public static func explaining(_ error: any Error, path: String) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreOpenError(description: """
                the database \(path) is damaged (\(error.message ?? "SQLite error \(error.resultCode.rawValue)")). \
                Keep a copy of the data directory, then check it with `sqlite3 \(path) 'PRAGMA integrity_check'`; \
                restore your last backup, or rebuild it with `sqlite3 \(path) .recover | sqlite3 recovered.sqlite`. \
                Devices keep their libraries: a fresh data directory gets everything back at their next sync.
                """)
        case .SQLITE_FULL:
            return StoreOpenError(description: "the disk holding \(path) is full; free some space and start again")
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            return StoreOpenError(description: "cannot open \(path) for reading and writing; check that this user owns the data directory and its files")
        default:
            return StoreOpenError(description: "cannot open \(path): \(error.message ?? "SQLite error \(error.resultCode.rawValue)")")
        }
    }
}
