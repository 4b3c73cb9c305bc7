import FolioProtocol
import FolioStore
import Foundation

/// Keeps a device current until its task is cancelled: syncs at once, then whenever the server
/// has changes (it holds a `POST /v1/wait` until it does) or this device has changes of its own
/// (looked for every ``Timing/localCheck`` and synced once edits pause for ``Timing/debounce``).
/// A failed sync is reported and tried again after a pause that doubles up to ``Timing/maxBackoff``.
public struct SyncWatch: Sendable {
    /// How often and how long the watch waits.
    public struct Timing: Sendable {
        /// Seconds the server is asked to hold each wait (below common proxy timeouts).
        public var serverWait = 25
        public var localCheck = Duration.milliseconds(500)
        public var debounce = Duration.seconds(1)
        /// The shortest time between two syncs, so a server that always has news cannot spin the device.
        public var minimumInterval = Duration.milliseconds(250)
        /// Between syncs when the server cannot wait (it predates SPEC §5.4).
        public var pollInterval = Duration.seconds(60)
        public var maxBackoff = Duration.seconds(60)

        public init() {}
    }

    /// Why a sync ran.
    public enum Reason: String, Sendable {
        case start, server, local, retry
    }

    /// What the watch reports: a sync done, or one that failed and will be tried again.
    public enum Event: Sendable {
        case synced(SyncSummary, Reason)
        case failed(any Error, retryIn: Duration)
    }

    let database: FolioDatabase
    let transport: any WaitingTransport
    let peerName: String
    let timing: Timing

    public init(database: FolioDatabase, transport: any WaitingTransport, peerName: String, timing: Timing = Timing()) {
        self.database = database
        self.transport = transport
        self.peerName = peerName
        self.timing = timing
    }

    /// Runs until cancelled; `report` is called after every sync attempt.
    public func run(_ report: @Sendable (Event) -> Void) async {
        var reason = Reason.start
        var backoff = Duration.seconds(1)
        while !Task.isCancelled {
            do {
                let started = ContinuousClock.now
                let summary = try await SyncEngine(database: database, transport: transport, peerName: peerName).sync()
                report(.synced(summary, reason))
                backoff = .seconds(1)
                try await Task.sleep(until: started + timing.minimumInterval)
                reason = try await nextReason()
            } catch {
                if Task.isCancelled { return }
                report(.failed(error, retryIn: backoff))
                do { try await Task.sleep(for: backoff) } catch { return }
                backoff = min(backoff * 2, timing.maxBackoff)
                reason = .retry
            }
        }
    }

    /// Waits for the first reason to sync again.
    private func nextReason() async throws -> Reason {
        try await withThrowingTaskGroup(of: Reason.self) { group in
            group.addTask { try await waitForServer() }
            group.addTask { try await waitForLocalChanges() }
            defer { group.cancelAll() }
            guard let reason = try await group.next() else { throw CancellationError() }
            return reason
        }
    }

    private func waitForServer() async throws -> Reason {
        while true {
            // A server may answer a cancelled wait at once (`changed: false`) rather than fail it.
            try Task.checkCancellation()
            let knowledge = try database.replicaInfo().knowledge
            do {
                if try await transport.wait(WaitRequest(knowledge: knowledge, timeout: timing.serverWait)).changed { return .server }
            } catch SyncError.server(status: 404, _, _), SyncError.server(status: 405, _, _) {
                // A server from before live sync: ask it now and then instead.
                try await Task.sleep(for: timing.pollInterval)
                return .server
            }
        }
    }

    private func waitForLocalChanges() async throws -> Reason {
        var pending = try database.pendingChangeCount(for: peerName)
        while pending == 0 {
            try await Task.sleep(for: timing.localCheck)
            pending = try database.pendingChangeCount(for: peerName)
        }
        while true {
            try await Task.sleep(for: timing.debounce)
            let now = try database.pendingChangeCount(for: peerName)
            if now == pending { return .local }
            pending = now
        }
    }
}
