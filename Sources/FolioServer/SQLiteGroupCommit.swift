import GRDB
import Synchronization

/// Runs writes on the pool's one writer connection, committing the writes that queued up while
/// the writer was busy in one transaction (group commit).
///
/// Each write runs in its own savepoint, so one that throws is rolled back alone and answers its
/// own error; the others keep their changes. Every write is answered only after the shared
/// commit, and all fail together if the commit does. Fewer commits mean fewer WAL frames, and
/// reader connections that keep their page caches longer (SQLite empties a connection's cache
/// when it sees another connection's commit).
final class SQLiteGroupCommit: Sendable {
    /// One queued write: runs in the group's transaction and returns how to answer its caller.
    private struct Job: Sendable {
        let run: @Sendable (Database) -> Answer
        let fail: @Sendable (any Error) -> Void
    }

    /// How a job that ran answers its caller once the group commits, and the error it threw, if any.
    private struct Answer {
        let resume: @Sendable () -> Void
        let error: (any Error)?
    }

    private struct Queue {
        var jobs: [Job] = []
        /// True while a group is scheduled on the writer: new jobs join the next one.
        var scheduled = false
    }

    private let pool: DatabasePool
    private let queue = Mutex(Queue())

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `body` in a savepoint of the next group's transaction; returns after that transaction commits.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue(Job(
                run: { db in
                    do {
                        nonisolated(unsafe) var value: T?
                        try db.inSavepoint {
                            value = try body(db)
                            return .commit
                        }
                        let result = value!
                        return Answer(resume: { continuation.resume(returning: result) }, error: nil)
                    } catch {
                        return Answer(resume: { continuation.resume(throwing: error) }, error: error)
                    }
                },
                fail: { error in continuation.resume(throwing: error) }))
        }
    }

    private func enqueue(_ job: Job) {
        let schedule = queue.withLock { queue in
            queue.jobs.append(job)
            defer { queue.scheduled = true }
            return !queue.scheduled
        }
        if schedule { scheduleGroup() }
    }

    /// Queues one group on the writer, between any other writes waiting for it.
    private func scheduleGroup() {
        pool.asyncWriteWithoutTransaction { db in self.commitGroup(db) }
    }

    /// Runs every queued job in one transaction, answers them, then schedules the next group if more queued meanwhile.
    private func commitGroup(_ db: Database) {
        let jobs = queue.withLock { queue in
            defer { queue.jobs = [] }
            return queue.jobs
        }
        do {
            var answers: [Answer] = []
            try db.inTransaction(.immediate) {
                for job in jobs {
                    let answer = job.run(db)
                    // An error SQLite answers by rolling back the whole transaction (a full disk)
                    // took the group's earlier writes with it: they all fail with it.
                    if let error = answer.error, !db.isInsideTransaction { throw error }
                    answers.append(answer)
                }
                return .commit
            }
            for answer in answers { answer.resume() }
        } catch {
            for job in jobs { job.fail(error) }
        }
        let more = queue.withLock { queue in
            queue.scheduled = !queue.jobs.isEmpty
            return queue.scheduled
        }
        if more { scheduleGroup() }
    }
}

