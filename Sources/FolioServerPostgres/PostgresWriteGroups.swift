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
/// rolled back, and the others run again in the next group: one write's bad input never fails
/// another's. Each write is answered only after its group commits.
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
    /// The writes waiting, by user; a user is present while a group of theirs is scheduled.
    private let queues = Mutex<[Int64: [Job]]>([:])

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
        queues.withLock { $0[user.rawValue]?.count ?? 0 }
    }

    /// Queues `jobs` (in front of those waiting: a group's survivors keep their turn) and
    /// schedules a group for `user` unless one is scheduled.
    private func enqueue(_ user: Int64, _ jobs: [Job], first: Bool = false) {
        let schedule = queues.withLock { queues in
            let scheduled = queues[user] != nil
            queues[user] = first ? jobs + (queues[user] ?? []) : (queues[user] ?? []) + jobs
            return !scheduled
        }
        if schedule { scheduleGroup(user) }
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
            let waiting = queues[user] ?? []
            let count = all ? waiting.count : min(waiting.count, Self.maximumGroup)
            queues[user] = Array(waiting.dropFirst(count))
            return Array(waiting.prefix(count))
        }
    }

    /// Schedules the user's next group if writes queued meanwhile, else marks none scheduled.
    private func scheduleNext(_ user: Int64) {
        let more = queues.withLock { queues in
            if queues[user]?.isEmpty ?? true { queues[user] = nil }
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
            var others = jobs
            others.remove(at: failure.index)
            if !others.isEmpty { enqueue(user, others, first: true) }
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
