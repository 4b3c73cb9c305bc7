import FolioModel
import Foundation
import GRDB

/// The device's side of a sync with one peer, as the sync engine drives it: one transaction per
/// step, each folding in everything the step brings (the peer's clock reading, device names,
/// conflicts, the pull's cursor and the peer's state). Async: the engine waits for the database
/// without holding a cooperative thread.
extension FolioDatabase {
    /// What the device sends in one push request.
    public struct OutgoingBatch: Sendable {
        /// This replica's id (sent so the server can name it) and its knowledge, read in the
        /// same snapshot as the changes (sent with the last batch).
        public var replica: ReplicaID
        public var knowledge: VersionVector
        public var changes: ChangePage
    }

    /// What a peer's answer carries besides records: its clock reading, device names and the
    /// conflicts it resolved.
    public struct PeerNews: Sendable {
        public var serverTime: Date
        public var names: [ReplicaID: String]
        public var conflicts: [Conflict]

        public init(serverTime: Date, names: [ReplicaID: String], conflicts: [Conflict]) {
            self.serverTime = serverTime
            self.names = names
            self.conflicts = conflicts
        }
    }

    /// One pull page as the device applies it.
    public struct IncomingPage: Sendable {
        public var records: [RecordState]
        /// The records' large values compressed as they will be stored, made when the page is:
        /// build a page off the writer (while the previous page is written) to keep the
        /// compression out of the write transaction.
        public var prepared: PreparedValues
        public var news: PeerNews
        /// The peer's conflict log position after this page's conflicts.
        public var conflictSeq: Int
        /// Where the pull resumes; nil on the last page.
        public var cursor: String?
        /// The knowledge of the pull's first page, joined into this replica's with the last page.
        public var peerKnowledge: VersionVector

        public init(records: [RecordState], news: PeerNews, conflictSeq: Int, cursor: String?, peerKnowledge: VersionVector) {
            self.records = records
            self.prepared = PreparedValues(records)
            self.news = news
            self.conflictSeq = conflictSeq
            self.cursor = cursor
            self.peerKnowledge = peerKnowledge
        }
    }

    /// The next push batch for a peer that knows `peerKnowledge`: the changes after `cursor`.
    public func outgoingBatch(for peerKnowledge: VersionVector, after cursor: Dot?, limit: Int, maxBytes: Int) async throws -> OutgoingBatch {
        try await read { db in
            let me = try Self.replicaInfo(db)
            let changes = try Self.changes(db, notCoveredBy: peerKnowledge, after: cursor, limit: limit, maxBytes: maxBytes)
            return OutgoingBatch(replica: me.id, knowledge: me.knowledge, changes: changes)
        }
    }

    /// Folds a peer's answer to a push into the device.
    public func absorb(_ news: PeerNews, now: Date = Date()) async throws {
        try await write { db in try absorb(db, news, now: now) }
    }

    /// Applies one pull page with its news, and records the pull's progress with `peer`; returns
    /// what the records changed here.
    public func applyIncoming(_ page: IncomingPage, from peer: String, now: Date = Date()) async throws -> ApplyResult {
        // The peer checked every stamp against its own clock; a device whose clock is slow takes
        // the peer's reading as the earliest it can be, so it can still apply the page.
        let applyTime = max(now, page.news.serverTime)
        return try await write { db in
            try SearchIndex.pauseMerging(db, page.cursor != nil)
            try Self.observe(db, reading: page.news.serverTime, now: now)
            try Self.rememberDeviceNames(db, page.news.names)
            let result = try merge(db, page.records, prepared: page.prepared, now: applyTime)
            try recordPeerConflicts(db, page.news.conflicts, peer: peer, seq: page.conflictSeq, now: now)
            try Self.recordProgress(db, peer: peer, peerKnowledge: page.peerKnowledge, cursor: page.cursor, now: now)
            return result
        }
    }

    /// Ends a sync with `peer`: remembers its epoch and knowledge, after folding in the news of
    /// its last answer (when the sync ended without a pull).
    public func finishSync(with peer: String, epoch: String, knowledge: VersionVector, news: PeerNews? = nil, now: Date = Date()) async throws {
        try await write { db in
            if let news { try absorb(db, news, now: now) }
            try Self.updatePeer(db, peer, epoch: epoch, knowledge: knowledge, now: now)
        }
    }

    private func absorb(_ db: Database, _ news: PeerNews, now: Date) throws {
        try Self.observe(db, reading: news.serverTime, now: now)
        try Self.rememberDeviceNames(db, news.names)
        try logConflicts(db, news.conflicts, at: now)
    }
}
