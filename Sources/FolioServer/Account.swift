import FolioModel
import Foundation

/// A server user as `folio-server user list` shows it.
public struct Account: Sendable, Codable, Equatable {
    public var id: UserID
    public var name: String
    public var createdAt: Date
    /// The user's replica space epoch: a new one whenever the space is created.
    public var epoch: String
    public var replica: ReplicaID
    /// Device tokens not revoked.
    public var activeTokens: Int

    public init(id: UserID, name: String, createdAt: Date, epoch: String, replica: ReplicaID, activeTokens: Int) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.epoch = epoch
        self.replica = replica
        self.activeTokens = activeTokens
    }
}

/// What a login checks a password against.
public struct Credentials: Sendable, Equatable {
    public var user: UserID
    public var passwordHash: String
    public var epoch: String

    public init(user: UserID, passwordHash: String, epoch: String) {
        self.user = user
        self.passwordHash = passwordHash
        self.epoch = epoch
    }
}
