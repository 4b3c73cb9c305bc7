import FolioModel
import FolioServer
import Foundation
import Logging
import PostgresNIO

/// The sync statements on one PostgreSQL connection inside a transaction, each waited for on
/// the calling thread (one of ``PostgresConnections``'s). Where SQLite runs a statement per
/// register, this one sends arrays, to save round trips.
public struct PostgresTransaction: SyncTransaction {
    let connection: PostgresConnection
    let logger: Logger

    /// Every read and write here is one transaction already (reads at REPEATABLE READ).
    public func snapshot<T>(_ body: () throws -> T) throws -> T { try body() }

    func rows(_ query: PostgresQuery) throws -> PostgresQueryResult { try connection.rows(query, logger) }

    public func space(user: UserID) throws -> (space: UserSpace, changeSeq: Int64) {
        let id = user.rawValue
        // The account, both vectors, the device names and the newest conflict's number in one round trip; names in token order,
        // so a device that logged in again is named by its newest token.
        let rows = try rows("""
            SELECT 0, replica, change_seq, epoch FROM account WHERE id = \(id)
            UNION ALL SELECT 1, replica, counter, NULL FROM knowledge WHERE user_id = \(id)
            UNION ALL SELECT 2, replica, counter, NULL FROM replica_seen WHERE user_id = \(id)
            UNION ALL SELECT 3, replica, id, device FROM device_token WHERE user_id = \(id) AND replica IS NOT NULL
            UNION ALL SELECT 4, 0, COALESCE(max(seq), 0), NULL FROM conflict WHERE user_id = \(id)
            ORDER BY 1, 3
            """)
        var account: (replica: ReplicaID, changeSeq: Int64, epoch: String)?
        var knowledge = VersionVector(), holds = VersionVector(), devices: [ReplicaID: String] = [:]
        var lastConflict: Int64 = 0
        for row in rows {
            let (part, replicaValue, number, text) = try row.decode((Int, Int64, Int64, String?).self)
            let replica = StoredValue.replicaID(replicaValue)
            switch part {
            case 0: account = (replica, number, text ?? "")
            case 1: knowledge[replica] = UInt64(number)
            case 2: holds[replica] = UInt64(number)
            case 3: devices[replica] = text ?? ""
            default: lastConflict = number
            }
        }
        guard let account else { throw ServerError.unknownToken }
        return (UserSpace(epoch: account.epoch, replica: account.replica, knowledge: knowledge, holds: holds, devices: devices,
                          lastConflictSeq: Int(lastConflict)), account.changeSeq)
    }

    public func nameReplica(_ replica: ReplicaID, tokenHash: String, user: UserID) throws {
        let value = StoredValue.replica(replica)
        try connection.execute("""
            UPDATE device_token SET replica = \(value) WHERE hash = \(tokenHash) AND user_id = \(user.rawValue) AND replica IS DISTINCT FROM \(value)
            """, logger)
    }

    public func outline(user: UserID, id: UUID) throws -> (state: RecordState, changedSeq: Int64)? {
        let key = StoredValue.key(id)
        let rows = try rows("""
            SELECT r.kind, r.vector, r.changed_seq, g.field, g.replica, g.counter
            FROM record r LEFT JOIN register g ON g.user_id = r.user_id AND g.record_id = r.id
            WHERE r.user_id = \(user.rawValue) AND r.id = \(key)
            """)
        var header: (kind: String, vector: String, changedSeq: Int64)?
        var registers: [Register] = []
        for row in rows {
            let (kind, vector, changedSeq, field, replica, counter) = try row.decode((String, String, Int64, String?, Int64?, Int64?).self)
            header = (kind, vector, changedSeq)
            if let field, let replica, let counter {
                registers.append(Register(field: field, value: .null, dot: Dot(replica: StoredValue.replicaID(replica), counter: UInt64(counter)), stamp: .zero))
            }
        }
        guard let header else { return nil }
        guard let kind = RecordKind(rawValue: header.kind) else { throw StoreCorruption("record \(key) has unknown kind \(header.kind)") }
        return (RecordState(id: id, kind: kind, vector: try VersionVector(json: header.vector), registers: registers), header.changedSeq)
    }

    public func filled(user: UserID, _ outline: RecordState, keeping wanted: [Register]) throws -> (state: RecordState, bytes: Int) {
        let key = StoredValue.key(outline.id)
        let query: PostgresQuery = wanted.count == outline.registers.count
            ? "SELECT field, replica, counter, stamp, value FROM register WHERE user_id = \(user.rawValue) AND record_id = \(key)"
            : "SELECT field, replica, counter, stamp, value FROM register WHERE user_id = \(user.rawValue) AND record_id = \(key) AND field = ANY(\(Array(Set(wanted.map(\.field)))))"
        var stored: [Dot: [String: (stamp: Int64, value: String)]] = [:]
        for row in try rows(query) {
            let (field, replica, counter, stamp, value) = try row.decode((String, Int64, Int64, Int64, String).self)
            stored[Dot(replica: StoredValue.replicaID(replica), counter: UInt64(counter)), default: [:]][field] = (stamp, value)
        }
        var bytes = 0
        let registers = try wanted.map { stub in
            guard let (stamp, value) = stored[stub.dot]?[stub.field] else {
                throw StoreCorruption("register \(stub.field) \(stub.dot) of record \(key) vanished while it was read")
            }
            bytes += value.utf8.count + 64
            return Register(field: stub.field, value: try JSONValue(json: value), dot: stub.dot, stamp: HLCStamp(packed: stamp))
        }
        return (RecordState(id: outline.id, kind: outline.kind, vector: outline.vector, registers: registers), bytes)
    }

    public func save(user: UserID, old: RecordState?, new: RecordState, changedSeq: Int64) throws {
        let id = StoredValue.key(new.id), userID = user.rawValue, vector = new.vector.json
        if old == nil {
            try connection.execute("""
                INSERT INTO record (user_id, id, kind, vector, changed_seq) VALUES (\(userID), \(id), \(new.kind.rawValue), \(vector), \(changedSeq))
                """, logger)
        } else {
            try connection.execute("UPDATE record SET vector = \(vector), changed_seq = \(changedSeq) WHERE user_id = \(userID) AND id = \(id)", logger)
        }
        let before = Set(old?.registers ?? [])
        let after = Set(new.registers)
        let gone = Array(before.subtracting(after))
        if !gone.isEmpty {
            try connection.execute("""
                DELETE FROM register WHERE user_id = \(userID) AND record_id = \(id)
                AND (field, replica, counter) IN (SELECT * FROM unnest(\(gone.map(\.field))::text[], \(gone.map { StoredValue.replica($0.dot.replica) })::int8[], \(gone.map { Int64($0.dot.counter) })::int8[]))
                """, logger)
        }
        let added = Array(after.subtracting(before))
        if !added.isEmpty {
            try connection.execute("""
                INSERT INTO register (user_id, record_id, field, replica, counter, stamp, value)
                SELECT \(userID), \(id), * FROM unnest(\(added.map(\.field))::text[], \(added.map { StoredValue.replica($0.dot.replica) })::int8[],
                    \(added.map { Int64($0.dot.counter) })::int8[], \(added.map(\.stamp.packed))::int8[], \(added.map(\.value.canonicalJSON))::text[])
                ON CONFLICT (user_id, record_id, field, replica, counter) DO UPDATE SET stamp = excluded.stamp, value = excluded.value
                """, logger)
        }
    }

    public func setChangeSeq(_ seq: Int64, user: UserID) throws {
        // NOTIFY is sent on commit, to every process listening (PostgresSyncStore.followChanges).
        try connection.execute("""
            WITH bumped AS (UPDATE account SET change_seq = \(seq) WHERE id = \(user.rawValue))
            SELECT pg_notify(\(PostgresSyncStore.changeChannel), \(String(user.rawValue)))
            """, logger)
    }

    public func raise(_ vector: SpaceVector, user: UserID, replica: ReplicaID, to counter: UInt64) throws {
        let table = switch vector {
        case .knowledge: "knowledge"
        case .holds: "replica_seen"
        }
        var binds = PostgresBindings()
        binds.append(user.rawValue)
        binds.append(StoredValue.replica(replica))
        binds.append(Int64(counter))
        try connection.execute(PostgresQuery(unsafeSQL: """
            INSERT INTO \(table) AS v (user_id, replica, counter) VALUES ($1, $2, $3)
            ON CONFLICT (user_id, replica) DO UPDATE SET counter = greatest(v.counter, excluded.counter)
            """, binds: binds), logger)
    }

    public func log(_ conflicts: [Conflict], user: UserID, now: Date, keep: Int) throws {
        let userID = user.rawValue, loggedAt = JSONCoding.formatDate(now)
        for conflict in conflicts {
            let entry = try ConflictLogEntry(conflict)
            try connection.execute("""
                INSERT INTO conflict (user_id, record_id, field, kept, lost, lost_dot, logged_at)
                VALUES (\(userID), \(StoredValue.key(conflict.recordID)), \(conflict.field), \(entry.kept), \(entry.lost), \(conflict.lost.dot.description), \(loggedAt))
                ON CONFLICT DO NOTHING
                """, logger)
        }
        try connection.execute("""
            DELETE FROM conflict WHERE user_id = \(userID)
            AND seq <= (SELECT seq FROM conflict WHERE user_id = \(userID) ORDER BY seq DESC LIMIT 1 OFFSET \(keep))
            """, logger)
    }

    public func conflicts(user: UserID, after seq: Int, limit: Int) throws -> ([Conflict], Int) {
        var last = seq
        let conflicts = try rows("""
            SELECT seq, record_id, field, kept, lost FROM conflict WHERE user_id = \(user.rawValue) AND seq > \(seq) ORDER BY seq LIMIT \(limit)
            """
        ).map { row in
            let (seq, recordID, field, kept, lost) = try row.decode((Int, String, String, String, String).self)
            last = seq
            return try ConflictLogEntry.conflict(seq: seq, recordID: recordID, field: field, kept: kept, lost: lost)
        }
        return (conflicts, last)
    }

    public func dots(user: UserID, replica: ReplicaID, after counter: UInt64, record: UUID?, limit: Int) throws -> [(counter: UInt64, record: UUID)] {
        // "~" sorts after every record key (bytewise): nil starts after the whole counter.
        try rows("""
            SELECT DISTINCT counter, record_id FROM register
            WHERE user_id = \(user.rawValue) AND replica = \(StoredValue.replica(replica))
            AND (counter, record_id) > (\(Int64(counter)), \(record.map { StoredValue.key($0) } ?? "~"))
            ORDER BY counter, record_id LIMIT \(limit)
            """
        ).map { row in
            let (counter, key) = try row.decode((Int64, String).self)
            return (UInt64(counter), try StoredValue.recordID(key))
        }
    }
}
