import Foundation

/// Slows down password guessing: after a few failed logins for one user from one client, each
/// further attempt must wait, twice as long after every failure, up to a maximum. Memory is
/// bounded: at most `maxEntries` (user, client) pairs are remembered.
public actor LoginThrottle {
    /// How many failures are free and how the delay grows.
    public struct Policy: Sendable, Equatable {
        /// Failed attempts allowed before delays start.
        public var freeAttempts: Int
        /// The wait after the first failure past the free ones; doubles after each further failure.
        public var baseDelay: TimeInterval
        public var maxDelay: TimeInterval
        /// Failures older than this are forgotten.
        public var window: TimeInterval
        public var maxEntries: Int

        /// The defaults: 5 free attempts, then 1 s, 2 s, 4 s ... up to 15 minutes.
        public init(freeAttempts: Int = 5, baseDelay: TimeInterval = 1, maxDelay: TimeInterval = 900, window: TimeInterval = 900, maxEntries: Int = 10_000) {
            self.freeAttempts = freeAttempts
            self.baseDelay = baseDelay
            self.maxDelay = maxDelay
            self.window = window
            self.maxEntries = max(1, maxEntries)
        }
    }

    private struct Entry {
        var failures: Int
        var last: Date
    }

    private let policy: Policy
    private var entries: [String: Entry] = [:]

    /// A throttle with `policy`.
    public init(policy: Policy) { self.policy = policy }

    /// Starts an attempt for `key`: throws `too_many_requests` while the key must wait, else
    /// counts the attempt as a failure until ``succeeded(_:)`` clears it (so concurrent guesses
    /// are counted too).
    public func begin(_ key: String, now: Date) throws(ServerError) {
        if var entry = entries[key], now.timeIntervalSince(entry.last) < policy.window {
            let wait = delay(after: entry.failures) - now.timeIntervalSince(entry.last)
            if wait > 0 {
                throw ServerError(.tooManyRequests, "too many failed logins; try again in \(Int(wait.rounded(.up))) seconds", retryAfter: Int(wait.rounded(.up)))
            }
            entry.failures += 1
            entry.last = now
            entries[key] = entry
        } else {
            makeRoom(now: now)
            entries[key] = Entry(failures: 1, last: now)
        }
    }

    /// How many (user, client) pairs are remembered.
    public var count: Int { entries.count }

    /// Forgets the failures of `key` after a successful login.
    public func succeeded(_ key: String) {
        entries[key] = nil
    }

    private func delay(after failures: Int) -> TimeInterval {
        guard failures >= policy.freeAttempts else { return 0 }
        let doublings = Double(min(failures - policy.freeAttempts, 30))
        return min(policy.baseDelay * pow(2, doublings), policy.maxDelay)
    }

    private func makeRoom(now: Date) {
        guard entries.count >= policy.maxEntries else { return }
        entries = entries.filter { now.timeIntervalSince($0.value.last) < policy.window }
        guard entries.count >= policy.maxEntries else { return }
        // Still full of recent entries: drop the oldest tenth.
        let drop = max(1, policy.maxEntries / 10)
        for key in entries.sorted(by: { $0.value.last < $1.value.last }).prefix(drop).map(\.key) {
            entries[key] = nil
        }
    }
}
