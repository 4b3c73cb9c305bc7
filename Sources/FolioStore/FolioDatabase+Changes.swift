import FolioModel
import Foundation
import GRDB

/// A local change to one record, for ``FolioDatabase/change(batch:now:)``: `build` sees the
/// record's current state (nil if new) and returns the field values to write.
public struct LocalChange {
    public var id: UUID
    public var kind: RecordKind
    public var build: (RecordState?) throws -> [(field: String, value: JSONValue)]

    public init(id: UUID, kind: RecordKind, build: @escaping (RecordState?) throws -> [(field: String, value: JSONValue)]) {
        self.id = id
        self.kind = kind
        self.build = build
    }
}

extension FolioDatabase {
    /// One local change: `build` sees the record's current state (nil if new) and returns the
    /// field values to write. Values equal to the current ones are dropped; if nothing is left,
    /// nothing is written and the result is false. Otherwise every written register gets the
    /// same new dot and stamp, in one transaction with the vector, knowledge and search index.
    @discardableResult
    public func change(
        _ id: UUID, kind: RecordKind, now: Date = Date(),
        _ build: (RecordState?) throws -> [(field: String, value: JSONValue)]
    ) throws -> Bool {
        try withoutActuallyEscaping(build) { build in
            try write { db in try !Self.change(db, LocalChange(id: id, kind: kind, build: build), now: now).isEmpty }
        }
    }

    /// Many local changes in one transaction (imports): each changed record still gets its own
    /// dot. Returns how many records changed.
    @discardableResult
    public func change(batch: [LocalChange], now: Date = Date()) throws -> Int {
        try write { db in try Self.change(db, batch, now: now) }
    }

    /// Applies `batch` inside a transaction, its search index rows last; returns how many records changed.
    static func change(_ db: Database, _ batch: [LocalChange], now: Date) throws -> Int {
        let index = SearchIndex.Changes()
        let count = try batch.reduce(0) { count, change in count + (try Self.change(db, change, now: now, index: index).isEmpty ? 0 : 1) }
        try index.write(db)
        return count
    }

    /// One local change inside a transaction; returns the fields it wrote (none: nothing changed).
    /// `index`: see ``Materializer/store(_:old:new:columnFields:prepared:index:)``.
    static func change(_ db: Database, _ change: LocalChange, now: Date, index: SearchIndex.Changes? = nil) throws -> [(field: String, value: JSONValue)] {
        let old = try RecordStorage.load(db, id: change.id)
        return try write(db, change.build(old), id: change.id, kind: change.kind, old: old, now: now, index: index)
    }

    /// A local change to a few fields of a live article, each of which decides at most one column
    /// of its row (``Materializer/columns``: progress, read date, flags, title, note…). Only
    /// the registers of `fields` are loaded and only their columns written, so a progress change
    /// on a long article neither decompresses its content nor rewrites its tag rows. `build`
    /// sees those registers and returns values for some of `fields`; the rest is as ``change(_:kind:now:_:)``.
    func changeColumns(
        _ id: UUID, _ fields: Set<String>, now: Date,
        _ build: (RecordState) throws -> [(field: String, value: JSONValue)]
    ) throws -> Bool {
        precondition(fields.allSatisfy { Materializer.columns.keys.contains($0) }, "\(fields) are not all column fields")
        return try write { db in
            guard try Self.isLive(db, id), let old = try RecordStorage.load(db, id: id, fields: fields) else {
                throw StoreError.notFound(RecordStorage.key(id))
            }
            let values = try build(old)
            precondition(values.allSatisfy { fields.contains($0.field) }, "a change writes only the fields it loaded")
            return try !Self.write(db, values, id: id, kind: .article, old: old, now: now, columnFields: fields).isEmpty
        }
    }

    /// True when `id` is an article that is not deleted for good (in the trash counts), read
    /// from its row rather than its registers.
    static func isLive(_ db: Database, _ id: UUID) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT deleted = 0 FROM article WHERE id = ?"), arguments: [RecordStorage.key(id)]) == true
    }

    /// Writes the `fields` whose values differ from `old`'s (nil for a new record) as one local
    /// write, and returns them; writes nothing when none differs. `columnFields` and `index`: see
    /// ``Materializer/store(_:old:new:columnFields:prepared:index:)``.
    static func write(
        _ db: Database, _ fields: [(field: String, value: JSONValue)], id: UUID, kind: RecordKind, old: RecordState?, now: Date,
        columnFields: Set<String>? = nil, index: SearchIndex.Changes? = nil
    ) throws -> [(field: String, value: JSONValue)] {
        let fields = fields.filter { old?.holds($0.field, $0.value) != true }
        guard !fields.isEmpty else { return [] }
        try write(db, fields, to: old ?? RecordState(id: id, kind: kind), old: old, now: now, columnFields: columnFields, index: index)
        return fields
    }

    /// Writes `fields` to `record` as one new local write: the next dot, a fresh stamp, the
    /// rulebook's check, and the vector, knowledge and search index in step.
    static func write(
        _ db: Database, _ fields: [(field: String, value: JSONValue)], to record: RecordState, old: RecordState?, now: Date,
        columnFields: Set<String>? = nil, index: SearchIndex.Changes? = nil
    ) throws {
        var info = try Self.replicaInfo(db)
        info.counter += 1
        let stamp = info.clock.tick(now: now)
        let dot = Dot(replica: info.id, counter: info.counter)
        var new = record
        new.write(fields, dot: dot, stamp: stamp)
        // The rulebook checks what this change writes (what peers will receive), so no device
        // makes a write that another replica refuses.
        try RecordRules(receiver: dot, horizon: stamp).check(RecordState(id: new.id, kind: new.kind, vector: new.vector, registers: new.registers.filter { $0.dot == dot }))
        try Materializer.store(db, old: old, new: new, columnFields: columnFields, index: index)
        try db.cachedStatement(sql: "UPDATE replica SET counter = ?, clock = ? WHERE singleton = 1").execute(arguments: [Int64(info.counter), stamp.packed])
        try Self.saveKnowledge(db, VersionVector([info.id: info.counter]))
    }
}
