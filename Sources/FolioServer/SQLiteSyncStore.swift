import FolioModel
import Foundation
import GRDB

/// The embedded store: one SQLite file (WAL) in the data directory.
///
/// `folio-server serve` and the account commands may open the same directory at the same time:
/// writers wait for each other (busy timeout) and readers never block.
public struct SQLiteSyncStore: SyncStore {
    /// The database file's name inside the data directory.
    public static let fileName = "folio-server.sqlite"

    let pool: DatabasePool
    /// Runs the sync writes (pushes), committing those that queue up together.
    let groupCommit: SQLiteGroupCommit

    /// Opens (creating if needed) the store in `directory` and runs the migrations. The directory
    /// is made 0700 and the database files 0600, whatever the umask; `maxBytes` caps the
    /// database's size (a write past it fails as a full disk would).
    public init(directory: URL, maxBytes: Int64? = nil) throws {
        let path = directory.appendingPathComponent(Self.fileName).path
        try PrivateFiles.prepare(directory: directory, database: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(15)
        configuration.label = "folio-server"
        // WAL with synchronous=NORMAL: a commit is not flushed to disk on its own, only at
        // checkpoints. A killed server loses nothing; a power cut can take the last moments of
        // pushes back, never corrupting the file. Every pushed change is still on the device
        // that made it, and a server that went back in time is healed by the protocol: devices
        // push against what it really knows (SPEC §5.2, `server_behind`). A flush per commit would
        // serialise every push behind a disk write.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteSchema.migrator.migrate(pool)
            // The cap holds on the one writer connection from here on, not during the migrations:
            // one may copy a table, and a store near its cap would otherwise never open again.
            if let maxBytes {
                try pool.writeWithoutTransaction { db in
                    let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                    try db.execute(sql: "PRAGMA max_page_count = \(max(1, maxBytes / pageSize))")
                }
            }
            groupCommit = SQLiteGroupCommit(pool: pool)
        } catch {
            throw StoreOpenError.explaining(error, path: path)
        }
    }

    /// Runs the reads every sync request makes on the calling thread, outside a transaction.
    ///
    /// A read in WAL mode never waits for a lock: it is a few microseconds of CPU. Run inline, it
    /// skips GRDB's hand-off to a reader queue and back, two thread wake-ups that cost more than
    /// the query. Without a transaction each statement reads one snapshot by itself; statements
    /// that must share one ask for it (``SQLiteTransaction/snapshot(_:)``), since BEGIN and COMMIT
    /// would double the cost of the one-statement reads (the token check, info). Writes, which can
    /// wait for each other, go through `pool.write`.
    func selectInline<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.unsafeRead(body)
    }

    // MARK: - Accounts

    public func createUser(name: String, passwordHash: String, now: Date) async throws -> Account {
        try AccountRules.checkUserName(name)
        return try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE name = ?", arguments: [name]) == true {
                throw AccountError.userExists(name)
            }
            let replica = ReplicaID.random()
            let epoch = UUID().uuidString.lowercased()
            try db.execute(
                sql: "INSERT INTO account (name, password_hash, replica, epoch, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [name, passwordHash, StoredValue.replica(replica), epoch, JSONCoding.formatDate(now)])
            return Account(id: UserID(rawValue: db.lastInsertedRowID), name: name, createdAt: now, epoch: epoch, replica: replica, activeTokens: 0)
        }
    }

    public func setPasswordHash(user name: String, passwordHash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE account SET password_hash = ? WHERE name = ?", arguments: [passwordHash, name])
            guard db.changesCount == 1 else { throw AccountError.noSuchUser(name) }
        }
    }

    public func users() async throws -> [Account] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.name, a.created_at, a.epoch, a.replica,
                       (SELECT count(*) FROM device_token t WHERE t.user_id = a.id AND t.revoked_at IS NULL) AS tokens
                FROM account a ORDER BY a.name
                """
            ).map { row in
                Account(
                    id: UserID(rawValue: row["id"]), name: row["name"], createdAt: try StoredValue.date(row["created_at"]),
                    epoch: row["epoch"], replica: StoredValue.replicaID(row["replica"]), activeTokens: row["tokens"])
            }
        }
    }

    public func removeUser(name: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM account WHERE name = ?", arguments: [name])
            guard db.changesCount == 1 else { throw AccountError.noSuchUser(name) }
        }
    }

    public func credentials(user name: String) async throws -> Credentials? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, password_hash, epoch FROM account WHERE name = ?", arguments: [name]).map { row in
                Credentials(user: UserID(rawValue: row["id"]), passwordHash: row["password_hash"], epoch: row["epoch"])
            }
        }
    }

    // MARK: - Device tokens

    /// How stale `last_used_at` may get before a request rewrites it: most requests stay read-only.
    static let lastUsedResolution: TimeInterval = 60

    public func createToken(user: UserID, tokenHash: String, device: String, now: Date) async throws -> DeviceTokenInfo {
        try await pool.write { db in
            guard let name = try String.fetchOne(db, sql: "SELECT name FROM account WHERE id = ?", arguments: [user.rawValue]) else {
                throw AccountError.noSuchUser(user.description)
            }
            try db.execute(
                sql: "INSERT INTO device_token (user_id, hash, device, created_at, last_used_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [user.rawValue, tokenHash, device, JSONCoding.formatDate(now), JSONCoding.formatDate(now)])
            return DeviceTokenInfo(id: db.lastInsertedRowID, user: name, device: device, createdAt: now, lastUsedAt: now, revokedAt: nil)
        }
    }

    public func authenticate(tokenHash: String, now: Date) async throws -> TokenStatus {
        // Stored times are JSONCoding.formatDate text, which sorts as the times do.
        let staleBefore = JSONCoding.formatDate(now.addingTimeInterval(-Self.lastUsedResolution))
        let found = try selectInline { db in
            try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT id, user_id, last_used_at IS NULL OR last_used_at <= ? AS stale, revoked_at IS NOT NULL AS revoked
                    FROM device_token WHERE hash = ?
                    """),
                arguments: [staleBefore, tokenHash]
            ).map { row in (id: row["id"] as Int64, user: UserID(rawValue: row["user_id"]), stale: row["stale"] as Bool, revoked: row["revoked"] as Bool) }
        }
        guard let found else { return .unknown }
        guard !found.revoked else { return .revoked }
        if found.stale {
            try await pool.write { db in
                try db.execute(sql: "UPDATE device_token SET last_used_at = ? WHERE id = ?", arguments: [JSONCoding.formatDate(now), found.id])
            }
        }
        return .valid(found.user)
    }

    public func tokens(user name: String?) async throws -> [DeviceTokenInfo] {
        try await pool.read { db in
            if let name, try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE name = ?", arguments: [name]) != true {
                throw AccountError.noSuchUser(name)
            }
            return try Row.fetchAll(db, sql: """
                SELECT t.id, a.name, t.device, t.created_at, t.last_used_at, t.revoked_at
                FROM device_token t JOIN account a ON a.id = t.user_id
                WHERE ?1 IS NULL OR a.name = ?1 ORDER BY t.id
                """, arguments: [name]
            ).map { row in
                DeviceTokenInfo(
                    id: row["id"], user: row["name"], device: row["device"], createdAt: try StoredValue.date(row["created_at"]),
                    lastUsedAt: (row["last_used_at"] as String?).flatMap(JSONCoding.parseDate),
                    revokedAt: (row["revoked_at"] as String?).flatMap(JSONCoding.parseDate))
            }
        }
    }

    public func revokeToken(id: Int64, now: Date) async throws {
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM device_token WHERE id = ?", arguments: [id]) == true else {
                throw AccountError.noSuchToken(id)
            }
            try db.execute(sql: "UPDATE device_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [JSONCoding.formatDate(now), id])
        }
    }

    public func revokeToken(hash: String, now: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE device_token SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL", arguments: [JSONCoding.formatDate(now), hash])
        }
    }
}
