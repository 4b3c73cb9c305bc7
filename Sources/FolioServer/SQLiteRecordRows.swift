import FolioModel
import Foundation
import GRDB

/// Loading and saving one user's record states: the only code that reads or writes `record` and `register`.
///
/// Reading is in two steps, so a register's value (an article's content is kilobytes of JSON) is read
/// and decoded only when it is needed: ``outlines(_:user:ids:)`` reads records with their small
/// values, then ``values(_:user:id:of:)`` reads the other values a pull or a merge needs.
enum SQLiteRecordRows {

    /// The outlines of the records among `ids` that exist, with the values of at most
    /// ``RecordOutline/inlineValueBytes`` characters except content: SQLite (before 3.43) reads a
    /// text value in full to tell its length, and content is an article's text.
    ///
    /// A row names its record by its place in the list of keys, so a record's key and columns are
    /// read once, not once per register. With `knowledge`, only the values of the registers it
    /// does not cover come along (a pull's page sends no other).
    static func outlines(_ db: Database, user: UserID, ids: [UUID], valuesNotCoveredBy knowledge: VersionVector? = nil) throws -> [UUID: RecordOutline] {
        let keys = Set(ids).map(StoredValue.key)
        guard !keys.isEmpty else { return [:] }
        // CROSS JOIN keeps the list the outer loop: each record is found by its key.
        let statement = try db.cachedStatement(sql: """
            SELECT k.key, r.kind, r.vector, r.changed_seq, g.field, g.replica, g.counter, g.stamp,
                   CASE WHEN g.field <> ?3 AND length(g.value) <= ?4 THEN g.value END
            FROM json_each(?2) k CROSS JOIN record r ON r.user_id = ?1 AND r.id = k.value
            LEFT JOIN register g ON g.user_id = r.user_id AND g.record_id = r.id
            """)
        let list = "[" + keys.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        let rows = try Row.fetchCursor(statement, arguments: [user.rawValue, list, Field.content, RecordOutline.inlineValueBytes])
        var outlineRows: [OutlineRow] = []
        var record: OutlineRow?
        while let row = try rows.next() {
            let key = keys[row[0]]
            if record?.key != key {
                record = OutlineRow(key: key, kind: row[1], vector: row[2], changedSeq: row[3], register: nil)
            }
            var outlineRow = record!
            outlineRow.register = (row[4] as String?).map { field in
                let dot = Dot(replica: StoredValue.replicaID(row[5]), counter: UInt64(row[6] as Int64))
                let wanted = knowledge.map { !$0.covers(dot) } ?? true
                return (field: field, dot: dot, stored: wanted ? (row[8] as String?).map { StoredRegister(stamp: row[7], value: $0) } : nil)
            }
            outlineRows.append(outlineRow)
        }
        return try RecordOutline.assemble(outlineRows)
    }

    /// The stored stamps and values of `registers` of record `id`, each looked up by its key.
    static func values(_ db: Database, user: UserID, id: UUID, of registers: [Register]) throws -> [Register: StoredRegister] {
        let key = StoredValue.key(id)
        let one = try db.cachedStatement(sql: "SELECT stamp, value FROM register WHERE user_id = ? AND record_id = ? AND field = ? AND replica = ? AND counter = ?")
        var values: [Register: StoredRegister] = [:]
        for stub in registers {
            if let row = try Row.fetchOne(one, arguments: [user.rawValue, key, stub.field, StoredValue.replica(stub.dot.replica), Int64(stub.dot.counter)]) {
                values[stub] = StoredRegister(stamp: row[0], value: row[1])
            }
        }
        return values
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
