import Foundation
import Synchronization

/// The device tokens this process found live in the last minute, by hash, with their users.
///
/// A sync request (pull or push) bearing one is admitted without a statement of its own: the
/// store confirms the token in the operation's first read of the space (``PullQuery/confirmToken``,
/// ``PushBatch/confirmToken``), in the same statement on PostgreSQL, so a revoked token is still
/// refused at once by every process, and nothing is read or written for it. An entry lives
/// as long as `last_used_at` may lag (a full check refreshes it), so that time keeps its
/// resolution; a refused confirmation drops the entry.
public final class TokenCache: Sendable {
    /// How long an entry admits requests before the token is checked in full again.
    static let lifetime: TimeInterval = 60
    /// The most entries kept; a full cache is emptied (a few more full checks), never grown.
    static let capacity = 10_000

    private let entries = Mutex<[String: (user: UserID, checkedAt: Date)]>([:])

    public init() {}

    /// The user of a token checked in full in the last ``lifetime``, if any.
    func user(tokenHash: String, now: Date) -> UserID? {
        entries.withLock { entries in
            guard let entry = entries[tokenHash], now.timeIntervalSince(entry.checkedAt) < Self.lifetime, entry.checkedAt <= now else { return nil }
            return entry.user
        }
    }

    /// Notes a token that a full check found live.
    func insert(tokenHash: String, user: UserID, now: Date) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[tokenHash] = (user, now)
        }
    }

    /// Forgets a token the store refused.
    func remove(tokenHash: String) {
        _ = entries.withLock { $0.removeValue(forKey: tokenHash) }
    }

    /// The verdict on a token a store was asked to confirm (`tokenHash`, nil when none was), from
    /// its row among the user's tokens: nil when there is none, else whether it was revoked.
    public static func confirm(_ tokenHash: String?, revoked: Bool?) throws(ServerError) {
        guard tokenHash != nil else { return }
        guard let revoked else { throw ServerError.unknownToken }
        if revoked { throw ServerError.revokedToken }
    }
}
