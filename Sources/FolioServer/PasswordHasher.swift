import Dispatch
import Foundation
import HummingbirdBcrypt

/// bcrypt, run on a dispatch queue so its deliberate slowness never blocks the server's
/// event loops or Swift's cooperative thread pool.
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

    /// True when `password` matches the bcrypt `hash`.
    public static func verify(_ password: String, hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
    }
}

/// The server's password checks, a few at a time: unauthenticated logins can keep at most
/// `concurrency` cores busy, and at most `queueLimit` more wait their turn; beyond that a login
/// is answered 503 `server_busy` at once, costing the server nothing. Synced devices, which never
/// hash, keep the remaining cores.
public actor PasswordCheckQueue {
    /// Checks that may run at once and checks that may wait.
    public struct Policy: Sendable, Equatable {
        public var concurrency: Int
        public var queueLimit: Int

        /// The defaults: one check per two cores (at least one), 32 waiting.
        public init(concurrency: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2), queueLimit: Int = 32) {
            self.concurrency = max(1, concurrency)
            self.queueLimit = max(0, queueLimit)
        }
    }

    private let policy: Policy
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A queue with `policy`.
    public init(policy: Policy) { self.policy = policy }

    /// True when `password` matches `hash`; throws `server_busy` when the queue is full.
    public func verify(_ password: String, hash: String) async throws(ServerError) -> Bool {
        if running >= policy.concurrency {
            guard waiting.count < policy.queueLimit else {
                throw ServerError(.serverBusy, "the server is busy checking other logins; try again in a few seconds", retryAfter: 2)
            }
            await withCheckedContinuation { waiting.append($0) }
        } else {
            running += 1
        }
        defer {
            if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
        }
        return await PasswordHasher.verify(password, hash: hash)
    }
}
