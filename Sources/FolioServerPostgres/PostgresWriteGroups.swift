import FolioServer
import Logging
import Synchronization

/// Runs the writes of one user that queue up in this process, while a write of theirs runs, in
/// one transaction (group commit per user).
///
/// Writes to one space are serialised anyway (the account row's lock), so a write that would only
/// wait for the lock joins the next group instead: the group pays one BEGIN, one lock and one
/// COMMIT (and one `NOTIFY`) for all its writes, and no connection sits waiting on the lock.
/// The writes run one after another, each seeing the ones before it, so each answers what it
/// would have answered alone. A write that throws is answered with its error after the group is
/// rolled back; the writes that had run before it make up the next group on their own (known to
/// succeed, so a stream of failing writes cannot make them run over and over), and those after it
/// keep their place in the queue: one write's bad input never fails another's. Each write is
/// answered only after its group commits.
final class PostgresWriteGroups: Sendable {
    /// One queued write: runs in the group's transaction and returns how to answer once it commits.
    private struct Job: Sendable {
        /// The device token (hash) the write's reads of the space confirm, if any.
        let confirm: String?
        let run: @Sendable (PostgresTransaction) throws -> @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
    }

    /// The most writes one group runs: a bound on how long it holds the user's space.
    static let maximumGroup = 16

    private let connections: PostgresConnections
    private let logger: Logger
    /// One user's writes waiting; present while a group of theirs is scheduled.
    private struct Queue {
        var jobs: [Job] = []
        /// How many of the first jobs make up the next group, when they already ran once in a
        /// group that failed: they alone are known to succeed.
        var provenPrefix: Int?
    }

    /// The writes waiting, by user.
    private let queues = Mutex<[Int64: Queue]>([:])

    init(connections: PostgresConnections, logger: Logger) {
        self.connections = connections
        self.logger = logger
    }

    /// Runs `body` in the next transaction of `user`'s writes, its reads of the space confirming
    /// `token` if given; returns after the transaction commits.
    func write<T: Sendable>(user: UserID, confirming token: String?, _ body: @escaping @Sendable (PostgresTransaction) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue(user.rawValue, [Job(
                confirm: token,
                run: { transaction in
                    let result = try body(transaction)
                    return { continuation.resume(returning: result) }
                },
                fail: { error in continuation.resume(throwing: error) })])
        }
    }

    /// The writes of `user` waiting for their group.
    func waiting(user: UserID) -> Int {
        queues.withLock { $0[user.rawValue]?.jobs.count ?? 0 }
    }

    /// Queues `jobs` and schedules a group for `user` unless one is scheduled.
    private func enqueue(_ user: Int64, _ jobs: [Job]) {
        let schedule = queues.withLock { queues in
            let scheduled = queues[user] != nil
            queues[user, default: Queue()].jobs += jobs
            return !scheduled
        }
        if schedule { scheduleGroup(user) }
    }

    /// Puts a failed group's other writes back in front of the queue, `proven` (those that ran
    /// before the failure) first and as the next group by themselves, then `unrun`. Called while
    /// the user's group is still scheduled.
    private func requeue(_ user: Int64, proven: [Job], unrun: [Job]) {
        queues.withLock { queues in
            queues[user, default: Queue()].jobs.insert(contentsOf: proven + unrun, at: 0)
            if !proven.isEmpty { queues[user]?.provenPrefix = proven.count }
        }
    }

    /// Runs the user's next group on a pool thread; if no connection can be had, its writes fail.
    private func scheduleGroup(_ user: Int64) {
        Task {
            do {
                try await connections.runPooled { pooled in self.runGroup(user, pooled) }
            } catch {
                for job in takeGroup(user, all: true) { job.fail(error) }
                scheduleNext(user)
            }
        }
    }

    private func takeGroup(_ user: Int64, all: Bool = false) -> [Job] {
        queues.withLock { queues in
            let queue = queues[user] ?? Queue()
            let count = all ? queue.jobs.count : min(queue.jobs.count, queue.provenPrefix ?? Self.maximumGroup)
            queues[user] = Queue(jobs: Array(queue.jobs.dropFirst(count)))
            return Array(queue.jobs.prefix(count))
        }
    }

    /// Schedules the user's next group if writes queued meanwhile, else marks none scheduled.
    private func scheduleNext(_ user: Int64) {
        let more = queues.withLock { queues in
            if queues[user]?.jobs.isEmpty ?? true { queues[user] = nil }
            return queues[user] != nil
        }
        if more { scheduleGroup(user) }
    }

    /// One transaction for the writes queued: BEGIN is sent without waiting, the user's account
    /// row is locked by the first statement, and the commit is waited for with all sent before it.
    private func runGroup(_ user: Int64, _ pooled: PostgresConnections.Pooled) {
        let jobs = takeGroup(user)
        let transaction = PostgresTransaction(pooled, logger: logger, lock: UserID(rawValue: user))
        transaction.sendControl("BEGIN")
        var answers: [@Sendable () -> Void] = []
        var failure: (index: Int, error: any Error)?
        for (index, job) in jobs.enumerated() {
            transaction.state.confirm = job.confirm
            do {
                answers.append(try job.run(transaction))
                // A write's errors are its own: the next one's first wait must not report them.
                if index < jobs.count - 1 { try transaction.settle() }
            } catch {
                failure = (index, error)
                break
            }
        }
        if let failure {
            transaction.abandon()
            jobs[failure.index].fail(explained(failure.error))
            requeue(user, proven: Array(jobs[..<failure.index]), unrun: Array(jobs[(failure.index + 1)...]))
        } else {
            do {
                try transaction.sendHeldWrites()
                transaction.sendControl("COMMIT")
                try transaction.settle()
                for answer in answers { answer() }
            } catch {
                transaction.abandon()
                for job in jobs { job.fail(explained(error)) }
            }
        }
        scheduleNext(user)
    }

    private func explained(_ error: any Error) -> any Error {
        PostgresStoreError.explaining(error, url: connections.url.description)
    }
}
