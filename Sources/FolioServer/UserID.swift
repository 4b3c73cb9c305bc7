/// The database id of a server user.
public struct UserID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int64

    /// Wraps a stored id.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    public var description: String { String(rawValue) }
}
