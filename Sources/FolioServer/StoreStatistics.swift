import FolioModel
import Foundation
import GRDB

/// A quick look at what a store holds, for `folio-server status`.
public struct StoreStatistics: Codable, Sendable, Equatable {
    public var users: Int
    public var activeTokens: Int
    public var revokedTokens: Int
    /// When any device last made a request (to the minute).
    public var lastDeviceRequest: Date?
    public var records: Int
    public var conflictsLogged: Int
    /// The database (SQLite's file, or PostgreSQL's database), in bytes.
    public var databaseBytes: Int64
    /// SQLite's write-ahead log, in bytes; nil on PostgreSQL, whose log belongs to the whole cluster.
    public var walBytes: Int64?

    public init(users: Int, activeTokens: Int, revokedTokens: Int, lastDeviceRequest: Date?, records: Int, conflictsLogged: Int,
                databaseBytes: Int64, walBytes: Int64?) {
        self.users = users
        self.activeTokens = activeTokens
        self.revokedTokens = revokedTokens
        self.lastDeviceRequest = lastDeviceRequest
        self.records = records
        self.conflictsLogged = conflictsLogged
        self.databaseBytes = databaseBytes
        self.walBytes = walBytes
    }
}

extension SQLiteSyncStore {
    /// Counts of users, tokens, records and conflicts, and the files' sizes.
    public func statistics() async throws -> StoreStatistics {
        let path = pool.path
        return try await pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM account) AS users,
                       (SELECT count(*) FROM device_token WHERE revoked_at IS NULL) AS active,
                       (SELECT count(*) FROM device_token WHERE revoked_at IS NOT NULL) AS revoked,
                       (SELECT max(last_used_at) FROM device_token) AS last_used,
                       (SELECT count(*) FROM record) AS records,
                       (SELECT count(*) FROM conflict) AS conflicts
                """)!
            return StoreStatistics(
                users: row["users"], activeTokens: row["active"], revokedTokens: row["revoked"],
                lastDeviceRequest: (row["last_used"] as String?).flatMap(JSONCoding.parseDate),
                records: row["records"], conflictsLogged: row["conflicts"],
                databaseBytes: Self.size(of: path), walBytes: Self.size(of: path + "-wal"))
        }
    }

    public func checkReadable() async throws {
        _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1 FROM account LIMIT 1") }
    }

    private static func size(of path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
