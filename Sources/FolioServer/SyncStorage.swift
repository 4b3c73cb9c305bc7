import FolioModel
import Foundation

/// The storage under ``SyncService``: transactions over the per-user sync tables, nothing else.
///
/// The service's push and pull are synchronous code over one ``SyncTransaction``, because
/// SQLite (GRDB) runs a transaction as a synchronous closure on its own connection. A store
/// whose driver is asynchronous (PostgreSQL) runs the closure on a thread of its own and waits
/// there for each statement's result, never on an event-loop or cooperative thread.
public protocol SyncStorage: Sendable {
    associatedtype Transaction: SyncTransaction

    /// Runs `body` read-only. Each statement sees a consistent store; statements that must see
    /// one snapshot together run in ``SyncTransaction/snapshot(_:)`` (a store may give every read
    /// one snapshot anyway). Given `token` (a device token's hash), every read of the space
    /// confirms it (``SyncTransaction/space(user:)``).
    func read<T: Sendable>(confirming token: String?, _ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T

    /// Runs `body` in a read-write transaction that holds `user`'s space exclusively until it
    /// commits, across every process sharing the store: two writes to one space never interleave.
    /// Returns only after the commit; an error rolls everything back. Given `token`, every read
    /// of the space confirms it, as in ``read(confirming:_:)``. `body` may run more than once
    /// (a store that groups writes runs them again after another's error rolled the group back),
    /// so it must act only through the transaction.
    func write<T: Sendable>(user: UserID, confirming token: String?, _ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T

    /// The most dots a page pulled along may have to visit for a push to read it inside its
    /// write, else after the commit (0: always after). Inside, the page costs no transaction of
    /// its own and reads what the write has at hand; the bound keeps a large page from holding
    /// the write (and the pushes waiting for it) while it is read.
    static var pullAlongInWriteDots: UInt64 { get }
}

extension SyncStorage {
    /// Reads with no device token to confirm.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T {
        try await read(confirming: nil, body)
    }

    /// Writes with no device token to confirm.
    public func write<T: Sendable>(user: UserID, _ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T {
        try await write(user: user, confirming: nil, body)
    }
}

/// The per-user vectors a space keeps (``UserSpace``).
public enum SpaceVector: Sendable {
    /// What the space knows: every write of a replica up to its counter.
    case knowledge
    /// The newest write of each replica the space holds a register of.
    case holds
}

/// The statements of one transaction: every call names its user, and must touch only that user's rows.
///
/// Records are read in two steps so large values are read only when needed: ``outlines(user:ids:fields:)``
/// gives records with every register's field and dot and only their small values, then
/// ``filled(user:_:keeping:)`` reads the other values of the registers wanted, if any.
public protocol SyncTransaction {
    /// Runs `body`'s statements in one snapshot of the store (nothing more to do inside a write,
    /// or in a store whose reads are snapshots already).
    func snapshot<T>(_ body: () throws -> T) throws -> T
    /// The user's space and change sequence number (bumped by every record change).
    /// Throws ``ServerError/unknownToken`` when the user is gone. In a transaction confirming a
    /// device token, the same read checks that the token is a live one of the user's, and
    /// throws ``ServerError/revokedToken`` or ``ServerError/unknownToken`` if not.
    func space(user: UserID) throws -> (space: UserSpace, changeSeq: Int64)
    /// Notes that the device holding the token with this hash writes as `replica` (``UserSpace/devices``).
    func nameReplica(_ replica: ReplicaID, tokenHash: String, user: UserID) throws
    /// The outlines of the records among `ids` that exist, in one statement, with the values of
    /// at most ``RecordOutline/inlineValueBytes`` the store can tell apart without reading large ones.
    /// Given `fields`, an outline need carry only the registers of those fields (a merge reads no
    /// others: ``RecordMerge/fieldsRead(by:)``); nil asks for every register.
    func outlines(user: UserID, ids: [UUID], fields: Set<String>?) throws -> [UUID: RecordOutline]
    /// The stored stamps and values of `registers` (registers of record `id`'s outline), by register.
    func values(user: UserID, id: UUID, of registers: [Register]) throws -> [Register: StoredRegister]
    /// Writes `new` over `old` (nil for a new record), touching only the registers that differ.
    /// Both may hold only some of the record's fields, as long as they hold the same ones.
    func save(user: UserID, old: RecordState?, new: RecordState, changedSeq: Int64) throws
    /// Stores the space's change sequence number after a write that changed records. A store
    /// that several processes share tells the others here, on commit, that the space changed.
    func setChangeSeq(_ seq: Int64, user: UserID) throws
    /// Raises one replica's counter in a space vector (never lowers it).
    func raise(_ vector: SpaceVector, user: UserID, replica: ReplicaID, to counter: UInt64) throws
    /// Appends conflicts to the user's log, then trims it to its newest `keep` entries; returns
    /// the newest entry's sequence number (``UserSpace/lastConflictSeq``).
    func log(_ conflicts: [Conflict], user: UserID, now: Date, keep: Int) throws -> Int
    /// Log entries after sequence number `seq`, oldest first, and the last one's number (or `seq`).
    func conflicts(user: UserID, after seq: Int, limit: Int) throws -> ([Conflict], Int)
    /// The first `limit` entries of the dot index after the positions `starts` (each start's
    /// replica in turn, in the order given, its entries in (counter, record) order), with the
    /// outlines (as ``outlines(user:ids:fields:)``, of every field) of the records they name, except those in `outlined`.
    /// The outlines need carry only the small values of registers `knowledge` does not cover, and
    /// may leave out every field with no such register: a page decides by and sends only those
    /// (``RecordState/delta(notCoveredBy:)``).
    func scan(user: UserID, after starts: [DotPosition], limit: Int, outlinedAlready outlined: Set<UUID>, knowledge: VersionVector) throws -> ScanBatch
}

/// A batch of a pull's scan of the dot index (``SyncTransaction/scan(user:after:limit:outlinedAlready:knowledge:)``).
public struct ScanBatch: Sendable {
    /// The entries of the dot index, in scan order.
    public var dots: [DotPosition]
    /// The outlines of the records the entries name, by record.
    public var outlines: [UUID: RecordOutline]

    public init(dots: [DotPosition], outlines: [UUID: RecordOutline]) {
        self.dots = dots
        self.outlines = outlines
    }
}

extension SyncTransaction {
    /// `outline`'s record with only the registers in `wanted` (registers of its state), their
    /// values and stamps read unless they came along, and those values' size in bytes.
    func filled(user: UserID, _ outline: RecordOutline, keeping wanted: [Register]) throws -> (state: RecordState, bytes: Int) {
        let missing = wanted.filter { outline.values[$0] == nil }
        let read = missing.isEmpty ? [:] : try values(user: user, id: outline.state.id, of: missing)
        var bytes = 0
        let registers = try wanted.map { stub in
            guard let stored = outline.values[stub] ?? read[stub] else {
                throw StoreCorruption("register \(stub.field) \(stub.dot) of record \(StoredValue.key(outline.state.id)) vanished while it was read")
            }
            bytes += stored.value.utf8.count + 64
            return Register(field: stub.field, value: try JSONValue(json: stored.value), dot: stub.dot, stamp: HLCStamp(packed: stored.stamp))
        }
        let state = outline.state
        return (RecordState(id: state.id, kind: state.kind, vector: state.vector, registers: registers), bytes)
    }
}

/// A record without its large values: what a pull needs to decide whether to send it, and a
/// merge to tell which registers it reads.
public struct RecordOutline: Sendable {
    /// The largest value (in bytes of JSON) an outline carries.
    public static let inlineValueBytes = 512

    /// The record's kind, vector and every register's field and dot; values null, stamps zero.
    public var state: RecordState
    /// The sequence number of the record's last change.
    public var changedSeq: Int64
    /// The stored stamps and values that came along, by register of `state`.
    public var values: [Register: StoredRegister]

    /// The outlines in `rows`, rows of records joined with their registers (in any order; a
    /// record's key and vector are read once per run of its rows).
    public static func assemble(_ rows: some Sequence<OutlineRow>) throws -> [UUID: RecordOutline] {
        var outlines: [UUID: RecordOutline] = [:]
        var run: OutlineRun?
        for row in rows {
            if run?.key != row.key {
                run?.add(to: &outlines)
                run = try OutlineRun(row)
            }
            if let register = row.register { run!.append(register) }
        }
        run?.add(to: &outlines)
        return outlines
    }
}

/// Consecutive rows of one record being assembled into its outline.
private struct OutlineRun {
    let key: String
    /// The record without registers.
    let record: RecordOutline
    var registers: [Register] = []
    var values: [(Register, StoredRegister)] = []

    init(_ row: OutlineRow) throws {
        guard let kind = RecordKind(rawValue: row.kind) else { throw StoreCorruption("record \(row.key) has unknown kind \(row.kind)") }
        key = row.key
        record = RecordOutline(state: RecordState(id: try StoredValue.recordID(row.key), kind: kind, vector: try VersionVector(json: row.vector)),
                               changedSeq: row.changedSeq, values: [:])
    }

    mutating func append(_ register: (field: String, dot: Dot, stored: StoredRegister?)) {
        let stub = Register(field: register.field, value: .null, dot: register.dot, stamp: .zero)
        registers.append(stub)
        if let stored = register.stored { values.append((stub, stored)) }
    }

    /// Adds the run's record to `outlines`, joined with an earlier run of the same record.
    func add(to outlines: inout [UUID: RecordOutline]) {
        let id = record.state.id
        var outline = outlines[id] ?? record
        outline.state = RecordState(id: id, kind: outline.state.kind, vector: outline.state.vector, registers: outline.state.registers + registers)
        if outline.values.isEmpty {
            outline.values = Dictionary(uniqueKeysWithValues: values)
        } else {
            outline.values.merge(values) { _, new in new }
        }
        outlines[id] = outline
    }
}

/// One row of an outlines read: a record and one of its registers (nil for a record without any).
public struct OutlineRow {
    public var key: String
    public var kind: String
    public var vector: String
    public var changedSeq: Int64
    public var register: (field: String, dot: Dot, stored: StoredRegister?)?

    public init(key: String, kind: String, vector: String, changedSeq: Int64, register: (field: String, dot: Dot, stored: StoredRegister?)?) {
        self.key = key
        self.kind = kind
        self.vector = vector
        self.changedSeq = changedSeq
        self.register = register
    }
}

/// A register's stamp and value as stored: packed, and JSON text.
public struct StoredRegister: Sendable {
    public var stamp: Int64
    public var value: String

    public init(stamp: Int64, value: String) {
        self.stamp = stamp
        self.value = value
    }
}

/// A place in one replica's part of the dot index: the entry (`counter`, `record`), or with a
/// nil `record` the end of `counter`'s entries.
public struct DotPosition: Sendable, Equatable {
    public var replica: ReplicaID
    public var counter: UInt64
    public var record: UUID?

    public init(replica: ReplicaID, counter: UInt64, record: UUID?) {
        self.replica = replica
        self.counter = counter
        self.record = record
    }
}
