import FolioModel
import Foundation
import GRDB

/// Loading and saving record states: the only code that reads or writes `record` and `register`.
enum RecordStorage {
    static func key(_ id: UUID) -> String { id.uuidString.lowercased() }

    static func load(_ db: Database, id: UUID) throws -> RecordState? {
        guard let row = try Row.fetchOne(db, sql: "SELECT kind, vector FROM record WHERE id = ?", arguments: [key(id)]) else { return nil }
        guard let kind = RecordKind(rawValue: row["kind"]) else { return nil }
        let vector = try JSONCoding.decoder.decode(VersionVector.self, from: Data((row["vector"] as String).utf8))
        let registers = try Row.fetchAll(db, sql: "SELECT field, replica, counter, stamp, value FROM register WHERE record_id = ?", arguments: [key(id)])
            .map(register(from:))
        return RecordState(id: id, kind: kind, vector: vector, registers: registers)
    }

    static func register(from row: Row) throws -> Register {
        Register(
            field: row["field"],
            value: try JSONValue(json: row["value"]),
            dot: Dot(replica: ReplicaID(rawValue: UInt64(bitPattern: row["replica"])), counter: UInt64(row["counter"] as Int64)),
            stamp: HLCStamp(packed: row["stamp"]))
    }

    /// Writes `new` over `old` (nil for a new record): only the registers that differ are touched.
    static func save(_ db: Database, old: RecordState?, new: RecordState) throws {
        let id = key(new.id)
        let vector = String(decoding: try JSONCoding.encoder.encode(new.vector), as: UTF8.self)
        if old == nil {
            try db.execute(sql: "INSERT INTO record (id, kind, vector) VALUES (?, ?, ?)", arguments: [id, new.kind.rawValue, vector])
        } else if old?.vector != new.vector {
            try db.execute(sql: "UPDATE record SET vector = ? WHERE id = ?", arguments: [vector, id])
        }
        let before = Set(old?.registers ?? [])
        let after = Set(new.registers)
        for gone in before.subtracting(after) {
            try db.execute(
                sql: "DELETE FROM register WHERE record_id = ? AND field = ? AND replica = ? AND counter = ?",
                arguments: [id, gone.field, Int64(bitPattern: gone.dot.replica.rawValue), Int64(gone.dot.counter)])
        }
        for added in after.subtracting(before) {
            try db.execute(
                sql: "INSERT INTO register (record_id, field, replica, counter, stamp, value) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, added.field, Int64(bitPattern: added.dot.replica.rawValue), Int64(added.dot.counter), added.stamp.packed, added.value.canonicalJSON])
        }
    }
}
