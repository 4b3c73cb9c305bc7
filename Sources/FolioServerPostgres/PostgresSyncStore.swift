import FolioModel
import FolioServer
import Foundation
import Logging
import PostgresNIO

/// The store on a PostgreSQL database, which several `folio-server` processes may share.
///
/// A push holds its user's account row (`SELECT … FOR NO KEY UPDATE`) until it commits, so
/// pushes to one space are serialised across processes while other users' pushes, logins and
/// pulls go on; within a process, a user's pushes that arrive while one runs share its next
/// transaction (``PostgresWriteGroups``). A pull reads one snapshot (`REPEATABLE READ`).
public struct PostgresSyncStore: SyncStore, SyncStorage {
    let connections: PostgresConnections
    let writeGroups: PostgresWriteGroups
    let logger: Logger

    /// Connections (and threads) a store uses at once unless told otherwise: twice this
    /// machine's cores, at least 4. A transaction sends its statements without waiting for each
    /// and a user's queued writes share one, so a few connections keep PostgreSQL busy; more only
    /// add threads and backends competing for the cores (bench/analysis.md §16, §19).
    public static let defaultConnections = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)

    /// Connects to `url`, checks that the database answers and applies the migrations.
    /// `connections` is the most connections (and threads) the store uses at once; a server also
    /// keeps one more to hear other processes' changes (``followChanges(_:)``).
    public init(url: PostgresDatabaseURL, connections: Int = defaultConnections, logger: Logger = Logger(label: "folio-server.postgres")) async throws {
        self.connections = PostgresConnections(url: url, size: connections, logger: logger)
        writeGroups = PostgresWriteGroups(connections: self.connections, logger: logger)
        self.logger = logger
        do {
            try await self.connections.run { connection in try PostgresSchema.migrate(connection, logger: logger) }
        } catch {
            await self.connections.close()
            throw error
        }
    }

    /// Closes the connections; the store is unusable afterwards.
    public func close() async {
        await connections.close()
    }

    // MARK: - SyncStorage

    /// Each statement alone; ``PostgresTransaction/snapshot(_:)`` for those that must share one.
    public func read<T: Sendable>(confirming token: String?, _ body: @escaping @Sendable (PostgresTransaction) throws -> T) async throws -> T {
        try await connections.runPooled { pooled in
            let transaction = PostgresTransaction(pooled, logger: logger, confirming: token)
            let result = try body(transaction)
            try transaction.settle()
            return result
        }
    }

    /// One transaction holding the user's account row, shared with the user's other writes that
    /// queue up meanwhile in this process (``PostgresWriteGroups``).
    public func write<T: Sendable>(user: UserID, confirming token: String?, _ body: @escaping @Sendable (PostgresTransaction) throws -> T) async throws -> T {
        try await writeGroups.write(user: user, confirming: token, body)
    }

    /// A write holds only its user's space, and every statement is a round trip: a small page
    /// pulled along (a few other devices' changes) shares the push's transaction, its BEGIN,
    /// lock and COMMIT; a larger one is read after it, so the user's other pushes need not wait.
    public static let pullAlongInWriteDots: UInt64 = 16

    // MARK: - Accounts

    public func createUser(name: String, passwordHash: String, now: Date) async throws -> Account {
        try AccountRules.checkUserName(name)
        return try await connections.run { connection in
            let replica = ReplicaID.random()
            let epoch = UUID().uuidString.lowercased()
            let rows = try connection.rows("""
                INSERT INTO account (name, password_hash, replica, epoch, created_at)
                VALUES (\(name), \(passwordHash), \(StoredValue.replica(replica)), \(epoch), \(JSONCoding.formatDate(now)))
                ON CONFLICT DO NOTHING RETURNING id
                """, logger)
            guard let id = try rows.first?.decode(Int64.self) else { throw AccountError.userExists(name) }
            return Account(id: UserID(rawValue: id), name: name, createdAt: now, epoch: epoch, replica: replica, activeTokens: 0)
        }
    }

    public func setPasswordHash(user name: String, passwordHash: String) async throws {
        try await connections.run { connection in
            guard try connection.execute("UPDATE account SET password_hash = \(passwordHash) WHERE lower(name) = lower(\(name))", logger) == 1 else {
                throw AccountError.noSuchUser(name)
            }
        }
    }

    public func users() async throws -> [Account] {
        try await connections.run { connection in
            try connection.rows("""
                SELECT a.id, a.name, a.created_at, a.epoch, a.replica,
                       (SELECT count(*) FROM device_token t WHERE t.user_id = a.id AND t.revoked_at IS NULL)
                FROM account a ORDER BY lower(a.name)
                """, logger
            ).map { row in
                let (id, name, createdAt, epoch, replica, tokens) = try row.decode((Int64, String, String, String, Int64, Int).self)
                return Account(id: UserID(rawValue: id), name: name, createdAt: try StoredValue.date(createdAt), epoch: epoch,
                               replica: StoredValue.replicaID(replica), activeTokens: tokens)
            }
        }
    }

    public func removeUser(name: String) async throws {
        try await connections.run { connection in
            guard try connection.execute("DELETE FROM account WHERE lower(name) = lower(\(name))", logger) == 1 else {
                throw AccountError.noSuchUser(name)
            }
        }
    }

    public func credentials(user name: String) async throws -> Credentials? {
        try await connections.run { connection in
            try connection.rows("SELECT id, password_hash, epoch FROM account WHERE lower(name) = lower(\(name))", logger).first.map { row in
                let (id, hash, epoch) = try row.decode((Int64, String, String).self)
                return Credentials(user: UserID(rawValue: id), passwordHash: hash, epoch: epoch)
            }
        }
    }

    public func statistics() async throws -> StoreStatistics {
        try await connections.run { connection in
            let row = try connection.rows("""
                SELECT (SELECT count(*) FROM account), (SELECT count(*) FROM device_token WHERE revoked_at IS NULL),
                       (SELECT count(*) FROM device_token WHERE revoked_at IS NOT NULL), (SELECT max(last_used_at) FROM device_token),
                       (SELECT count(*) FROM record), (SELECT count(*) FROM conflict), pg_database_size(current_database())
                """, logger).first!
            let (users, active, revoked, lastUsed, records, conflicts, bytes) = try row.decode((Int, Int, Int, String?, Int, Int, Int64).self)
            return StoreStatistics(users: users, activeTokens: active, revokedTokens: revoked, lastDeviceRequest: lastUsed.flatMap(JSONCoding.parseDate),
                                   records: records, conflictsLogged: conflicts, databaseBytes: bytes, walBytes: nil)
        }
    }

    public func checkReadable() async throws {
        try await connections.run { connection in _ = try connection.rows("SELECT 1 FROM account LIMIT 1", logger) }
    }

    // MARK: - Device tokens

    /// How stale `last_used_at` may get before a request rewrites it: most requests stay read-only.
    static let lastUsedResolution: TimeInterval = 60

    public func createToken(user: UserID, tokenHash: String, device: String, now: Date) async throws -> DeviceTokenInfo {
        try await connections.run { connection in
            let time = JSONCoding.formatDate(now)
            let rows = try connection.rows("""
                INSERT INTO device_token (user_id, hash, device, created_at, last_used_at)
                SELECT id, \(tokenHash), \(device), \(time), \(time) FROM account WHERE id = \(user.rawValue)
                RETURNING id, (SELECT name FROM account WHERE id = \(user.rawValue))
                """, logger)
            guard let row = rows.first else { throw AccountError.noSuchUser(user.description) }
            let (id, name) = try row.decode((Int64, String).self)
            return DeviceTokenInfo(id: id, user: name, device: device, createdAt: now, lastUsedAt: now, revokedAt: nil)
        }
    }

    public func authenticate(tokenHash: String, now: Date) async throws -> TokenStatus {
        let staleBefore = JSONCoding.formatDate(now.addingTimeInterval(-Self.lastUsedResolution))
        return try await connections.runPooled { pooled in
            let connection = pooled.connection
            guard let row = try pooled.statements.run("""
                SELECT id, user_id, last_used_at IS NULL OR last_used_at <= \(staleBefore), revoked_at IS NOT NULL
                FROM device_token WHERE hash = \(tokenHash)
                """, on: connection).wait().first else { return .unknown }
            let (id, user, stale, revoked) = try row.decode((Int64, Int64, Bool, Bool).self)
            guard !revoked else { return .revoked }
            if stale {
                try connection.execute("UPDATE device_token SET last_used_at = \(JSONCoding.formatDate(now)) WHERE id = \(id)", logger)
            }
            return .valid(UserID(rawValue: user))
        }
    }

    public func tokens(user name: String?) async throws -> [DeviceTokenInfo] {
        try await connections.run { connection in
            if let name, try connection.rows("SELECT 1 FROM account WHERE lower(name) = lower(\(name))", logger).first == nil {
                throw AccountError.noSuchUser(name)
            }
            return try connection.rows("""
                SELECT t.id, a.name, t.device, t.created_at, t.last_used_at, t.revoked_at
                FROM device_token t JOIN account a ON a.id = t.user_id
                WHERE \(name)::text IS NULL OR lower(a.name) = lower(\(name)) ORDER BY t.id
                """, logger
            ).map { row in
                let (id, user, device, createdAt, lastUsedAt, revokedAt) = try row.decode((Int64, String, String, String, String?, String?).self)
                return DeviceTokenInfo(
                    id: id, user: user, device: device, createdAt: try StoredValue.date(createdAt),
                    lastUsedAt: lastUsedAt.flatMap(JSONCoding.parseDate), revokedAt: revokedAt.flatMap(JSONCoding.parseDate))
            }
        }
    }

    public func revokeToken(id: Int64, now: Date) async throws {
        try await connections.run { connection in
            guard try connection.rows("SELECT 1 FROM device_token WHERE id = \(id)", logger).first != nil else { throw AccountError.noSuchToken(id) }
            try connection.execute("UPDATE device_token SET revoked_at = \(JSONCoding.formatDate(now)) WHERE id = \(id) AND revoked_at IS NULL", logger)
        }
    }

    public func revokeToken(hash: String, now: Date) async throws {
        try await connections.run { connection in
            _ = try connection.execute("UPDATE device_token SET revoked_at = \(JSONCoding.formatDate(now)) WHERE hash = \(hash) AND revoked_at IS NULL", logger)
        }
    }
}
