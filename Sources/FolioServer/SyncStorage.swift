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
    /// one snapshot anyway).
    func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T

    /// Runs `body` in a read-write transaction that holds `user`'s space exclusively until it
    /// commits, across every process sharing the store: two writes to one space never interleave.
    /// Returns only after the commit; an error rolls everything back.
    func write<T: Sendable>(user: UserID, _ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T
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
/// Records are read in two steps so large values are read only when needed: ``outline(user:id:)``
/// gives a record with every register's field and dot but no values (null, zero stamp), then
/// ``filled(user:_:keeping:)`` reads the values of the registers wanted.
public protocol SyncTransaction {
    /// Runs `body`'s statements in one snapshot of the store (nothing more to do inside a write,
    /// or in a store whose reads are snapshots already).
    func snapshot<T>(_ body: () throws -> T) throws -> T
    /// The user's space and change sequence number (bumped by every record change).
    /// Throws ``ServerError/unknownToken`` when the user is gone.
    func space(user: UserID) throws -> (space: UserSpace, changeSeq: Int64)
    /// Notes that the device holding the token with this hash writes as `replica` (``UserSpace/devices``).
    func nameReplica(_ replica: ReplicaID, tokenHash: String, user: UserID) throws
    /// A record without register values and its last change's sequence number; nil when absent.
    func outline(user: UserID, id: UUID) throws -> (state: RecordState, changedSeq: Int64)?
    /// `outline` with only the registers in `wanted`, their values and stamps read, and those values' size in bytes.
    func filled(user: UserID, _ outline: RecordState, keeping wanted: [Register]) throws -> (state: RecordState, bytes: Int)
    /// Writes `new` over `old` (nil for a new record), touching only the registers that differ.
    /// Both may hold only some of the record's fields, as long as they hold the same ones.
    func save(user: UserID, old: RecordState?, new: RecordState, changedSeq: Int64) throws
    /// Stores the space's change sequence number after a write that changed records. A store
    /// that several processes share tells the others here, on commit, that the space changed.
    func setChangeSeq(_ seq: Int64, user: UserID) throws
    /// Raises one replica's counter in a space vector (never lowers it).
    func raise(_ vector: SpaceVector, user: UserID, replica: ReplicaID, to counter: UInt64) throws
    /// Appends conflicts to the user's log, then trims it to its newest `keep` entries.
    func log(_ conflicts: [Conflict], user: UserID, now: Date, keep: Int) throws
    /// Log entries after sequence number `seq`, oldest first, and the last one's number (or `seq`).
    func conflicts(user: UserID, after seq: Int, limit: Int) throws -> ([Conflict], Int)
    /// The dot index of one replica: up to `limit` (counter, record) entries after
    /// (`counter`, `record`) in that order, where a nil `record` starts after every entry at `counter`.
    func dots(user: UserID, replica: ReplicaID, after counter: UInt64, record: UUID?, limit: Int) throws -> [(counter: UInt64, record: UUID)]
}
