import Foundation

/// A value that lost to a concurrent write: what the user may want back.
public struct Conflict: Hashable, Sendable, Codable {
    public var recordID: UUID
    public var field: String
    /// The value every replica now holds.
    public var kept: Register
    /// The concurrent value that lost; for a tag, a removal (null) that lost to an add.
    public var lost: Register

    public init(recordID: UUID, field: String, kept: Register, lost: Register) {
        self.recordID = recordID
        self.field = field
        self.kept = kept
        self.lost = lost
    }
}
