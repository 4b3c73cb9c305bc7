import Dispatch
import Foundation
import HummingbirdBcrypt

/// bcrypt for new passwords, run on a dispatch queue so its deliberate slowness never blocks the
/// server's event loops or Swift's cooperative thread pool. Logins check passwords through
/// ``PasswordCheckQueue``.
public enum PasswordHasher {
    /// The cost of new password hashes (2^12 rounds: about a quarter second).
    public static let defaultCost: UInt8 = 12
    /// The range bcrypt accepts.
    public static let costs: ClosedRange<UInt8> = 4...31

    private static let queue = DispatchQueue(label: "folio-server.bcrypt", attributes: .concurrent)

    /// The bcrypt hash of `password`; `cost` must be in ``costs``.
    public static func hash(_ password: String, cost: UInt8 = defaultCost) async -> String {
        let cost = min(max(cost, costs.lowerBound), costs.upperBound)
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Bcrypt.hash(password, cost: cost)) }
        }
    }
}

/// The server's password checks, a few at a time and at a low CPU priority.
///
/// Checks run on `concurrency` threads of their own, niced to 10: the scheduler gives a sync that
/// wakes up the CPU at once, and the checks about a tenth of it while syncs compete (nice 19 would
/// starve logins for tens of seconds on a machine busy with anything else). At most `queueLimit`
/// more checks wait their turn; beyond that a login is answered 503 `server_busy` at once, and so
/// is one that waited longer than `maximumWait` (on a machine busy with other work the niced
/// checks can crawl: the client hears so instead of hanging). So unauthenticated logins, however
/// many, cost synced devices little.
public final class PasswordCheckQueue: Sendable {
    /// Checks that may run at once, checks that may wait, and how long one may wait.
    public struct Policy: Sendable, Equatable {
        public var concurrency: Int
        public var queueLimit: Int
        public var maximumWait: Duration

        /// The defaults: one check per two cores (at least one), 32 waiting, for up to 10 s.
        public init(concurrency: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2), queueLimit: Int = 32,
                    maximumWait: Duration = .seconds(10)) {
            self.concurrency = max(1, concurrency)
            self.queueLimit = max(0, queueLimit)
            self.maximumWait = maximumWait
        }
    }

    /// The threads' nice value.
    static let niceness: Int32 = 10

    private let policy: Policy
    private let jobs = JobQueue()

    /// A queue with `policy`, starting its threads.
    public init(policy: Policy) {
        self.policy = policy
        for index in 0..<policy.concurrency {
            let thread = Thread { [jobs] in
                // On Linux, PRIO_PROCESS with id 0 renices the calling thread only.
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.niceness)
                while true { jobs.next()() }
            }
            thread.name = "folio-password-check-\(index)"
            thread.start()
        }
    }

    /// True when `password` matches the bcrypt `hash`; throws `server_busy` when the queue is full
    /// or the check waited longer than the policy's `maximumWait` for its turn.
    public func verify(_ password: String, hash: String) async throws(ServerError) -> Bool {
        let limit = policy.concurrency + policy.queueLimit
        let deadline = ContinuousClock.now + policy.maximumWait
        let result: Bool? = await withCheckedContinuation { continuation in
            let accepted = jobs.add(limit: limit) {
                continuation.resume(returning: ContinuousClock.now > deadline ? nil : Bcrypt.verify(password, hash: hash))
            }
            if !accepted { continuation.resume(returning: nil) }
        }
        guard let result else {
            throw ServerError(.serverBusy, "the server is busy checking other logins; try again in a few seconds", retryAfter: 2)
        }
        return result
    }

    /// Jobs waiting for or running on the check threads.
    private final class JobQueue: @unchecked Sendable {
        private let condition = NSCondition()
        private var waiting: [() -> Void] = []
        private var outstanding = 0

        /// Adds `job` unless `limit` jobs are already waiting or running.
        func add(limit: Int, _ job: @escaping () -> Void) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            guard outstanding < limit else { return false }
            outstanding += 1
            waiting.append(job)
            condition.signal()
            return true
        }

        /// The next job, waiting for one; it counts as outstanding until it has run.
        func next() -> () -> Void {
            condition.lock()
            defer { condition.unlock() }
            while waiting.isEmpty { condition.wait() }
            let job = waiting.removeFirst()
            return { [self] in
                job()
                condition.lock()
                outstanding -= 1
                condition.unlock()
            }
        }
    }
}
