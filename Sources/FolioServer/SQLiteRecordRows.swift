import FolioModel
import Foundation
import GRDB

/// Loading and saving one user's record states: the only code that reads or writes `record` and `register`.
///
/// Reading is in two steps, so a register's value (an article's content is kilobytes of JSON) is read
/// and decoded only when it is needed: ``outline(_:user:id:)`` reads the record without register
/// values, then ``filled(_:user:_:keeping:)`` reads the values of the registers a pull or a merge needs.
enum SQLiteRecordRows {

    /// A record's kind, vector and every register's field and dot, but no values (registers are null
    /// with a zero stamp), and the change sequence number of its last change.
    static func outline(_ db: Database, user: UserID, id: UUID) throws -> (state: RecordState, changedSeq: Int64)? {
        let key = StoredValue.key(id)
        let statement = try db.cachedStatement(sql: """
            SELECT r.kind, r.vector, r.changed_seq, g.field, g.replica, g.counter
            FROM record r LEFT JOIN register g ON g.user_id = r.user_id AND g.record_id = r.id
            WHERE r.user_id = ? AND r.id = ?
            """)
        let rows = try Row.fetchAll(statement, arguments: [user.rawValue, key])
        guard let row = rows.first else { return nil }
        guard let kind = RecordKind(rawValue: row[0]) else { throw StoreCorruption("record \(key) has unknown kind \(row[0] as String)") }
        let registers = rows.compactMap { row -> Register? in
            guard let field: String = row[3] else { return nil }
            return Register(field: field, value: .null, dot: Dot(replica: StoredValue.replicaID(row[4]), counter: UInt64(row[5] as Int64)), stamp: .zero)
        }
        return (RecordState(id: id, kind: kind, vector: try VersionVector(json: row[1]), registers: registers), row[2])
    }

    /// `outline` with only the registers in `wanted` (registers of the outline), their stored values
    /// and stamps read, and the bytes of those values (to size pull pages). All the registers are
    /// read at once when all are wanted, else each is looked up by its key.
    static func filled(_ db: Database, user: UserID, _ outline: RecordState, keeping wanted: [Register]) throws -> (state: RecordState, bytes: Int) {
        let key = StoredValue.key(outline.id)
        var bytes = 0
        func register(field: String, dot: Dot, row: Row) throws -> Register {
            let value: String = row["value"]
            bytes += value.utf8.count + 64
            return Register(field: field, value: try JSONValue(json: value), dot: dot, stamp: HLCStamp(packed: row["stamp"]))
        }
        var registers: [Register] = []
        if wanted.count == outline.registers.count {
            let all = try db.cachedStatement(sql: "SELECT field, replica, counter, stamp, value FROM register WHERE user_id = ? AND record_id = ?")
            registers = try Row.fetchAll(all, arguments: [user.rawValue, key]).map { row in
                try register(field: row["field"], dot: Dot(replica: StoredValue.replicaID(row["replica"]), counter: UInt64(row["counter"] as Int64)), row: row)
            }
        } else {
            let one = try db.cachedStatement(sql: "SELECT stamp, value FROM register WHERE user_id = ? AND record_id = ? AND field = ? AND replica = ? AND counter = ?")
            for stub in wanted {
                guard let row = try Row.fetchOne(one, arguments: [user.rawValue, key, stub.field, StoredValue.replica(stub.dot.replica), Int64(stub.dot.counter)]) else {
                    throw StoreCorruption("register \(stub.field) \(stub.dot) of record \(key) vanished while it was read")
                }
                registers.append(try register(field: stub.field, dot: stub.dot, row: row))
            }
        }
        return (RecordState(id: outline.id, kind: outline.kind, vector: outline.vector, registers: registers), bytes)
    }

    /// Writes `new` over `old` (nil for a new record): only the registers that differ are touched.
    /// Both may hold only some of the record's fields, as long as they hold the same ones.
    static func save(_ db: Database, user: UserID, old: RecordState?, new: RecordState, changedSeq: Int64) throws {
        let id = StoredValue.key(new.id)
        let vector = new.vector.json
        if old == nil {
            try db.cachedStatement(sql: "INSERT INTO record (user_id, id, kind, vector, changed_seq) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [user.rawValue, id, new.kind.rawValue, vector, changedSeq])
        } else {
            try db.cachedStatement(sql: "UPDATE record SET vector = ?, changed_seq = ? WHERE user_id = ? AND id = ?")
                .execute(arguments: [vector, changedSeq, user.rawValue, id])
        }
        let before = Set(old?.registers ?? [])
        let after = Set(new.registers)
        for gone in before.subtracting(after) {
            try db.cachedStatement(sql: "DELETE FROM register WHERE user_id = ? AND record_id = ? AND field = ? AND replica = ? AND counter = ?")
                .execute(arguments: [user.rawValue, id, gone.field, StoredValue.replica(gone.dot.replica), Int64(gone.dot.counter)])
        }
        for added in after.subtracting(before) {
            try db.cachedStatement(sql: """
                INSERT INTO register (user_id, record_id, field, replica, counter, stamp, value) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id, record_id, field, replica, counter) DO UPDATE SET stamp = excluded.stamp, value = excluded.value
                """
            ).execute(arguments: [user.rawValue, id, added.field, StoredValue.replica(added.dot.replica), Int64(added.dot.counter), added.stamp.packed, added.value.canonicalJSON])
        }
    }
}

/// Stored data that cannot be read back: a bug or a damaged database, never the client's fault.
public struct StoreCorruption: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
