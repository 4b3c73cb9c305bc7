import Foundation

/// A device token as `folio-server token list` shows it (never the token itself).
public struct DeviceTokenInfo: Sendable, Codable, Equatable {
    public var id: Int64
    public var user: String
    public var device: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(id: Int64, user: String, device: String, createdAt: Date, lastUsedAt: Date?, revokedAt: Date?) {
        self.id = id
        self.user = user
        self.device = device
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}
