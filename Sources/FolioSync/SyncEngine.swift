import FolioModel
import FolioProtocol
import FolioStore
import Foundation

/// Syncs the device database with one peer: push what the peer lacks, then pull what this
/// replica lacks, page by page. Every step is idempotent, so an interrupted sync is simply run
/// again; an interrupted pull resumes from its last committed page.
public struct SyncEngine: Sendable {
    public let database: FolioDatabase
    public let transport: any SyncTransport
    /// The name the peer's state is kept under in the device database.
    public let peerName: String
    /// Records per push request and per pull page.
    public var pageSize = 500
    /// A pull that changes at least this many records ends by compacting the search index.
    static let bulkPull = 1_000

    public init(database: FolioDatabase, transport: any SyncTransport, peerName: String) {
        self.database = database
        self.transport = transport
        self.peerName = peerName
    }

    /// Runs one full sync.
    public func sync() async throws -> SyncSummary {
        do {
            return try await syncOnce()
        } catch let error as SyncError where error.isEpochChange {
            // The server was wiped or restored between our info request and the push: start over.
            return try await syncOnce()
        }
    }

    private func syncOnce() async throws -> SyncSummary {
        let info = try await transport.info()
        guard info.supportedVersions.contains(ProtocolVersion.current) else {
            throw SyncError.incompatibleProtocol(server: info.supportedVersions)
        }
        try database.observeClock(info.serverTime)
        var summary = SyncSummary()
        var conflicts = Set<Conflict>()
        var peer = try database.peer(peerName)
        if let known = peer, known.epoch != nil, known.epoch != info.epoch {
            try database.forgetPeer(peerName)
            peer = nil
            summary.serverWasReset = true
        }
        let serverKnowledge = try await push(knowledge: info.knowledge, epoch: info.epoch, summary: &summary, conflicts: &conflicts)
        // Nothing to pull when this replica already knows all the server knew: the common
        // no-change or one-change sync then costs one request (two with a push).
        let upToDate = try database.replicaInfo().knowledge.dominates(info.knowledge) && peer?.cursor == nil
        if !upToDate { try await pull(resumeFrom: peer, summary: &summary, conflicts: &conflicts) }
        if summary.received >= Self.bulkPull { try database.compactSearchIndex() }
        try database.updatePeer(peerName, epoch: info.epoch, knowledge: serverKnowledge)
        summary.conflicts = Set(conflicts.map { [$0.recordID.uuidString, $0.field, $0.lost.dot.description] }).count
        return summary
    }

    /// Sends every change the server's knowledge does not cover; returns the server's knowledge after.
    private func push(knowledge: VersionVector, epoch: String, summary: inout SyncSummary, conflicts: inout Set<Conflict>) async throws -> VersionVector {
        let snapshot = try database.replicaInfo().knowledge
        var serverKnowledge = knowledge
        var cursor: Dot?
        repeat {
            let page = try database.changes(notCoveredBy: knowledge, after: cursor, limit: pageSize)
            if page.records.isEmpty && cursor == nil { return serverKnowledge }
            let isLast = page.next == nil
            let response = try await transport.push(PushRequest(epoch: epoch, records: page.records, knowledge: isLast ? snapshot : nil))
            try database.observeClock(response.serverTime)
            if !response.conflicts.isEmpty {
                try database.logReportedConflicts(response.conflicts)
                conflicts.formUnion(response.conflicts)
            }
            summary.sent += page.records.count
            serverKnowledge = response.knowledge
            cursor = page.next
        } while cursor != nil
        return serverKnowledge
    }

    /// Fetches and applies pages until the server has nothing more; each page and its cursor are
    /// committed together, and knowledge advances only with the last page.
    private func pull(resumeFrom peer: PeerState?, summary: inout SyncSummary, conflicts: inout Set<Conflict>) async throws {
        var cursor = peer?.cursor
        var firstKnowledge = cursor == nil ? nil : peer?.pendingKnowledge
        var conflictSeq = peer?.conflictSeq ?? 0
        if firstKnowledge == nil { cursor = nil }
        repeat {
            let knowledge = try database.replicaInfo().knowledge
            let response = try await transport.pull(PullRequest(knowledge: knowledge, cursor: cursor, limit: pageSize, conflictsAfter: conflictSeq))
            try database.observeClock(response.serverTime)
            let pageKnowledge = firstKnowledge ?? response.knowledge
            firstKnowledge = pageKnowledge
            let result = try database.apply(response.records, peer: peerName, peerKnowledge: pageKnowledge, cursor: response.cursor)
            summary.received += result.changed
            conflicts.formUnion(result.conflicts)
            if response.conflictSeq > conflictSeq || !response.conflicts.isEmpty {
                try database.recordPeerConflicts(response.conflicts, peer: peerName, seq: response.conflictSeq)
                conflictSeq = response.conflictSeq
            }
            cursor = response.cursor
        } while cursor != nil
    }
}

extension SyncError {
    var isEpochChange: Bool {
        if case .server(_, let code, _) = self { return code == "epoch_changed" }
        return false
    }
}
