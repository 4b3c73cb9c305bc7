/// Answers `GET /ready`: whether the store answers a read within a timeout
/// (``ServerConfiguration/readinessTimeout``), so that a load balancer sends no requests to a
/// process whose database is unreachable.
///
/// One check of the store runs at a time; probes that arrive meanwhile wait for it, so a hung
/// database never piles up checks (each would hold a database connection or thread), and a probe
/// holds nothing beyond its timeout, however long the check hangs. A check still hanging after
/// six timeouts is given up for a new one, so a database that comes back is seen even if a
/// connection of the old check never answers.
actor ReadinessProbe {
    /// What a probe found.
    enum Finding: Sendable, Equatable {
        case ready
        /// The store's read failed, with this error.
        case failed(String)
        /// The store did not answer within the timeout.
        case silent
    }

    private let check: @Sendable () async throws -> Void
    private let timeout: Duration
    /// How long a check may hang before a probe starts another.
    private let giveUpAfter: Duration
    /// The check in flight: its number and when it started.
    private var running: (number: Int, started: ContinuousClock.Instant)?
    private var checksStarted = 0
    /// The probes waiting for the check in flight, by probe number.
    private var waiting: [Int: CheckedContinuation<Finding, Never>] = [:]
    private var probesStarted = 0

    /// A probe of `store` (``SyncStore/checkReadable()``).
    init(store: any SyncStore, timeout: Duration) {
        self.init(timeout: timeout) { try await store.checkReadable() }
    }

    /// A probe running `check`, which throws when the store cannot answer; a check hanging for
    /// `giveUpAfter` (six timeouts unless given) is given up for a new one.
    init(timeout: Duration, giveUpAfter: Duration? = nil, check: @escaping @Sendable () async throws -> Void) {
        self.check = check
        self.timeout = timeout
        self.giveUpAfter = giveUpAfter ?? timeout * 6
    }

    /// The probes waiting for an answer.
    var waitingProbes: Int { waiting.count }

    /// Reads the store, or waits for the read in flight, for at most the timeout.
    func probe() async -> Finding {
        if running.map({ ContinuousClock.now - $0.started >= giveUpAfter }) ?? true { startCheck() }
        probesStarted += 1
        let probe = probesStarted
        return await withCheckedContinuation { continuation in
            waiting[probe] = continuation
            Task {
                try? await Task.sleep(for: timeout)
                self.answer(probe, .silent)
            }
        }
    }

    private func startCheck() {
        checksStarted += 1
        let number = checksStarted
        running = (number, .now)
        Task { [check] in
            let finding: Finding
            do {
                try await check()
                finding = .ready
            } catch {
                finding = .failed(String(describing: error))
            }
            self.finished(number, finding)
        }
    }

    /// Answers the probes waiting on check `number`, unless a newer check replaced it.
    private func finished(_ number: Int, _ finding: Finding) {
        guard running?.number == number else { return }
        running = nil
        for continuation in waiting.values { continuation.resume(returning: finding) }
        waiting = [:]
    }

    private func answer(_ probe: Int, _ finding: Finding) {
        waiting.removeValue(forKey: probe)?.resume(returning: finding)
    }
}
