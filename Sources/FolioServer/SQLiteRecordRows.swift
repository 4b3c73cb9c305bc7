import FolioModel
import Foundation
import GRDB

/// Loading and saving one user's record states: the only code that reads or writes `record` and `register`.
enum SQLiteRecordRows {
    static func key(_ id: UUID) -> String { id.uuidString.lowercased() }

    static func replicaValue(_ replica: ReplicaID) -> Int64 { Int64(bitPattern: replica.rawValue) }

    static func replica(_ value: Int64) -> ReplicaID { ReplicaID(rawValue: UInt64(bitPattern: value)) }

    /// A record with every register, and the bytes of its register values (to size pull pages).
    static func load(_ db: Database, user: UserID, id: UUID) throws -> (state: RecordState, bytes: Int)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT kind, vector FROM record WHERE user_id = ? AND id = ?", arguments: [user.rawValue, key(id)]) else { return nil }
        guard let kind = RecordKind(rawValue: row["kind"]) else { throw StoreCorruption("record \(key(id)) has unknown kind \(row["kind"] as String)") }
        let vector = try JSONCoding.decoder.decode(VersionVector.self, from: Data((row["vector"] as String).utf8))
        var bytes = 0
        let registers = try Row.fetchAll(
            db, sql: "SELECT field, replica, counter, stamp, value FROM register WHERE user_id = ? AND record_id = ?",
            arguments: [user.rawValue, key(id)]
        ).map { row in
            let value: String = row["value"]
            bytes += value.utf8.count + 64
            return Register(
                field: row["field"], value: try JSONValue(json: value),
                dot: Dot(replica: replica(row["replica"]), counter: UInt64(row["counter"] as Int64)),
                stamp: HLCStamp(packed: row["stamp"]))
        }
        return (RecordState(id: id, kind: kind, vector: vector, registers: registers), bytes)
    }

    /// The dots of a record's registers and the change sequence number of its last change.
    static func dots(_ db: Database, user: UserID, id: String) throws -> (dots: [Dot], changedSeq: Int64) {
        let changedSeq = try Int64.fetchOne(db, sql: "SELECT changed_seq FROM record WHERE user_id = ? AND id = ?", arguments: [user.rawValue, id]) ?? 0
        let dots = try Row.fetchAll(db, sql: "SELECT replica, counter FROM register WHERE user_id = ? AND record_id = ?", arguments: [user.rawValue, id])
            .map { Dot(replica: replica($0[0]), counter: UInt64($0[1] as Int64)) }
        return (dots, changedSeq)
    }

    /// Writes `new` over `old` (nil for a new record): only the registers that differ are touched.
    static func save(_ db: Database, user: UserID, old: RecordState?, new: RecordState, changedSeq: Int64) throws {
        let id = key(new.id)
        let vector = String(decoding: try JSONCoding.encoder.encode(new.vector), as: UTF8.self)
        if old == nil {
            try db.execute(
                sql: "INSERT INTO record (user_id, id, kind, vector, changed_seq) VALUES (?, ?, ?, ?, ?)",
                arguments: [user.rawValue, id, new.kind.rawValue, vector, changedSeq])
        } else {
            try db.execute(
                sql: "UPDATE record SET vector = ?, changed_seq = ? WHERE user_id = ? AND id = ?",
                arguments: [vector, changedSeq, user.rawValue, id])
        }
        let before = Set(old?.registers ?? [])
        let after = Set(new.registers)
        for gone in before.subtracting(after) {
            try db.execute(
                sql: "DELETE FROM register WHERE user_id = ? AND record_id = ? AND field = ? AND replica = ? AND counter = ?",
                arguments: [user.rawValue, id, gone.field, replicaValue(gone.dot.replica), Int64(gone.dot.counter)])
        }
        for added in after.subtracting(before) {
            try db.execute(
                sql: """
                    INSERT INTO register (user_id, record_id, field, replica, counter, stamp, value) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (user_id, record_id, field, replica, counter) DO UPDATE SET stamp = excluded.stamp, value = excluded.value
                    """,
                arguments: [user.rawValue, id, added.field, replicaValue(added.dot.replica), Int64(added.dot.counter), added.stamp.packed, added.value.canonicalJSON])
        }
    }
}

/// Stored data that cannot be read back: a bug or a damaged database, never the client's fault.
struct StoreCorruption: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
