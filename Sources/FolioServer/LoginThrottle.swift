import Foundation

/// Slows down password guessing without letting anyone lock a user out.
///
/// Failures are counted three ways, each keyed on something the guesser controls:
/// - per client address, across every user name (spraying many names from one address);
/// - per (user, address) pair (guessing one password from one address);
/// - per user, across addresses: once a user has `hotAccountFailures` recent failures (a guess
///   spread over many addresses), every address that has itself failed for that user waits after
///   its first failure instead of its `freeAttempts`-th.
///
/// An address that has not failed is never refused: a correct password from it is checked and
/// accepted, however many failures other addresses caused (SECURITY.md). Waits double after each
/// failure, up to `maxDelay`; a refused attempt costs no password hash. Memory is bounded by
/// `maxEntries`.
public actor LoginThrottle {
    /// How many failures are free and how the waits grow.
    public struct Policy: Sendable, Equatable {
        /// Failed attempts for one user from one address before waits start.
        public var freeAttempts: Int
        /// Failed attempts from one address, across user names, before waits start.
        public var freeAddressAttempts: Int
        /// Recent failures for one user, from any address, that put the account under watch.
        public var hotAccountFailures: Int
        /// The first wait; doubles after each further failure.
        public var baseDelay: TimeInterval
        public var maxDelay: TimeInterval
        /// Failures older than this are forgotten.
        public var window: TimeInterval
        public var maxEntries: Int
        /// How long a refused login (throttled, or the server busy) is held before its answer:
        /// a guesser that does not wait for `Retry-After` gets fewer refusals a second from each
        /// connection, and each costs the server a sleeping task, not CPU.
        public var refusalDelay: Duration

        /// The defaults: 5 free attempts per user and address, 20 per address, accounts watched
        /// after 10 failures; waits of 5 s, 10 s, 20 s ... up to 15 minutes; refusals held half a second.
        public init(
            freeAttempts: Int = 5, freeAddressAttempts: Int = 20, hotAccountFailures: Int = 10,
            baseDelay: TimeInterval = 5, maxDelay: TimeInterval = 900, window: TimeInterval = 900, maxEntries: Int = 30_000,
            refusalDelay: Duration = .milliseconds(500)
        ) {
            self.freeAttempts = freeAttempts
            self.freeAddressAttempts = freeAddressAttempts
            self.hotAccountFailures = hotAccountFailures
            self.baseDelay = baseDelay
            self.maxDelay = maxDelay
            self.window = window
            self.maxEntries = max(3, maxEntries)
            self.refusalDelay = refusalDelay
        }
    }

    /// One login attempt in progress, counted as a failure until ``succeeded(_:)``.
    public struct Attempt: Sendable {
        let user: String
        let address: String
        var keys: [String] { ["u|" + user, "a|" + address, "p|" + user + "|" + address] }
    }

    private struct Entry {
        var failures: Int
        var last: Date
    }

    private let policy: Policy
    private var entries: [String: Entry] = [:]

    /// A throttle with `policy`.
    public init(policy: Policy) { self.policy = policy }

    /// Starts an attempt for `user` from `address`: throws `too_many_requests` while that address
    /// must wait, else counts the attempt as a failure until ``succeeded(_:)`` (so concurrent
    /// guesses count too).
    public func begin(user: String, address: String, now: Date) throws(ServerError) -> Attempt {
        let attempt = Attempt(user: user.lowercased(), address: address)
        let keys = attempt.keys
        let accountFailures = failures(keys[0], now: now)
        let pairFree = accountFailures >= policy.hotAccountFailures ? 1 : policy.freeAttempts
        let wait = max(
            self.wait(keys[1], free: policy.freeAddressAttempts, now: now),
            self.wait(keys[2], free: pairFree, now: now))
        if wait > 0 {
            let seconds = Int(wait.rounded(.up))
            throw ServerError(.tooManyRequests, "too many failed logins from this address; try again in \(seconds) seconds", retryAfter: seconds)
        }
        for key in keys { count(key, now: now) }
        return attempt
    }

    /// Takes back the failure ``begin(user:address:now:)`` counted, after a correct password, and
    /// forgets the pair's failures.
    public func succeeded(_ attempt: Attempt) {
        let keys = attempt.keys
        for key in keys.prefix(2) {
            guard var entry = entries[key] else { continue }
            entry.failures -= 1
            entries[key] = entry.failures > 0 ? entry : nil
        }
        entries[keys[2]] = nil
    }

    /// How many keys are remembered.
    public var count: Int { entries.count }

    private func failures(_ key: String, now: Date) -> Int {
        guard let entry = entries[key], now.timeIntervalSince(entry.last) < policy.window else { return 0 }
        return entry.failures
    }

    /// How long `key` must still wait, given `free` failures before waits start.
    private func wait(_ key: String, free: Int, now: Date) -> TimeInterval {
        let failures = failures(key, now: now)
        guard failures >= free, let entry = entries[key] else { return 0 }
        let doublings = Double(min(failures - free, 30))
        return min(policy.baseDelay * pow(2, doublings), policy.maxDelay) - now.timeIntervalSince(entry.last)
    }

    private func count(_ key: String, now: Date) {
        if var entry = entries[key], now.timeIntervalSince(entry.last) < policy.window {
            entry.failures += 1
            entry.last = now
            entries[key] = entry
        } else {
            makeRoom(now: now)
            entries[key] = Entry(failures: 1, last: now)
        }
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
