import FolioModel
import Foundation
import GRDB

/// A page of changes: records with only the registers the receiver lacks, plus their vectors.
public struct ChangePage: Sendable, Equatable {
    public var records: [RecordState]
    /// Where the next page starts; nil when this page is the last.
    public var next: Dot?
}

/// What applying received records did.
public struct ApplyResult: Sendable, Equatable {
    /// Records whose registers changed here (a record whose vector alone grew is not counted).
    public var changed: Int
    /// Values that lost to concurrent writes (also written to the conflict log).
    public var conflicts: [Conflict]
}

/// A conflict log entry as `folio conflicts` shows it.
public struct LoggedConflict: Sendable, Equatable, Codable {
    public var conflict: Conflict
    public var loggedAt: Date
}

/// Where a sync with one peer stands.
public struct PeerState: Sendable, Equatable {
    public var name: String
    /// The peer's epoch: a server that was wiped comes back with a new one.
    public var epoch: String?
    /// The peer's knowledge as of the last completed exchange.
    public var knowledge: VersionVector
    /// Resume point of an interrupted pull, with the peer knowledge it will bring.
    public var cursor: String?
    public var pendingKnowledge: VersionVector?
    /// The newest peer conflict log entry already copied here.
    public var conflictSeq: Int
    public var lastSync: Date?
}

extension FolioDatabase {
    /// The changes `knowledge` does not cover, in dot order from `cursor`, at most `limit` records
    /// per page. Found through the dot index: the cost follows the number of changes, not the
    /// size of the library.
    /// A page also ends once its values reach `maxBytes` (it always holds at least one record),
    /// so one large article travels alone and never holds back the rest.
    public func changes(notCoveredBy knowledge: VersionVector, after cursor: Dot? = nil, limit: Int = 500, maxBytes: Int = .max) throws -> ChangePage {
        try read { db in try Self.changes(db, notCoveredBy: knowledge, after: cursor, limit: limit, maxBytes: maxBytes) }
    }

    static func changes(_ db: Database, notCoveredBy knowledge: VersionVector, after cursor: Dot?, limit: Int, maxBytes: Int) throws -> ChangePage {
        var records: [RecordState] = []
        var seen = Set<UUID>()
        var last: Dot?
        var bytes = 0
        // Every replica that wrote a register held here, whether or not this replica's
        // knowledge names it (an interrupted exchange can leave records beyond knowledge).
        let replicas = try Self.writers(db).filter { cursor == nil || $0 >= cursor!.replica }
        scan: for replica in replicas {
            var from = knowledge[replica]
            if let cursor, cursor.replica == replica { from = max(from, cursor.counter) }
            // Several dots can name one record, so read this replica's dots in batches until
            // the page is full or they run out; only then move on to the next replica.
            let batch = max(limit, 64)
            while true {
                let rows = try Row.fetchAll(
                    db, sql: """
                        SELECT g.counter, r.id FROM register g JOIN record r ON r.rowid = g.record
                        WHERE g.replica = ? AND g.counter > ? GROUP BY g.counter ORDER BY g.counter LIMIT ?
                        """,
                    arguments: [Int64(bitPattern: replica.rawValue), Int64(from), batch])
                for row in rows {
                    if records.count == limit || bytes >= maxBytes { break scan }
                    let counter = UInt64(row[0] as Int64)
                    last = Dot(replica: replica, counter: counter)
                    from = counter
                    guard let id = UUID(uuidString: row[1]), seen.insert(id).inserted,
                          let state = try RecordStorage.load(db, id: id) else { continue }
                    let delta = state.delta(notCoveredBy: knowledge)
                    records.append(delta)
                    bytes += delta.approximateBytes
                }
                if rows.count < batch { break }
            }
        }
        return ChangePage(records: records, next: records.count == limit || bytes >= maxBytes ? last : nil)
    }

    /// The replicas whose writes this database holds, in replica order: one index probe each.
    static func writers(_ db: Database) throws -> [ReplicaID] {
        var replicas: [ReplicaID] = []
        var after: Int64?
        while let next = try Int64.fetchOne(
            db.cachedStatement(sql: after == nil ? "SELECT min(replica) FROM register" : "SELECT min(replica) FROM register WHERE replica > ?"),
            arguments: after.map { [$0] } ?? []) {
            replicas.append(ReplicaID(rawValue: UInt64(bitPattern: next)))
            after = next
        }
        return replicas.sorted()
    }

    /// Merges received records field by field in one transaction, logs the losers of concurrent
    /// writes and advances the clock past every received stamp. Every record is first checked
    /// against the protocol's ``RecordRules``: one that breaks a rule refuses the whole call
    /// (a ``RecordViolation``) with nothing changed. With `peer`, the same transaction records
    /// the pull's progress: `cursor` to resume from, or, on the last page (`cursor == nil`), the
    /// peer's knowledge joined into this replica's.
    @discardableResult
    public func apply(_ records: [RecordState], peer: String? = nil, peerKnowledge: VersionVector? = nil, cursor: String? = nil, now: Date = Date()) throws -> ApplyResult {
        try write { db in
            if peer != nil { try SearchIndex.pauseMerging(db, cursor != nil) }
            let result = try merge(db, records, now: now)
            if let peer, let peerKnowledge {
                try Self.recordProgress(db, peer: peer, peerKnowledge: peerKnowledge, cursor: cursor, now: now)
            }
            return result
        }
    }

    /// Checks and merges received records, logs their conflicts and advances the clock past them.
    /// `prepared` holds values of `records` already in their stored form.
    func merge(_ db: Database, _ records: [RecordState], prepared: PreparedValues = PreparedValues(), now: Date) throws -> ApplyResult {
        let me = try Self.replicaInfo(db)
        let rules = RecordRules(receiver: Dot(replica: me.id, counter: me.counter), now: now)
        var result = ApplyResult(changed: 0, conflicts: [])
        var newest = HLCStamp.zero
        for incoming in records {
            try rules.check(incoming)
            newest = max(newest, incoming.registers.map(\.stamp).max() ?? .zero)
        }
        let index = SearchIndex.Changes()
        for incoming in records {
            let local = try RecordStorage.load(db, id: incoming.id)
            try RecordRules.checkMergeable(local: local, incoming: incoming)
            let outcome = RecordMerge.merge(local: local, incoming: incoming)
            guard outcome.changed else { continue }
            try Materializer.store(db, old: local, new: outcome.state, prepared: prepared, index: index)
            if outcome.state.registers != local?.registers { result.changed += 1 }
            result.conflicts += outcome.conflicts
        }
        try index.write(db)
        try Self.observe(db, stamp: newest)
        try logConflicts(db, result.conflicts, at: now)
        return result
    }

    static func recordProgress(_ db: Database, peer: String, peerKnowledge: VersionVector, cursor: String?, now: Date) throws {
        let encoded = String(decoding: try JSONCoding.encoder.encode(peerKnowledge), as: UTF8.self)
        try db.execute(sql: "INSERT INTO peer (name, knowledge) VALUES (?, '{}') ON CONFLICT(name) DO NOTHING", arguments: [peer])
        if let cursor {
            try db.execute(sql: "UPDATE peer SET cursor = ?, pending_knowledge = ? WHERE name = ?", arguments: [cursor, encoded, peer])
        } else {
            try saveKnowledge(db, peerKnowledge)
            try db.execute(sql: "UPDATE peer SET cursor = NULL, pending_knowledge = NULL, last_sync = ? WHERE name = ?", arguments: [now.timeIntervalSince1970, peer])
        }
    }

    func logConflicts(_ db: Database, _ conflicts: [Conflict], at now: Date) throws {
        guard !conflicts.isEmpty else { return }
        for conflict in conflicts {
            try db.execute(
                sql: "INSERT OR IGNORE INTO conflict (record_id, field, kept, lost, lost_dot, logged_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [RecordStorage.key(conflict.recordID), conflict.field,
                            String(decoding: try JSONCoding.encoder.encode(conflict.kept), as: UTF8.self),
                            String(decoding: try JSONCoding.encoder.encode(conflict.lost), as: UTF8.self),
                            conflict.lost.dot.description, now.timeIntervalSince1970])
        }
        try db.execute(sql: "DELETE FROM conflict WHERE seq <= (SELECT max(seq) FROM conflict) - ?", arguments: [conflictLogLimit])
    }

    /// The conflict log, newest first.
    public func conflicts(limit: Int = 100) throws -> [LoggedConflict] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT record_id, field, kept, lost, logged_at FROM conflict ORDER BY seq DESC LIMIT ?", arguments: [limit]).map { row in
                let kept = try JSONCoding.decoder.decode(Register.self, from: Data((row["kept"] as String).utf8))
                let lost = try JSONCoding.decoder.decode(Register.self, from: Data((row["lost"] as String).utf8))
                return LoggedConflict(
                    conflict: Conflict(recordID: UUID(uuidString: row["record_id"]) ?? Highlight.noArticle, field: row["field"], kept: kept, lost: lost),
                    loggedAt: Date(timeIntervalSince1970: row["logged_at"]))
            }
        }
    }

    // MARK: - Peers

    /// The sync state with a peer, if any exchange with it has started.
    public func peer(_ name: String) throws -> PeerState? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM peer WHERE name = ?", arguments: [name]) else { return nil }
            func vector(_ text: String?) throws -> VersionVector? {
                try text.map { try JSONCoding.decoder.decode(VersionVector.self, from: Data($0.utf8)) }
            }
            return PeerState(
                name: name, epoch: row["epoch"], knowledge: try vector(row["knowledge"]) ?? VersionVector(),
                cursor: row["cursor"], pendingKnowledge: try vector(row["pending_knowledge"]),
                conflictSeq: row["conflict_seq"], lastSync: (row["last_sync"] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
    }

    /// Remembers what a peer knows after a sync, and its epoch; a new epoch forgets the old state.
    static func updatePeer(_ db: Database, _ name: String, epoch: String?, knowledge: VersionVector, now: Date) throws {
        let encoded = String(decoding: try JSONCoding.encoder.encode(knowledge), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO peer (name, epoch, knowledge, last_sync) VALUES (?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET knowledge = excluded.knowledge, last_sync = excluded.last_sync,
                    conflict_seq = CASE WHEN epoch IS excluded.epoch THEN conflict_seq ELSE 0 END, epoch = excluded.epoch
                """,
            arguments: [name, epoch, encoded, now.timeIntervalSince1970])
    }

    /// Copies conflicts a peer resolved into the local log and remembers how far the copy got.
    func recordPeerConflicts(_ db: Database, _ conflicts: [Conflict], peer: String, seq: Int, now: Date) throws {
        try logConflicts(db, conflicts, at: now)
        try db.execute(sql: "INSERT INTO peer (name, knowledge) VALUES (?, '{}') ON CONFLICT(name) DO NOTHING", arguments: [peer])
        try db.execute(sql: "UPDATE peer SET conflict_seq = ? WHERE name = ?", arguments: [seq, peer])
    }

    /// Folds a peer's clock reading into this replica's clock, so later local writes sort after it.
    /// The reading moves the clock at most ``HybridClock/maximumOffset`` past this machine's own
    /// wall clock, so a peer whose clock runs fast cannot drag devices along.
    static func observe(_ db: Database, reading date: Date, now: Date) throws {
        var clock = HybridClock()
        clock.observe(reading: HLCStamp(wall: HybridClock.wallMilliseconds(date)), now: now)
        try observe(db, stamp: clock.latest)
    }

    /// Forgets a peer (after logout, or when its epoch changed).
    public func forgetPeer(_ name: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM peer WHERE name = ?", arguments: [name]) }
    }

    /// How many records hold writes `peer` has not seen, whoever made them: what the next sync
    /// with it sends.
    public func pendingChangeCount(for peer: String) throws -> Int {
        let known = try self.peer(peer)?.knowledge ?? VersionVector()
        return try read { db in
            var records = Set<Int64>()
            for replica in try Self.writers(db) {
                records.formUnion(try Int64.fetchAll(
                    db.cachedStatement(sql: "SELECT DISTINCT record FROM register WHERE replica = ? AND counter > ?"),
                    arguments: [Int64(bitPattern: replica.rawValue), Int64(known[replica])]))
            }
            return records.count
        }
    }
}
