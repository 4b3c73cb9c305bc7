import FolioModel
import Foundation

/// Push and pull over any ``SyncStorage``: the order of the steps, with the rules themselves in
/// FolioModel (``RecordRules``, ``RecordMerge``).
///
/// A push validates the batch, reads the part of each stored record its merge needs, merges,
/// saves what changed, raises the space's vectors and logs conflicts, all in one write
/// transaction. A pull pages through the dot index in one read transaction.
public struct SyncService<Storage: SyncStorage>: Sendable {
    public let storage: Storage

    public init(storage: Storage) {
        self.storage = storage
    }

    /// The user's replica id, epoch and knowledge.
    public func space(user: UserID) async throws -> UserSpace {
        try await storage.read { transaction in try transaction.space(user: user).space }
    }

    /// One page of what the user's space holds that `query.knowledge` does not cover, after
    /// confirming `query.confirmToken` if given.
    ///
    /// Pages through the dot index in (replica, counter, record) order from the cursor, visiting only
    /// entries `query.knowledge` does not cover: the cost follows the number of changes. A record is
    /// sent once, at its first uncovered dot in that order. A record changed since the pull started
    /// is sent again wherever it is met, so a concurrent push is never missed.
    ///
    /// The space is read before the scan's snapshot: a push committed in between makes it older
    /// than the records, never newer, so the page claims no knowledge it does not carry. A pull
    /// whose knowledge covers the space (a sync with nothing new) needs no snapshot at all.
    public func pull(user: UserID, _ query: PullQuery) async throws -> PullPage {
        try await storage.read(confirming: query.confirmToken) { transaction in
            let (space, changeSeq) = try transaction.space(user: user)
            return try Self.page(transaction, user: user, query, space: space, changeSeq: changeSeq)
        }
    }

    /// The page of `query` in the space `transaction` read (or holds, in a write) as `space` and `changeSeq`.
    static func page(_ transaction: Storage.Transaction, user: UserID, _ query: PullQuery, space: UserSpace, changeSeq: Int64) throws -> PullPage {
        var scan = PageScan(query: query, startSeq: query.cursor?.startSeq ?? changeSeq, holds: space.holds)
        let firstReplica = query.cursor?.dot.replica ?? ReplicaID(rawValue: 0)
        let starts = space.holds.entries
            .filter { $0.value > query.knowledge[$0.key] && $0.key >= firstReplica }
            .map(\.key)
            .sorted()
            .map(scan.start)
        // Nothing to scan: the space says all (a sync with nothing new). Else the scan and the
        // conflict log share one snapshot.
        let readConflicts = {
            query.conflictsAfter >= space.lastConflictSeq
                ? ([], query.conflictsAfter)
                : try transaction.conflicts(user: user, after: query.conflictsAfter, limit: query.maxConflicts)
        }
        let (conflicts, conflictSeq) = starts.isEmpty ? try readConflicts() : try transaction.snapshot {
            try scan.visit(transaction, user: user, from: starts)
            return try readConflicts()
        }
        return PullPage(space: space, records: scan.records, next: scan.next, conflicts: conflicts, conflictSeq: conflictSeq)
    }

    /// Validates and merges a batch of records in one transaction, after confirming
    /// `batch.confirmToken` if given; returns only after commit.
    /// The page pulled along (``PushBatch/pullAlong``) is read in that transaction when it has
    /// few dots to visit (``SyncStorage/pullAlongInWriteDots``), else in a read after the commit
    /// that starts from the space as the push committed it.
    public func push(user: UserID, _ batch: PushBatch, now: Date) async throws -> PushOutcome {
        let (written, changeSeq) = try await storage.write(user: user, confirming: batch.confirmToken) { transaction in
            if let sender = batch.sender {
                try transaction.nameReplica(sender.replica, tokenHash: sender.tokenHash, user: user)
            }
            // The outlines first: a store may send them right behind the lock and wait once for both.
            // They need only the fields the merges read.
            let fields = Self.fieldsRead(by: batch.records)
            let outlines = try transaction.outlines(user: user, ids: batch.records.map(\.id), fields: fields)
            var (space, changeSeq) = try transaction.space(user: user)
            if let expected = batch.epoch, expected != space.epoch { throw ServerError.epochChanged(current: space.epoch) }
            if let base = batch.base, !space.knowledge.dominates(base) { throw ServerError.serverBehind }
            let rules = RecordRules(receiver: Dot(replica: space.replica, counter: 0), now: now, maximumSkew: batch.maxClockSkew)
            for record in batch.records { try rules.check(record) }

            var changed = 0
            var conflicts: [Conflict] = []
            var seen: [ReplicaID: UInt64] = [:]
            var outlined = Set<UUID>()
            for incoming in batch.records {
                // A record pushed twice in one batch is read again after its first merge.
                let outline = outlined.insert(incoming.id).inserted
                    ? outlines[incoming.id]
                    : try transaction.outlines(user: user, ids: [incoming.id], fields: fields)[incoming.id]
                let local = try Self.mergeBase(transaction, user: user, outline: outline, for: incoming)
                let outcome = RecordMerge.merge(local: local, incoming: incoming)
                let merged = outcome.state
                guard merged != local else { continue }
                changeSeq += 1
                try transaction.save(user: user, old: local, new: merged, changedSeq: changeSeq)
                for register in merged.registers { seen[register.dot.replica] = max(seen[register.dot.replica] ?? 0, register.dot.counter) }
                changed += 1
                conflicts += outcome.conflicts
            }
            if changed > 0 { try transaction.setChangeSeq(changeSeq, user: user) }
            for (replica, counter) in seen where counter > space.holds[replica] {
                try transaction.raise(.holds, user: user, replica: replica, to: counter)
                space.holds[replica] = counter
            }
            if !conflicts.isEmpty { space.lastConflictSeq = try transaction.log(conflicts, user: user, now: now, keep: batch.conflictLogSize) }
            if let claim = batch.knowledge {
                let vouched = Self.vouched(claim, holds: space.holds, batch: batch.records)
                for (replica, counter) in vouched.entries where counter > space.knowledge[replica] {
                    try transaction.raise(.knowledge, user: user, replica: replica, to: counter)
                }
                space.knowledge.join(vouched)
            }
            var outcome = PushOutcome(space: space, changed: changed, conflicts: conflicts)
            if let along = batch.pullAlong, space.hasNews(for: along.knowledge), space.uncoveredDots(for: along.knowledge) <= Storage.pullAlongInWriteDots {
                outcome.page = try Self.page(transaction, user: user, along, space: space, changeSeq: changeSeq)
            }
            return (outcome, changeSeq)
        }
        var outcome = written
        if outcome.page == nil, let along = batch.pullAlong, outcome.space.hasNews(for: along.knowledge) {
            // The committed space is older than or as old as the page's snapshot, as the space a
            // pull reads first is (``pull(user:_:)``): no need to read it again.
            let space = outcome.space
            outcome.page = try await storage.read { transaction in
                try Self.page(transaction, user: user, along, space: space, changeSeq: changeSeq)
            }
        }
        return outcome
    }

    /// The fields the merges of `records` read (``RecordMerge/fieldsRead(by:)``), nil for every field.
    static func fieldsRead(by records: [RecordState]) -> Set<String>? {
        var union = Set<String>()
        for record in records {
            guard let fields = RecordMerge.fieldsRead(by: record) else { return nil }
            union.formUnion(fields)
        }
        return union
    }

    /// The part of the stored record (its `outline`, nil for a new record) a merge of `incoming`
    /// reads or changes (``RecordMerge/fieldsRead(by:)``). The merge works field by field, so
    /// merging into this part changes exactly what merging into the whole record would. The
    /// outline must carry at least those fields (``fieldsRead(by:)`` of its batch).
    static func mergeBase(_ transaction: Storage.Transaction, user: UserID, outline: RecordOutline?, for incoming: RecordState) throws -> RecordState? {
        guard let outline else { return nil }
        let registers = outline.state.registers
        try RecordRules.checkMergeable(local: outline.state, incoming: incoming)
        let wanted = RecordMerge.fieldsRead(by: incoming).map { fields in registers.filter { fields.contains($0.field) } }
        return try transaction.filled(user: user, outline, keeping: wanted ?? registers).state
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
}

/// The state of one pull page being filled from the dot index.
struct PageScan {
    let query: PullQuery
    let startSeq: Int64
    var records: [RecordState] = []
    /// The bytes of the values sent so far (the page's size).
    var bytes = 0
    var sent = Set<UUID>()
    var last: PullCursor?
    var next: PullCursor?
    /// The query's knowledge of the replicas the space holds a register of: all a store needs to
    /// tell registers apart, whatever else a request names (its body may name thousands).
    let knowledgeOfHeld: VersionVector

    /// Dot entries read, and records outlined, per statement.
    static let batchSize = 256

    init(query: PullQuery, startSeq: Int64, holds: VersionVector) {
        self.query = query
        self.startSeq = startSeq
        knowledgeOfHeld = VersionVector(query.knowledge.entries.filter { holds[$0.key] > 0 })
    }

    var isFull: Bool { records.count >= query.limit || bytes >= query.maxPageBytes }

    /// Where the scan of `replica`'s uncovered dots starts: after the cursor in its replica, else after the knowledge.
    func start(_ replica: ReplicaID) -> DotPosition {
        if let cursor = query.cursor, cursor.dot.replica == replica, cursor.dot.counter >= query.knowledge[replica] {
            return DotPosition(replica: replica, counter: cursor.dot.counter, record: cursor.record)
        }
        return DotPosition(replica: replica, counter: query.knowledge[replica], record: nil)
    }

    /// Visits the uncovered dots after `starts` (one per replica, in scan order) until the page is
    /// full and another record waits, reading the dot index and the outlines a batch at a time.
    mutating func visit(_ transaction: some SyncTransaction, user: UserID, from starts: [DotPosition]) throws {
        var starts = starts
        while true {
            let batch = try transaction.scan(user: user, after: starts, limit: Self.batchSize, outlinedAlready: sent, knowledge: knowledgeOfHeld)
            let entries = batch.dots
            for entry in entries {
                guard let id = entry.record, !sent.contains(id), let outline = batch.outlines[id] else { continue }
                let dot = Dot(replica: entry.replica, counter: entry.counter)
                guard isDue(outline, at: dot) else { continue }
                if isFull {
                    next = last
                    return
                }
                let needed = outline.state.delta(notCoveredBy: query.knowledge).registers
                let (delta, size) = try transaction.filled(user: user, outline, keeping: needed)
                records.append(delta)
                bytes += size
                sent.insert(id)
                last = PullCursor(dot: dot, record: id, startSeq: startSeq)
            }
            guard entries.count == Self.batchSize, let end = entries.last else { return }
            // The replicas before the last entry's are done; its own goes on after that entry.
            starts = [end] + starts.drop { $0.replica != end.replica }.dropFirst()
        }
    }

    /// True when the record (its outline) should be sent at `dot`: its first uncovered dot, or changed since the pull started.
    func isDue(_ outline: RecordOutline, at dot: Dot) -> Bool {
        if outline.changedSeq > startSeq { return true }
        return outline.state.registers.map(\.dot).filter { !query.knowledge.covers($0) }.min() == dot
    }
}
