import FolioModel
import Foundation

/// The server's storage: accounts, device tokens and one isolated replica space per user.
///
/// Every operation names its user; an implementation must scope every query by that user so
/// one user can never read or change another's data. The embedded default is
/// ``SQLiteSyncStore``; `FolioServerPostgres` has a PostgreSQL one. A store that is a
/// ``SyncStorage`` gets the sync operations from ``SyncService``.
public protocol SyncStore: AccountStore {
    /// The user's replica id, epoch and knowledge.
    func space(user: UserID) async throws -> UserSpace
    /// One page of what the user's space holds that `query.knowledge` does not cover, in dot order.
    func pull(user: UserID, _ query: PullQuery) async throws -> PullPage
    /// Validates and merges a batch of records in one transaction; returns only after commit.
    func push(user: UserID, _ batch: PushBatch, now: Date) async throws -> PushOutcome
    /// Calls `changed` with each space that another process sharing the store changed, and with
    /// nil when some may have changed unseen (as while reconnecting), until the task is cancelled.
    /// A store that only one process uses has nothing to report and returns at once.
    func followChanges(_ changed: @escaping @Sendable (UserID?) -> Void) async
    /// Counts of users, tokens, records and conflicts, and the database's size (`folio-server status`).
    func statistics() async throws -> StoreStatistics
    /// Reads one row of the accounts table: throws when the database cannot answer (`GET /ready`).
    func checkReadable() async throws
}

extension SyncStore {
    public func followChanges(_ changed: @escaping @Sendable (UserID?) -> Void) async {}
}

extension SyncStore where Self: SyncStorage {
    public func space(user: UserID) async throws -> UserSpace {
        try await SyncService(storage: self).space(user: user)
    }

    public func pull(user: UserID, _ query: PullQuery) async throws -> PullPage {
        try await SyncService(storage: self).pull(user: user, query)
    }

    public func push(user: UserID, _ batch: PushBatch, now: Date) async throws -> PushOutcome {
        try await SyncService(storage: self).push(user: user, batch, now: now)
    }
}

/// Users and their device tokens.
public protocol AccountStore: Sendable {
    // MARK: Accounts

    /// Creates a user with a fresh replica space (new replica id and epoch).
    func createUser(name: String, passwordHash: String, now: Date) async throws -> Account
    /// Replaces a user's bcrypt password hash.
    func setPasswordHash(user name: String, passwordHash: String) async throws
    /// Every user, by name.
    func users() async throws -> [Account]
    /// Deletes a user, their tokens and their whole replica space.
    func removeUser(name: String) async throws
    /// The id and bcrypt hash of a user, for a login; nil when there is no such user.
    func credentials(user name: String) async throws -> Credentials?

    // MARK: Device tokens

    /// Stores a new device token by its SHA-256 hash (the token itself is never stored).
    func createToken(user: UserID, tokenHash: String, device: String, now: Date) async throws -> DeviceTokenInfo
    /// Whose a token is, noting when it was last used, or that it was revoked or is unknown.
    func authenticate(tokenHash: String, now: Date) async throws -> TokenStatus
    /// Device tokens, of one user or of all.
    func tokens(user name: String?) async throws -> [DeviceTokenInfo]
    /// Revokes a token: requests bearing it get 401 from then on.
    func revokeToken(id: Int64, now: Date) async throws
    /// Revokes the token with this SHA-256 hash (a device logging out); unknown hashes are ignored.
    func revokeToken(hash: String, now: Date) async throws
}

/// What a bearer token is to the store.
public enum TokenStatus: Sendable, Equatable {
    /// A live token of this user.
    case valid(UserID)
    /// A token that was revoked (`folio-server token revoke`, or the device logged out).
    case revoked
    /// A token the store never issued, or lost (a reset or restored server).
    case unknown
}
