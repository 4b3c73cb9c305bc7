import Synchronization

/// Answers `GET /ready`: whether the store answers a read within a timeout
/// (``ServerConfiguration/readinessTimeout``), so that a load balancer sends no requests to a
/// process whose database is unreachable.
///
/// One check of the store runs at a time; probes that arrive meanwhile wait for it, so a hung
/// database never piles up checks (each would hold a database connection or thread). A check
/// still hanging after six timeouts is given up for a new one, so a database that comes back is
/// seen even if a connection of the old check never answers.
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
    /// The check in flight, and when it started.
    private var running: (task: Task<Finding, Never>, started: ContinuousClock.Instant)?

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

    /// Reads the store, or waits for the read in flight, for at most the timeout.
    func probe() async -> Finding {
        let task = running.flatMap { ContinuousClock.now - $0.started < giveUpAfter ? $0.task : nil } ?? startCheck()
        return await Self.value(of: task, within: timeout) ?? .silent
    }

    private func startCheck() -> Task<Finding, Never> {
        let task = Task { [check] in
            do {
                try await check()
                return Finding.ready
            } catch {
                return .failed(String(describing: error))
            }
        }
        running = (task, .now)
        Task {
            _ = await task.value
            self.finished(task)
        }
        return task
    }

    private func finished(_ task: Task<Finding, Never>) {
        if running?.task == task { running = nil }
    }

    /// The task's value, or nil when it takes longer than `timeout` (the task goes on).
    static func value<T: Sendable>(of task: Task<T, Never>, within timeout: Duration) async -> T? {
        let once = Once()
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            Task {
                let value = await task.value
                if once.claim() { continuation.resume(returning: value) }
            }
            Task {
                try? await Task.sleep(for: timeout)
                if once.claim() { continuation.resume(returning: nil) }
            }
        }
    }

    /// A flag the first of several racers claims.
    private final class Once: Sendable {
        private let claimed = Atomic(false)

        /// True for the first caller only.
        func claim() -> Bool {
            !claimed.exchange(true, ordering: .relaxed)
        }
    }
}
