import FolioModel
import Foundation
import GRDB

/// This replica's identity and sync bookkeeping.
public struct ReplicaInfo: Sendable, Equatable {
    public var id: ReplicaID
    /// The counter of this replica's latest local change.
    public var counter: UInt64
    public var clock: HybridClock
    public var knowledge: VersionVector
}

extension FolioDatabase {
    /// This replica's id, counter, clock and knowledge.
    public func replicaInfo() throws -> ReplicaInfo {
        try read { db in try Self.replicaInfo(db) }
    }

    static func replicaInfo(_ db: Database) throws -> ReplicaInfo {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, counter, clock FROM replica") else {
            throw StoreError.cannotOpen(path: db.description, reason: "replica row missing")
        }
        let id = ReplicaID(rawValue: UInt64(bitPattern: row["id"]))
        return ReplicaInfo(
            id: id,
            counter: UInt64(row["counter"] as Int64),
            clock: HybridClock(latest: HLCStamp(packed: row["clock"])),
            knowledge: try knowledge(db)
        )
    }

    static func knowledge(_ db: Database) throws -> VersionVector {
        var entries: [ReplicaID: UInt64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT replica, counter FROM knowledge") {
            entries[ReplicaID(rawValue: UInt64(bitPattern: row["replica"]))] = UInt64(row["counter"] as Int64)
        }
        return VersionVector(entries)
    }

    static func saveKnowledge(_ db: Database, _ knowledge: VersionVector) throws {
        for (replica, counter) in knowledge.entries {
            try db.cachedStatement(sql: "INSERT INTO knowledge (replica, counter) VALUES (?, ?) ON CONFLICT(replica) DO UPDATE SET counter = max(counter, excluded.counter)").execute(arguments: [Int64(bitPattern: replica.rawValue), Int64(counter)])
        }
    }

    /// Folds a stamp seen elsewhere into this replica's clock (``HybridClock``'s rules).
    static func observe(_ db: Database, stamp: HLCStamp) throws {
        try db.cachedStatement(sql: "UPDATE replica SET clock = max(clock, ?) WHERE singleton = 1").execute(arguments: [stamp.packed])
    }
}
