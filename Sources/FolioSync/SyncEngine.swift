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
    /// A push request stops growing once its values reach this size; a larger record goes
    /// alone (the server accepts up to 64 MiB, SPEC §9).
    public var pushBytes = 4 << 20
    /// A pull that changes at least this many records ends by compacting the search index.
    static let bulkPull = 1_000

    public init(database: FolioDatabase, transport: any SyncTransport, peerName: String) {
        self.database = database
        self.transport = transport
        self.peerName = peerName
    }

    /// Runs one sync: ``pushFirst()`` when it applies, else ``fullSync()``.
    /// A device whose clock ran fast and was corrected first stamps its future writes again.
    public func sync() async throws -> SyncSummary {
        let repair = try await repairClock()
        var summary: SyncSummary
        do {
            if let pushed = try await pushFirst() { summary = pushed } else { summary = try await fullSync() }
        } catch let error as SyncError where error.needsFullSync {
            // The server was wiped or restored since this device last saw it, or between our
            // info request and the push: start over from what it knows now.
            summary = try await fullSync()
        }
        summary.clockRepair = repair
        return summary
    }

    /// Repairs the clock of a device whose wall clock ran fast and was corrected
    /// (``FolioDatabase/repairClock(now:)``). The clock is also ahead of the wall clock when this
    /// device's wall clock is slow and it took newer stamps from others; so the server's time is
    /// asked first, and the later of the two clocks is the reference.
    private func repairClock() async throws -> ClockRepair? {
        guard try database.replicaInfo().clock.isAhead(of: Date()) else { return nil }
        let info = try await transport.info()
        return try database.repairClock(now: max(Date(), info.serverTime))
    }

    /// The sync of a device with changes for a server it has synced with before: push against
    /// the server knowledge stored at the last sync, then pull only if the push answer shows the
    /// server has more. It skips the info request (two requests, or one, instead of three). Nil
    /// when it does not apply: a first sync, a pull to resume, or nothing to send.
    private func pushFirst() async throws -> SyncSummary? {
        guard let peer = try database.peer(peerName), let epoch = peer.epoch, peer.cursor == nil,
              try !database.changes(notCoveredBy: peer.knowledge, limit: 1).records.isEmpty
        else { return nil }
        var summary = SyncSummary()
        var conflicts = Set<Conflict>()
        let server = try await push(to: ServerView(knowledge: peer.knowledge, holds: peer.knowledge), epoch: epoch, summary: &summary, conflicts: &conflicts)
        return try await finish(epoch: epoch, server: server, peer: peer, summary: summary, conflicts: conflicts)
    }

    /// The sync that starts from the server's info: checks the protocol version and the epoch,
    /// then pushes against the server's current knowledge.
    private func fullSync() async throws -> SyncSummary {
        let info = try await transport.info()
        guard info.supportedVersions.contains(ProtocolVersion.current) else {
            throw SyncError.incompatibleProtocol(server: info.supportedVersions)
        }
        try database.observeClock(info.serverTime)
        try remember(info.replicas)
        var summary = SyncSummary()
        var conflicts = Set<Conflict>()
        var peer = try database.peer(peerName)
        if let known = peer, known.epoch != nil, known.epoch != info.epoch {
            try database.forgetPeer(peerName)
            peer = nil
            summary.serverWasReset = true
        }
        let server = try await push(to: ServerView(knowledge: info.knowledge, holds: info.holds ?? info.knowledge), epoch: info.epoch, summary: &summary, conflicts: &conflicts)
        return try await finish(epoch: info.epoch, server: server, peer: peer, summary: summary, conflicts: conflicts)
    }

    /// Pulls unless this replica already knows all the server knows (the common no-change or
    /// one-change sync then costs no pull), and stores the server's epoch and knowledge.
    private func finish(epoch: String, server: ServerView, peer: PeerState?, summary: SyncSummary, conflicts: Set<Conflict>) async throws -> SyncSummary {
        var summary = summary
        var conflicts = conflicts
        let known = try database.replicaInfo().knowledge
        let upToDate = known.dominates(server.knowledge) && known.dominates(server.holds) && peer?.cursor == nil
        if !upToDate { try await pull(resumeFrom: peer, summary: &summary, conflicts: &conflicts) }
        if summary.received >= Self.bulkPull { try database.compactSearchIndex() }
        try database.updatePeer(peerName, epoch: epoch, knowledge: server.knowledge)
        summary.conflicts = Set(conflicts.map { [$0.recordID.uuidString, $0.field, $0.lost.dot.description] }).count
        return summary
    }

    /// Sends every change the server's knowledge (as far as this device knows) does not cover,
    /// with that knowledge as the batches' base; returns what the server knows and holds after.
    private func push(to start: ServerView, epoch: String, summary: inout SyncSummary, conflicts: inout Set<Conflict>) async throws -> ServerView {
        let knowledge = start.knowledge
        let me = try database.replicaInfo()
        let snapshot = me.knowledge
        var server = start
        var cursor: Dot?
        repeat {
            let page = try database.changes(notCoveredBy: knowledge, after: cursor, limit: pageSize, maxBytes: pushBytes)
            if page.records.isEmpty && cursor == nil { return server }
            let isLast = page.next == nil
            let response = try await transport.push(PushRequest(epoch: epoch, records: page.records, knowledge: isLast ? snapshot : nil, base: knowledge, replica: me.id))
            try database.observeClock(response.serverTime)
            try remember(response.replicas)
            if !response.conflicts.isEmpty {
                try database.logReportedConflicts(response.conflicts)
                conflicts.formUnion(response.conflicts)
            }
            summary.sent += page.records.count
            server = ServerView(knowledge: response.knowledge, holds: response.holds ?? response.knowledge)
            cursor = page.next
        } while cursor != nil
        return server
    }

    /// Keeps the device names a server answer carries, for `folio conflicts` (SPEC §5.3).
    private func remember(_ names: ReplicaNames?) throws {
        if let names { try database.rememberDeviceNames(names.entries) }
    }

    /// What the server knows, and the newest writes it holds (which may exceed its knowledge).
    struct ServerView {
        var knowledge: VersionVector
        var holds: VersionVector
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
            try remember(response.replicas)
            let pageKnowledge = firstKnowledge ?? response.knowledge
            firstKnowledge = pageKnowledge
            // The server has checked every stamp against its own clock; a device whose clock is
            // slow takes the server's reading as the earliest it can be, so it can still pull.
            let result = try database.apply(response.records, peer: peerName, peerKnowledge: pageKnowledge, cursor: response.cursor,
                                            now: max(Date(), response.serverTime))
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
    /// The server is not the one this device last synced with: reset (`epoch_changed`) or
    /// restored from a backup (`server_behind`).
    var needsFullSync: Bool {
        if case .server(_, let code, _) = self { return code == ErrorCode.epochChanged.rawValue || code == ErrorCode.serverBehind.rawValue }
        return false
    }
}
