/// The database id of a server user; coded as a plain JSON number.
public struct UserID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int64

    /// Wraps a stored id.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { String(rawValue) }
}
