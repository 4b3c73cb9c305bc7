import FolioModel
import FolioProtocol
import FolioStore
import Foundation

/// Syncs the device database with one peer: push what the peer lacks, then pull what this
/// replica lacks, page by page. Every step is idempotent, so an interrupted sync is simply run
/// again; an interrupted pull resumes from its last committed page.
///
/// The engine reaches the device database through a few coarse steps
/// (``FolioDatabase/outgoingBatch(for:after:limit:maxBytes:)``, ``FolioDatabase/absorb(_:now:)``,
/// ``FolioDatabase/applyIncoming(_:from:now:)``, ``FolioDatabase/finishSync(with:epoch:knowledge:news:now:)``),
/// one transaction each.
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

    /// Runs one sync: ``quickSync()`` when it applies, else ``fullSync()``.
    /// A device whose clock ran fast and was corrected first stamps its future writes again.
    public func sync() async throws -> SyncSummary {
        let repair = try await repairClock()
        var summary: SyncSummary
        do {
            if let quick = try await quickSync() { summary = quick } else { summary = try await fullSync() }
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

    /// The sync with a server this device has completed a sync with, when no pull is pending
    /// (SPEC §5.2): it skips the info request. With changes, it pushes against the server
    /// knowledge stored at the last sync and pulls only if the answer shows the server has more;
    /// without, it pulls at once, and a first page from another epoch starts the full sync.
    /// A sync is then one request, or more when a pull takes several pages: the push's answer
    /// carries the pull's first page. Nil when it does not apply.
    private func quickSync() async throws -> SyncSummary? {
        guard let peer = try database.peer(peerName), let epoch = peer.epoch, peer.cursor == nil else { return nil }
        var tally = Tally()
        let stored = ServerView(knowledge: peer.knowledge, holds: peer.knowledge)
        if let pushed = try await push(to: stored, epoch: epoch, pullingAfter: peer, tally: &tally) {
            return try await finish(epoch: epoch, server: pushed.view, news: pushed.news, pulled: pushed.pulled, peer: peer, tally: tally)
        }
        let pulled = try await pull(resumeFrom: peer, expecting: epoch, tally: &tally)
        return try await finish(epoch: epoch, server: ServerView(knowledge: pulled, holds: pulled), news: nil, pulled: nil, peer: nil, tally: tally)
    }

    /// The sync that starts from the server's info: checks the protocol version and the epoch,
    /// then pushes against the server's current knowledge.
    private func fullSync() async throws -> SyncSummary {
        let info = try await transport.info()
        guard info.supportedVersions.contains(ProtocolVersion.current) else {
            throw SyncError.incompatibleProtocol(server: info.supportedVersions)
        }
        var tally = Tally()
        var peer = try database.peer(peerName)
        if let known = peer, known.epoch != nil, known.epoch != info.epoch {
            try database.forgetPeer(peerName)
            peer = nil
            tally.summary.serverWasReset = true
        }
        let start = ServerView(knowledge: info.knowledge, holds: info.holds ?? info.knowledge)
        let infoNews = FolioDatabase.PeerNews(serverTime: info.serverTime, names: info.replicas?.entries ?? [:], conflicts: [])
        try await database.absorb(infoNews)
        let pushed = try await push(to: start, epoch: info.epoch, pullingAfter: peer, tally: &tally)
        return try await finish(epoch: info.epoch, server: pushed?.view ?? start, news: pushed?.news, pulled: pushed?.pulled, peer: peer, tally: tally)
    }

    /// Pulls unless this replica already knows all the server knows (the common one-change sync
    /// then costs no pull), starting from the page `pulled` along with the push if there is one,
    /// and stores the server's epoch and knowledge with the news of its last answer.
    private func finish(epoch: String, server: ServerView, news: FolioDatabase.PeerNews?, pulled: PulledPage?, peer: PeerState?, tally: Tally) async throws -> SyncSummary {
        var tally = tally
        let known = try database.replicaInfo().knowledge
        let upToDate = known.dominates(server.knowledge) && known.dominates(server.holds) && peer?.cursor == nil
        if !upToDate { _ = try await pull(resumeFrom: peer, expecting: nil, startingWith: pulled, tally: &tally) }
        if tally.summary.received >= Self.bulkPull { try database.compactSearchIndex() }
        try await database.finishSync(with: peerName, epoch: epoch, knowledge: server.knowledge, news: news)
        var summary = tally.summary
        summary.conflicts = Set(tally.conflicts.map { [$0.recordID.uuidString, $0.field, $0.lost.dot.description] }).count
        return summary
    }

    /// Sends every change the server's knowledge (as far as this device knows) does not cover,
    /// with that knowledge as the batches' base. Unless a pull is pending (`peer`'s cursor), the
    /// last batch asks for a pull's first page along (SPEC §5.2). Returns what the server knows
    /// and holds after, with the news and the page of its last answer; nil when there was
    /// nothing to send.
    private func push(to start: ServerView, epoch: String, pullingAfter peer: PeerState?, tally: inout Tally) async throws
        -> (view: ServerView, news: FolioDatabase.PeerNews, pulled: PulledPage?)? {
        let base = start.knowledge
        let along = peer?.cursor == nil ? PullOptions(limit: pageSize, conflictsAfter: peer?.conflictSeq ?? 0) : nil
        var cursor: Dot?
        var snapshot: VersionVector?
        var last: (view: ServerView, news: FolioDatabase.PeerNews, pulled: PulledPage?)?
        repeat {
            let batch = try await database.outgoingBatch(for: base, after: cursor, limit: pageSize, maxBytes: pushBytes)
            if batch.changes.records.isEmpty && cursor == nil { return nil }
            // The knowledge claimed with the last batch is the one read before the first.
            let claim = snapshot ?? batch.knowledge
            snapshot = claim
            let isLast = batch.changes.next == nil
            let response = try await transport.push(PushRequest(
                epoch: epoch, records: batch.changes.records, knowledge: isLast ? claim : nil, base: base, replica: batch.replica, pull: isLast ? along : nil))
            let news = FolioDatabase.PeerNews(serverTime: response.serverTime, names: response.replicas?.entries ?? [:], conflicts: response.conflicts)
            tally.conflicts.formUnion(response.conflicts)
            tally.summary.sent += batch.changes.records.count
            cursor = batch.changes.next
            if cursor != nil { try await database.absorb(news) }
            last = (ServerView(knowledge: response.knowledge, holds: response.holds ?? response.knowledge), news,
                    response.pull.map { PulledPage(page: $0, knowledge: claim) })
        } while cursor != nil
        return last
    }

    /// What the server knows, and the newest writes it holds (which may exceed its knowledge).
    struct ServerView {
        var knowledge: VersionVector
        var holds: VersionVector
    }

    /// A pull's first page that came with a push's answer, and the knowledge it was asked with.
    struct PulledPage {
        var page: PullResponse
        var knowledge: VersionVector
    }

    /// What a sync has done so far.
    struct Tally {
        var summary = SyncSummary()
        var conflicts = Set<Conflict>()
    }

    /// Fetches and applies pages until the server has nothing more; each page and its cursor are
    /// committed together, and knowledge advances only with the last page. Later pages are
    /// fetched while the current one is applied (``PullPrefetch``). With `expecting`, a first page from another
    /// epoch is not applied: the sync starts over from info. `pulled`, a first page that came
    /// with a push, is not asked again. Returns the first page's knowledge.
    private func pull(resumeFrom peer: PeerState?, expecting epoch: String?, startingWith pulled: PulledPage? = nil, tally: inout Tally) async throws -> VersionVector {
        var cursor = peer?.cursor
        let resumed = cursor == nil ? nil : peer?.pendingKnowledge
        if resumed == nil { cursor = nil }
        // Every page of one pull is asked with the same knowledge (SPEC §5 step 3).
        let knowledge = try pulled?.knowledge ?? database.replicaInfo().knowledge
        let pageSize = pageSize
        let request = { @Sendable (cursor: String?, conflictsAfter: Int) in
            PullRequest(knowledge: knowledge, cursor: cursor, limit: pageSize, conflictsAfter: conflictsAfter)
        }
        let first: PullResponse
        if let pulled { first = pulled.page } else { first = try await transport.pull(request(cursor, peer?.conflictSeq ?? 0)) }
        if let epoch, first.epoch != epoch {
            throw SyncError.server(status: 409, code: ErrorCode.epochChanged.rawValue, message: "the server was reset")
        }
        let pageKnowledge = resumed ?? first.knowledge
        // A page is built (its values compressed for storage) in the task that fetched it, so
        // that work too runs while the previous page is written.
        let incoming = { @Sendable (response: PullResponse) in
            FolioDatabase.IncomingPage(
                records: response.records,
                news: FolioDatabase.PeerNews(serverTime: response.serverTime, names: response.replicas?.entries ?? [:], conflicts: response.conflicts),
                conflictSeq: response.conflictSeq, cursor: response.cursor, peerKnowledge: pageKnowledge)
        }
        var page = incoming(first)
        let ahead = page.cursor.map { cursor in
            PullPrefetch(after: cursor, conflictsAfter: page.conflictSeq, fetch: { [transport] cursor, conflictsAfter in
                try await transport.pull(request(cursor, conflictsAfter))
            }, prepare: incoming)
        }
        while true {
            let result: ApplyResult
            do {
                result = try await database.applyIncoming(page, from: peerName)
            } catch {
                ahead?.cancel()
                throw error
            }
            tally.summary.received += result.changed
            tally.conflicts.formUnion(result.conflicts)
            guard page.cursor != nil, let ahead else { return pageKnowledge }
            page = try await ahead.next()
        }
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
