import FolioModel
import Foundation
import GRDB

extension SQLiteSyncStore {
    public func space(user: UserID) async throws -> UserSpace {
        try readInline { db in try Self.space(db, user: user).space }
    }

    /// Pages through the dot index in (replica, counter, record) order from the cursor, visiting only
    /// entries `query.knowledge` does not cover: the cost follows the number of changes.
    ///
    /// A record is sent once, at its first uncovered dot in that order. A record changed since the
    /// pull started is sent again wherever it is met, so a concurrent push is never missed.
    public func pull(user: UserID, _ query: PullQuery) async throws -> PullPage {
        try readInline { db in
            let (space, changeSeq) = try Self.space(db, user: user)
            let startSeq = query.cursor?.startSeq ?? changeSeq
            var scan = PageScan(query: query, startSeq: startSeq)
            let firstReplica = query.cursor?.dot.replica ?? ReplicaID(rawValue: 0)
            let replicas = space.holds.entries
                .filter { $0.value > query.knowledge[$0.key] && $0.key >= firstReplica }
                .map(\.key)
                .sorted()
            for replica in replicas where try !scan.visit(db, user: user, replica: replica) {
                break
            }
            let (conflicts, conflictSeq) = try Self.conflicts(db, user: user, after: query.conflictsAfter, limit: query.maxConflicts)
            return PullPage(space: space, records: scan.records, next: scan.next, conflicts: conflicts, conflictSeq: conflictSeq)
        }
    }

    public func push(user: UserID, _ batch: PushBatch, now: Date) async throws -> PushOutcome {
        try await pool.write { db in
            if let sender = batch.sender {
                try db.cachedStatement(sql: "UPDATE device_token SET replica = ? WHERE hash = ? AND user_id = ? AND replica IS NOT ?")
                    .execute(arguments: [SQLiteRecordRows.replicaValue(sender.replica), sender.tokenHash, user.rawValue, SQLiteRecordRows.replicaValue(sender.replica)])
            }
            var (space, changeSeq) = try Self.space(db, user: user)
            if let expected = batch.epoch, expected != space.epoch { throw ServerError.epochChanged(current: space.epoch) }
            if let base = batch.base, !space.knowledge.dominates(base) { throw ServerError.serverBehind }
            let rules = RecordRules(receiver: Dot(replica: space.replica, counter: 0), now: now, maximumSkew: batch.maxClockSkew)
            for record in batch.records { try rules.check(record) }

            var changed = 0
            var conflicts: [Conflict] = []
            var seen: [ReplicaID: UInt64] = [:]
            for incoming in batch.records {
                let local = try Self.mergeBase(db, user: user, for: incoming)
                let outcome = RecordMerge.merge(local: local, incoming: incoming)
                let merged = outcome.state
                guard merged != local else { continue }
                changeSeq += 1
                try SQLiteRecordRows.save(db, user: user, old: local, new: merged, changedSeq: changeSeq)
                for register in merged.registers { seen[register.dot.replica] = max(seen[register.dot.replica] ?? 0, register.dot.counter) }
                changed += 1
                conflicts += outcome.conflicts
            }
            try db.cachedStatement(sql: "UPDATE account SET change_seq = ? WHERE id = ?").execute(arguments: [changeSeq, user.rawValue])
            for (replica, counter) in seen where counter > space.holds[replica] {
                try Self.raise(db, table: "replica_seen", user: user, replica: replica, to: counter)
                space.holds[replica] = counter
            }
            try Self.log(db, user: user, conflicts: conflicts, now: now, keep: batch.conflictLogSize)
            if let claim = batch.knowledge {
                let vouched = Self.vouched(claim, holds: space.holds, batch: batch.records)
                for (replica, counter) in vouched.entries where counter > space.knowledge[replica] {
                    try Self.raise(db, table: "knowledge", user: user, replica: replica, to: counter)
                }
                space.knowledge.join(vouched)
            }
            return PushOutcome(space: space, changed: changed, conflicts: conflicts)
        }
    }

    // MARK: - Helpers

    /// The part of the stored record a merge of `incoming` reads or changes
    /// (``RecordMerge/fieldsRead(by:)``), or nil for a new record. The merge works field by
    /// field, so merging into this part changes exactly what merging into the whole record would.
    static func mergeBase(_ db: Database, user: UserID, for incoming: RecordState) throws -> RecordState? {
        guard let outline = try SQLiteRecordRows.outline(db, user: user, id: incoming.id)?.state else { return nil }
        try RecordRules.checkMergeable(local: outline, incoming: incoming)
        let wanted = RecordMerge.fieldsRead(by: incoming).map { fields in outline.registers.filter { fields.contains($0.field) } }
        return try SQLiteRecordRows.filled(db, user: user, outline, keeping: wanted ?? outline.registers).state
    }

    static func space(_ db: Database, user: UserID) throws -> (space: UserSpace, changeSeq: Int64) {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT replica, epoch, change_seq FROM account WHERE id = ?"), arguments: [user.rawValue]) else {
            throw ServerError.unknownToken
        }
        // Both vectors in one statement: this runs for every request.
        var knowledge = VersionVector(), holds = VersionVector()
        let vectors = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT 0, replica, counter FROM knowledge WHERE user_id = ?1
            UNION ALL SELECT 1, replica, counter FROM replica_seen WHERE user_id = ?1
            """), arguments: [user.rawValue])
        while let entry = try vectors.next() {
            let replica = SQLiteRecordRows.replica(entry[1]), counter = UInt64(entry[2] as Int64)
            if entry[0] as Int == 0 { knowledge[replica] = counter } else { holds[replica] = counter }
        }
        // In token order, so a device that logged in again is named by its newest token.
        var devices: [ReplicaID: String] = [:]
        for entry in try Row.fetchAll(db.cachedStatement(sql: "SELECT replica, device FROM device_token WHERE user_id = ? AND replica IS NOT NULL ORDER BY id"), arguments: [user.rawValue]) {
            devices[SQLiteRecordRows.replica(entry[0])] = entry[1]
        }
        let space = UserSpace(epoch: row["epoch"], replica: SQLiteRecordRows.replica(row["replica"]), knowledge: knowledge, holds: holds, devices: devices)
        return (space, row["change_seq"])
    }

    /// The part of a pushed knowledge claim the server may join (SPEC §4): no entry beyond the
    /// newest write of that replica the space holds or the pushed records' vectors name. A
    /// client cannot make the server claim writes it never received, which would stop their
    /// writer from ever sending them.
    static func vouched(_ claim: VersionVector, holds: VersionVector, batch: [RecordState]) -> VersionVector {
        var limit = holds
        for record in batch { limit.join(record.vector) }
        return VersionVector(claim.entries.reduce(into: [:]) { result, entry in result[entry.key] = min(entry.value, limit[entry.key]) })
    }

    /// Raises the counter of `replica` in a per-user vector table (`knowledge` or `replica_seen`).
    static func raise(_ db: Database, table: String, user: UserID, replica: ReplicaID, to counter: UInt64) throws {
        try db.cachedStatement(sql: """
            INSERT INTO \(table) (user_id, replica, counter) VALUES (?, ?, ?)
            ON CONFLICT (user_id, replica) DO UPDATE SET counter = max(counter, excluded.counter)
            """
        ).execute(arguments: [user.rawValue, SQLiteRecordRows.replicaValue(replica), Int64(counter)])
    }

    static func log(_ db: Database, user: UserID, conflicts: [Conflict], now: Date, keep: Int) throws {
        guard !conflicts.isEmpty else { return }
        for conflict in conflicts {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO conflict (user_id, record_id, field, kept, lost, lost_dot, logged_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [user.rawValue, SQLiteRecordRows.key(conflict.recordID), conflict.field,
                                     String(decoding: try JSONCoding.encoder.encode(conflict.kept), as: UTF8.self),
                                     String(decoding: try JSONCoding.encoder.encode(conflict.lost), as: UTF8.self),
                                     conflict.lost.dot.description, JSONCoding.formatDate(now)])
        }
        try db.cachedStatement(sql: "DELETE FROM conflict WHERE user_id = ?1 AND seq <= (SELECT seq FROM conflict WHERE user_id = ?1 ORDER BY seq DESC LIMIT 1 OFFSET ?2)")
            .execute(arguments: [user.rawValue, keep])
    }

    static func conflicts(_ db: Database, user: UserID, after seq: Int, limit: Int) throws -> ([Conflict], Int) {
        var last = seq
        let conflicts = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT seq, record_id, field, kept, lost FROM conflict WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?"),
            arguments: [user.rawValue, seq, limit]
        ).map { row in
            last = row["seq"]
            guard let id = UUID(uuidString: row["record_id"]) else { throw StoreCorruption("conflict log entry \(last) has a bad record id") }
            return Conflict(
                recordID: id, field: row["field"],
                kept: try JSONCoding.decode(Register.self, from: Array((row["kept"] as String).utf8)),
                lost: try JSONCoding.decode(Register.self, from: Array((row["lost"] as String).utf8)))
        }
        return (conflicts, last)
    }
}

/// The state of one pull page being filled from the dot index.
private struct PageScan {
    let query: PullQuery
    let startSeq: Int64
    var records: [RecordState] = []
    /// The bytes of the values sent so far (the page's size).
    var bytes = 0
    var sent = Set<UUID>()
    var last: PullCursor?
    var next: PullCursor?

    static let batchSize = 256

    init(query: PullQuery, startSeq: Int64) {
        self.query = query
        self.startSeq = startSeq
    }

    var isFull: Bool { records.count >= query.limit || bytes >= query.maxPageBytes }

    /// Visits one replica's uncovered dots; false once the page is full and another record waits.
    mutating func visit(_ db: Database, user: UserID, replica: ReplicaID) throws -> Bool {
        var counter = query.knowledge[replica]
        var record: String?
        if let cursor = query.cursor, cursor.dot.replica == replica, cursor.dot.counter >= counter {
            counter = cursor.dot.counter
            record = SQLiteRecordRows.key(cursor.record)
        }
        while true {
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT DISTINCT counter, record_id FROM register
                    WHERE user_id = ?1 AND replica = ?2 AND (counter > ?3 OR (counter = ?3 AND record_id > ?4))
                    ORDER BY counter, record_id LIMIT ?5
                    """),
                arguments: [user.rawValue, SQLiteRecordRows.replicaValue(replica), Int64(counter), record ?? "~", Self.batchSize])
            for row in rows {
                counter = UInt64(row[0] as Int64)
                let key: String = row[1]
                record = key
                let dot = Dot(replica: replica, counter: counter)
                guard let id = UUID(uuidString: key), !sent.contains(id),
                      let (outline, changedSeq) = try SQLiteRecordRows.outline(db, user: user, id: id),
                      isDue(outline, changedSeq: changedSeq, at: dot) else { continue }
                if isFull {
                    next = last
                    return false
                }
                let needed = outline.delta(notCoveredBy: query.knowledge).registers
                let (delta, size) = try SQLiteRecordRows.filled(db, user: user, outline, keeping: needed)
                records.append(delta)
                bytes += size
                sent.insert(id)
                last = PullCursor(dot: dot, record: id, startSeq: startSeq)
            }
            if rows.count < Self.batchSize { return true }
        }
    }

    /// True when the record (its outline) should be sent at `dot`: its first uncovered dot, or changed since the pull started.
    func isDue(_ outline: RecordState, changedSeq: Int64, at dot: Dot) -> Bool {
        if changedSeq > startSeq { return true }
        return outline.registers.map(\.dot).filter { !query.knowledge.covers($0) }.min() == dot
    }
}
