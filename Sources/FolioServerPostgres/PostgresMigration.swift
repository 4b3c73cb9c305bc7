import FolioServer
import Foundation
import GRDB
import Logging
import PostgresNIO

/// Moves a folio-server from its SQLite data directory to a PostgreSQL database: every account
/// with its password hash, replica id and epoch, every device token, record, register, vector
/// entry and conflict log entry is copied as it is, ids and sequence numbers included. Devices then
/// go on syncing where they stopped: the epoch, their tokens and the server's knowledge are the same.
public enum PostgresMigration {
    /// What was copied.
    public struct Counts: Sendable, Equatable, Encodable {
        public var users = 0
        public var tokens = 0
        public var records = 0
        public var registers = 0
        public var conflicts = 0
    }

    /// Rows sent per INSERT.
    static let batch = 1_000

    /// Copies the SQLite store at `sqlitePath` into the empty database at `url`, in one
    /// PostgreSQL transaction: on any failure nothing is left behind. `progress` hears of each table.
    public static func copy(sqlitePath: String, to url: PostgresDatabaseURL, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Counts {
        var configuration = Configuration()
        configuration.readonly = true
        let source = try DatabaseQueue(path: sqlitePath, configuration: configuration)
        let store = try await PostgresSyncStore(url: url)
        do {
            let counts = try await store.connections.transaction("BEGIN") { connection in
                try source.read { db in try copy(db, into: connection, logger: store.logger, progress: progress) }
            }
            // Statistics for the planner, and the visibility map and hint bits set once, now
            // rather than by autovacuum under the first load (outside the copy's transaction, as VACUUM must be).
            _ = try await store.connections.run { connection in try connection.execute("VACUUM (ANALYZE)", store.logger) }
            await store.close()
            return counts
        } catch {
            await store.close()
            throw error
        }
    }

    static func copy(_ db: Database, into connection: PostgresConnection, logger: Logger, progress: (String) -> Void) throws -> Counts {
        let existing = try connection.rows("SELECT count(*) FROM account", logger).first?.decode(Int64.self) ?? 0
        guard existing == 0 else {
            throw PostgresStoreError("the database already holds \(existing) user(s); migrate only into an empty database")
        }
        var counts = Counts()
        progress("users")
        for row in try Row.fetchAll(db, sql: "SELECT id, name, password_hash, replica, epoch, change_seq, created_at FROM account") {
            let (id, name, hash, replica, epoch, seq, created): (Int64, String, String, Int64, String, Int64, String) =
                (row[0], row[1], row[2], row[3], row[4], row[5], row[6])
            try connection.execute("""
                INSERT INTO account (id, name, password_hash, replica, epoch, change_seq, created_at)
                VALUES (\(id), \(name), \(hash), \(replica), \(epoch), \(seq), \(created))
                """, logger)
            counts.users += 1
        }
        progress("device tokens")
        for row in try Row.fetchAll(db, sql: "SELECT id, user_id, hash, device, created_at, last_used_at, revoked_at, replica FROM device_token") {
            let (id, user, hash, device, created): (Int64, Int64, String, String, String) = (row[0], row[1], row[2], row[3], row[4])
            let (lastUsed, revoked, replica): (String?, String?, Int64?) = (row[5], row[6], row[7])
            try connection.execute("""
                INSERT INTO device_token (id, user_id, hash, device, created_at, last_used_at, revoked_at, replica)
                VALUES (\(id), \(user), \(hash), \(device), \(created), \(lastUsed), \(revoked), \(replica))
                """, logger)
            counts.tokens += 1
        }
        progress("vectors")
        for table in ["knowledge", "replica_seen"] {
            try inBatches(db, "SELECT user_id, replica, counter FROM \(table)") { rows in
                let (users, replicas, counters) = (rows.map { $0[0] as Int64 }, rows.map { $0[1] as Int64 }, rows.map { $0[2] as Int64 })
                try connection.execute(PostgresQuery(unsafeSQL: "INSERT INTO \(table) (user_id, replica, counter) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])",
                                                     binds: binds(users, replicas, counters)), logger)
            }
        }
        progress("records")
        try inBatches(db, "SELECT user_id, id, kind, vector, changed_seq FROM record") { rows in
            try connection.execute("""
                INSERT INTO record (user_id, id, kind, vector, changed_seq)
                SELECT * FROM unnest(\(rows.map { $0[0] as Int64 })::bigint[], \(rows.map { $0[1] as String })::text[], \(rows.map { $0[2] as String })::text[],
                                     \(rows.map { $0[3] as String })::text[], \(rows.map { $0[4] as Int64 })::bigint[])
                """, logger)
            counts.records += rows.count
        }
        progress("registers")
        try inBatches(db, "SELECT user_id, record_id, field, replica, counter, stamp, value FROM register") { rows in
            try connection.execute("""
                INSERT INTO register (user_id, record_id, field, replica, counter, stamp, value)
                SELECT * FROM unnest(\(rows.map { $0[0] as Int64 })::bigint[], \(rows.map { $0[1] as String })::text[], \(rows.map { $0[2] as String })::text[],
                                     \(rows.map { $0[3] as Int64 })::bigint[], \(rows.map { $0[4] as Int64 })::bigint[], \(rows.map { $0[5] as Int64 })::bigint[],
                                     \(rows.map { $0[6] as String })::text[])
                """, logger)
            counts.registers += rows.count
        }
        progress("conflicts")
        try inBatches(db, "SELECT seq, user_id, record_id, field, kept, lost, lost_dot, logged_at FROM conflict") { rows in
            try connection.execute("""
                INSERT INTO conflict (seq, user_id, record_id, field, kept, lost, lost_dot, logged_at)
                SELECT * FROM unnest(\(rows.map { $0[0] as Int64 })::bigint[], \(rows.map { $0[1] as Int64 })::bigint[], \(rows.map { $0[2] as String })::text[],
                                     \(rows.map { $0[3] as String })::text[], \(rows.map { $0[4] as String })::text[], \(rows.map { $0[5] as String })::text[],
                                     \(rows.map { $0[6] as String })::text[], \(rows.map { $0[7] as String })::text[])
                """, logger)
            counts.conflicts += rows.count
        }
        // New accounts, tokens and conflicts continue after the copied ids.
        for (table, column) in [("account", "id"), ("device_token", "id"), ("conflict", "seq")] {
            try connection.execute(PostgresQuery(unsafeSQL: """
                SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), (SELECT COALESCE(max(\(column)), 0) + 1 FROM \(table)), false)
                """), logger)
        }
        return counts
    }

    /// Reads `sql` in batches of ``batch`` rows and hands each to `insert`.
    static func inBatches(_ db: Database, _ sql: String, _ insert: ([Row]) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db, sql: sql)
        var rows: [Row] = []
        while let row = try cursor.next() {
            rows.append(row.copy())
            if rows.count == batch {
                try insert(rows)
                rows.removeAll(keepingCapacity: true)
            }
        }
        if !rows.isEmpty { try insert(rows) }
    }

    static func binds(_ columns: [Int64]...) -> PostgresBindings {
        var bindings = PostgresBindings()
        for column in columns { bindings.append(column) }
        return bindings
    }
}
