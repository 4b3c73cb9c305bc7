import FolioModel
import Foundation
import GRDB

extension SQLiteSyncStore: SyncStorage {
    /// Reads run inline on the calling thread, outside a transaction unless they ask for a
    /// snapshot (``selectInline(_:)``): most requests read one statement's worth.
    public func read<T: Sendable>(confirming token: String?, _ body: @escaping @Sendable (SQLiteTransaction) throws -> T) async throws -> T {
        try selectInline { db in try body(SQLiteTransaction(db: db, confirming: token)) }
    }

    /// SQLite has one writer at a time, so holding the whole database holds every user's space.
    /// The writes that queue up behind one another share a transaction, each in a savepoint of
    /// its own (``SQLiteGroupCommit``).
    public func write<T: Sendable>(user: UserID, confirming token: String?, _ body: @escaping @Sendable (SQLiteTransaction) throws -> T) async throws -> T {
        try await groupCommit.write { db in try body(SQLiteTransaction(db: db, confirming: token)) }
    }

    /// Every commit empties the other connections' page caches (§9 of bench/analysis.md), so a
    /// small page reads fastest on the writer, inside the push; a larger one is left to the
    /// readers, so the one writer every user shares is not held while it is read.
    public static let pullAlongInWriteDots: UInt64 = 64
}

/// The sync statements on one SQLite connection inside a GRDB transaction; every statement is
/// cached (prepared once per connection).
public struct SQLiteTransaction: SyncTransaction {
    let db: Database
    /// The device token (hash) every read of the space confirms, if any.
    let confirming: String?

    public func snapshot<T>(_ body: () throws -> T) throws -> T {
        if db.isInsideTransaction { return try body() }
        var result: T?
        try db.inTransaction(.deferred) {
            result = try body()
            return .commit
        }
        return result!
    }

    /// The space in one statement (it runs for every request): the account row, both vectors, the
    /// device names, the newest conflict's number and the confirmed token's state, told apart by
    /// the first column.
    public func space(user: UserID) throws -> (space: UserSpace, changeSeq: Int64) {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT 0, replica, change_seq, epoch FROM account WHERE id = ?1
            UNION ALL SELECT 1, replica, counter, NULL FROM knowledge WHERE user_id = ?1
            UNION ALL SELECT 2, replica, counter, NULL FROM replica_seen WHERE user_id = ?1
            UNION ALL SELECT 3, replica, id, device FROM device_token WHERE user_id = ?1 AND replica IS NOT NULL
            UNION ALL SELECT 4, 0, COALESCE(max(seq), 0), NULL FROM conflict WHERE user_id = ?1
            UNION ALL SELECT 5, 0, revoked_at IS NOT NULL, NULL FROM device_token WHERE hash = ?2 AND user_id = ?1
            """), arguments: [user.rawValue, confirming])
        var account: (replica: ReplicaID, changeSeq: Int64, epoch: String)?
        var knowledge = VersionVector(), holds = VersionVector()
        // A device that logged in again is named by its newest token.
        var devices: [ReplicaID: (token: Int64, name: String)] = [:]
        var lastConflict: Int64 = 0
        var tokenRevoked: Bool?
        while let row = try rows.next() {
            let replica = StoredValue.replicaID(row[1]), number: Int64 = row[2]
            switch row[0] as Int {
            case 0: account = (replica, number, row[3])
            case 1: knowledge[replica] = UInt64(number)
            case 2: holds[replica] = UInt64(number)
            case 3: if number > devices[replica]?.token ?? .min { devices[replica] = (number, row[3]) }
            case 4: lastConflict = number
            default: tokenRevoked = number != 0
            }
        }
        guard let account else { throw ServerError.unknownToken }
        try TokenCache.confirm(confirming, revoked: tokenRevoked)
        let space = UserSpace(epoch: account.epoch, replica: account.replica, knowledge: knowledge, holds: holds,
                              devices: devices.mapValues(\.name), lastConflictSeq: Int(lastConflict))
        return (space, account.changeSeq)
    }

    public func nameReplica(_ replica: ReplicaID, tokenHash: String, user: UserID) throws {
        try db.cachedStatement(sql: "UPDATE device_token SET replica = ? WHERE hash = ? AND user_id = ? AND replica IS NOT ?")
            .execute(arguments: [StoredValue.replica(replica), tokenHash, user.rawValue, StoredValue.replica(replica)])
    }

    /// Every register, whatever `fields` says: SQLite's rows cost no round trip to leave out.
    public func outlines(user: UserID, ids: [UUID], fields: Set<String>?) throws -> [UUID: RecordOutline] {
        try SQLiteRecordRows.outlines(db, user: user, ids: ids)
    }

    public func values(user: UserID, id: UUID, of registers: [Register]) throws -> [Register: StoredRegister] {
        try SQLiteRecordRows.values(db, user: user, id: id, of: registers)
    }

    public func save(user: UserID, old: RecordState?, new: RecordState, changedSeq: Int64) throws {
        try SQLiteRecordRows.save(db, user: user, old: old, new: new, changedSeq: changedSeq)
    }

    public func setChangeSeq(_ seq: Int64, user: UserID) throws {
        try db.cachedStatement(sql: "UPDATE account SET change_seq = ? WHERE id = ?").execute(arguments: [seq, user.rawValue])
    }

    public func raise(_ vector: SpaceVector, user: UserID, replica: ReplicaID, to counter: UInt64) throws {
        let table = switch vector {
        case .knowledge: "knowledge"
        case .holds: "replica_seen"
        }
        try db.cachedStatement(sql: """
            INSERT INTO \(table) (user_id, replica, counter) VALUES (?, ?, ?)
            ON CONFLICT (user_id, replica) DO UPDATE SET counter = max(counter, excluded.counter)
            """
        ).execute(arguments: [user.rawValue, StoredValue.replica(replica), Int64(counter)])
    }

    public func log(_ conflicts: [Conflict], user: UserID, now: Date, keep: Int) throws -> Int {
        for conflict in conflicts {
            let entry = try ConflictLogEntry(conflict)
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO conflict (user_id, record_id, field, kept, lost, lost_dot, logged_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [user.rawValue, StoredValue.key(conflict.recordID), conflict.field,
                                     entry.kept, entry.lost, conflict.lost.dot.description, JSONCoding.formatDate(now)])
        }
        try db.cachedStatement(sql: "DELETE FROM conflict WHERE user_id = ?1 AND seq <= (SELECT seq FROM conflict WHERE user_id = ?1 ORDER BY seq DESC LIMIT 1 OFFSET ?2)")
            .execute(arguments: [user.rawValue, keep])
        return try Int.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(max(seq), 0) FROM conflict WHERE user_id = ?"), arguments: [user.rawValue]) ?? 0
    }

    public func conflicts(user: UserID, after seq: Int, limit: Int) throws -> ([Conflict], Int) {
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT seq, record_id, field, kept, lost FROM conflict WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?"),
            arguments: [user.rawValue, seq, limit])
        var conflicts: [Conflict] = []
        var last = seq
        while let row = try rows.next() {
            last = row[0]
            conflicts.append(try ConflictLogEntry.conflict(seq: last, recordID: row[1], field: row[2], kept: row[3], lost: row[4]))
        }
        return (conflicts, last)
    }

    /// One statement per replica, then one for the outlines: SQLite statements cost no round trip.
    public func scan(user: UserID, after starts: [DotPosition], limit: Int, outlinedAlready outlined: Set<UUID>, knowledge: VersionVector) throws -> ScanBatch {
        let entries = try dots(user: user, after: starts, limit: limit)
        let ids = Array(Set(entries.compactMap(\.record)).subtracting(outlined))
        return ScanBatch(dots: entries, outlines: try SQLiteRecordRows.outlines(db, user: user, ids: ids, valuesNotCoveredBy: knowledge))
    }

    private func dots(user: UserID, after starts: [DotPosition], limit: Int) throws -> [DotPosition] {
        // "~" sorts after every record key: nil starts after the whole counter.
        let statement = try db.cachedStatement(sql: """
            SELECT DISTINCT counter, record_id FROM register
            WHERE user_id = ?1 AND replica = ?2 AND (counter > ?3 OR (counter = ?3 AND record_id > ?4))
            ORDER BY counter, record_id LIMIT ?5
            """)
        var entries: [DotPosition] = []
        for start in starts where entries.count < limit {
            let arguments: StatementArguments = [user.rawValue, StoredValue.replica(start.replica), Int64(start.counter),
                                                 start.record.map { StoredValue.key($0) } ?? "~", limit - entries.count]
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try rows.next() {
                entries.append(DotPosition(replica: start.replica, counter: UInt64(row[0] as Int64), record: try StoredValue.recordID(row[1])))
            }
        }
        return entries
    }
}
