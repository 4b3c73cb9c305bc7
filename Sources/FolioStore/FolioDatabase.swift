import FolioModel
import Foundation
import GRDB

/// The device database: one WAL-mode SQLite file holding this replica's records, registers,
/// knowledge and the materialised, searchable view of its articles.
///
/// Every method that changes something runs as one transaction: a change either lands whole
/// (registers, vector, counter, clock, knowledge, article row and search index) or not at all.
public struct FolioDatabase: Sendable {
    let writer: any DatabaseWriter
    public let path: String
    /// How many conflict log entries to keep (the oldest are dropped first).
    public var conflictLogLimit = 1000
    /// How many of the newest matches a search ranks: a query matching more ranks only these
    /// (bm25 over tens of thousands of matches would take tens of milliseconds).
    public var rankingWindow = 5_000
    /// Up to this many articles in the trash (deleted ones not counted), a search drops them
    /// from its matches by row number; with more, it joins each match to its article row.
    public var trashSetLimit = 2_000

    /// Opens (creating if needed) the database file at `path` in WAL mode and brings its schema
    /// up to date; a file that is not a Folio library, is damaged or cannot be opened is
    /// reported as a ``StoreError``. A new database gets `newReplicaID`, or a random one (tests
    /// pass fixed ids to make property runs reproducible from their seed).
    public init(path: String, newReplicaID: ReplicaID? = nil) throws {
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration)
        } catch {
            throw StoreError.translate(error, path: path)
        }
        try self.init(writer: pool, newReplicaID: newReplicaID)
    }

    /// Uses a database the caller opened (a `DatabaseQueue` in memory, say) and brings its
    /// schema up to date. Open it with ``configuration``: the search view needs its SQL function.
    public init(writer: any DatabaseWriter, newReplicaID: ReplicaID? = nil) throws {
        self.writer = writer
        self.path = writer.path
        try Self.migrate(writer, path: path, newReplicaID: newReplicaID ?? .random())
    }

    /// The connection settings every Folio database is opened with: a busy timeout, foreign
    /// keys, `synchronous = NORMAL`, 8 KiB pages in a new file, a larger page cache and temporary
    /// storage in memory for the writer, and the `folio_json` function.
    public static var configuration: Configuration {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.foreignKeysEnabled = true
        // WAL with synchronous=NORMAL: a killed process loses nothing committed; only a power
        // cut can drop the last transactions, which the next sync brings back from the server.
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Both take effect only in a new file. 8 KiB pages hold the compressed content rows
            // with less slack than 4 KiB ones (about 5 % smaller files); incremental auto-vacuum
            // lets compactSearchIndex give the pages it frees back to the file system.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA page_size = 8192; PRAGMA auto_vacuum = INCREMENTAL")
                // The writer keeps up to 32 MiB of pages (SQLite's default is 2 MiB): a pull of a
                // whole library inserts into indexes on random ids (record, article, address),
                // whose pages would otherwise be read again for almost every row.
                try db.execute(sql: "PRAGMA cache_size = -32768")
                // A record's registers are inserted by one statement, which keeps a statement
                // journal; in memory it costs a copy of a few pages instead of temporary-file writes.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
            db.add(function: StoredValue.sqlFunction)
        }
        return config
    }

    static func migrate(_ writer: any DatabaseWriter, path: String, newReplicaID: ReplicaID) throws {
        let migrator = Schema.migrator
        do {
            try writer.read { db in
                let applied = try? migrator.appliedIdentifiers(db)
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                if applied == nil || (applied?.isEmpty == true), tables.contains(where: { $0 != "grdb_migrations" }) {
                    throw StoreError.notFolioDatabase(path: path)
                }
                if try migrator.hasBeenSuperseded(db) { throw StoreError.newerSchema(path: path) }
            }
            try migrator.migrate(writer)
            try writer.write { db in
                if try Int.fetchOne(db, sql: "SELECT count(*) FROM replica") == 0 {
                    try db.execute(
                        sql: "INSERT INTO replica (singleton, id, counter, clock, created_at) VALUES (1, ?, 0, 0, ?)",
                        arguments: [Int64(bitPattern: newReplicaID.rawValue), JSONCoding.formatDate(Date())])
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.translate(error, path: path)
        }
    }

    /// Runs `body` in one write transaction, translating SQLite failures into ``StoreError``;
    /// errors `body` throws itself (such as ``ApplyError``) pass through unchanged.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw translated(error)
        }
    }

    /// Runs `body` on a read-only snapshot.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch {
            throw translated(error)
        }
    }

    /// Runs `body` in one write transaction without blocking the caller's thread: an async
    /// caller (the sync engine, an async command) waits for the writer without holding a
    /// cooperative thread. Errors are translated as in ``write(_:)``.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw translated(error)
        }
    }

    /// Runs `body` on a read-only snapshot without blocking the caller's thread.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw translated(error)
        }
    }

    /// SQLite and decompression failures as ``StoreError``s; anything else passes through.
    private func translated(_ error: any Error) -> any Error {
        switch error {
        case let error as DatabaseError: return StoreError.translate(error, path: path)
        case let error as Zstd.Failure: return StoreError.damaged(path: path, reason: error.description)
        default: return error
        }
    }
}

extension StoreError {
    /// Maps SQLite result codes to the errors users see; anything else keeps SQLite's message.
    /// A file with SQLite's header that SQLite cannot read as a database is damaged, not foreign.
    static func translate(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL: return .diskFull
            case .SQLITE_READONLY: return .readOnly(path: path)
            case .SQLITE_CORRUPT: return .damaged(path: path, reason: "SQLite: \(error.message ?? "database disk image is malformed")")
            case .SQLITE_NOTADB:
                return hasSQLiteHeader(path) ? .damaged(path: path, reason: "SQLite: file is not a database") : .notDatabase(path: path)
            default: return .failed(path: path, reason: error.message ?? "\(error.resultCode)")
            }
        }
        return .cannotOpen(path: path, reason: "\(error)")
    }

    /// True when the file starts with the 16 bytes every SQLite database starts with.
    static func hasSQLiteHeader(_ path: String) -> Bool {
        guard let file = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? file.close() }
        return (try? file.read(upToCount: 16)) == Data("SQLite format 3\u{0}".utf8)
    }
}
