import FolioModel
import Foundation
import GRDB

/// Loading and saving record states: the only code that reads or writes `record` and `register`.
enum RecordStorage {
    static func key(_ id: UUID) -> String { id.uuidString.lowercased() }

    /// A record's state with every register, or nil when there is no such record.
    static func load(_ db: Database, id: UUID) throws -> RecordState? {
        try load(db, id: id) { record in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT field, replica, counter, stamp, value FROM register WHERE record = ?"), arguments: [record])
        }
    }

    /// A record's state with its whole vector but only the registers of `fields`: a one-field
    /// edit neither reads nor decompresses the content. Save it back only with changes to
    /// these fields (``save(_:old:new:)`` touches just the registers it is given).
    static func load(_ db: Database, id: UUID, fields: Set<String>) throws -> RecordState? {
        let names = String(decoding: try JSONEncoder().encode(fields.sorted()), as: UTF8.self)
        return try load(db, id: id) { record in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT field, replica, counter, stamp, value FROM register WHERE record = ? AND field IN (SELECT value FROM json_each(?))"),
                arguments: [record, names])
        }
    }

    private static func load(_ db: Database, id: UUID, registers: (Int64) throws -> [Row]) throws -> RecordState? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT rowid, kind, vector FROM record WHERE id = ?"), arguments: [key(id)]),
              let kind = RecordKind(rawValue: row["kind"]) else { return nil }
        let vector = try VersionVector(json: row["vector"])
        return RecordState(id: id, kind: kind, vector: vector, registers: try registers(row["rowid"]).map(register(from:)))
    }

    static func register(from row: Row) throws -> Register {
        Register(
            field: row["field"],
            value: try StoredValue.decode(row["value"]),
            dot: Dot(replica: ReplicaID(rawValue: UInt64(bitPattern: row["replica"])), counter: UInt64(row["counter"] as Int64)),
            stamp: HLCStamp(packed: row["stamp"]))
    }

    /// Writes `new` over `old` (nil for a new record): only the registers that differ are touched.
    /// Values in `prepared` are written in the stored form made there.
    static func save(_ db: Database, old: RecordState?, new: RecordState, prepared: PreparedValues = PreparedValues()) throws {
        let record: Int64
        if old == nil {
            try db.cachedStatement(sql: "INSERT INTO record (id, kind, vector) VALUES (?, ?, ?)").execute(arguments: [key(new.id), new.kind.rawValue, new.vector.json])
            record = db.lastInsertedRowID
        } else {
            guard let existing = try Int64.fetchOne(db.cachedStatement(sql: "SELECT rowid FROM record WHERE id = ?"), arguments: [key(new.id)]) else {
                throw StoreError.notFound(key(new.id))
            }
            record = existing
            if old?.vector != new.vector {
                try db.cachedStatement(sql: "UPDATE record SET vector = ? WHERE rowid = ?").execute(arguments: [new.vector.json, record])
            }
        }
        // Registers are matched by (field, dot): comparing whole values of every register
        // (the content holds the article's text) would dominate the cost of an apply.
        struct Key: Hashable { var field: String; var dot: Dot }
        var before: [Key: Register] = [:]
        for register in old?.registers ?? [] { before[Key(field: register.field, dot: register.dot)] = register }
        var added: [Register] = []
        for register in new.registers {
            guard let existing = before.removeValue(forKey: Key(field: register.field, dot: register.dot)) else {
                added.append(register)
                continue
            }
            guard existing.value != register.value else { continue }
            try db.cachedStatement(sql: "UPDATE register SET value = ? WHERE record = ? AND field = ? AND replica = ? AND counter = ?")
                .execute(arguments: [prepared.stored(register, of: new.id), record, register.field,
                                     Int64(bitPattern: register.dot.replica.rawValue), Int64(register.dot.counter)])
        }
        try insert(db, added, record: record, of: new.id, prepared: prepared)
        for gone in before.values {
            try db.cachedStatement(sql: "DELETE FROM register WHERE record = ? AND field = ? AND replica = ? AND counter = ?")
                .execute(arguments: [record, gone.field, Int64(bitPattern: gone.dot.replica.rawValue), Int64(gone.dot.counter)])
        }
    }

    /// Registers inserted by one statement at most (six values each).
    static let insertRows = 64

    /// Inserts `registers` of a record with one multi-row statement per ``insertRows``: a new
    /// article's dozen registers cost one statement, not twelve. (Such a statement opens a
    /// statement savepoint; see ``SearchIndex/Changes`` for why the search index does not mind.)
    private static func insert(_ db: Database, _ registers: [Register], record: Int64, of id: UUID, prepared: PreparedValues) throws {
        for start in stride(from: 0, to: registers.count, by: insertRows) {
            let rows = registers[start..<min(start + insertRows, registers.count)]
            var values: [DatabaseValue] = []
            values.reserveCapacity(rows.count * 6)
            for register in rows {
                values += [record.databaseValue, register.field.databaseValue, Int64(bitPattern: register.dot.replica.rawValue).databaseValue,
                           Int64(register.dot.counter).databaseValue, register.stamp.packed.databaseValue, prepared.stored(register, of: id)]
            }
            let placeholders = repeatElement("(?, ?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", ")
            try db.cachedStatement(sql: "INSERT INTO register (record, field, replica, counter, stamp, value) VALUES \(placeholders)")
                .execute(arguments: StatementArguments(values))
        }
    }
}
