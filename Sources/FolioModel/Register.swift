/// One synced field's current value with the write that set it.
///
/// Ordinary fields hold one register; a tag field may hold several after concurrent adds
/// (see ``FieldPolicy/addWins``).
public struct Register: Hashable, Sendable, Codable {
    /// The field name, such as `title` or `tag:swift` (see ``Field``).
    public var field: String
    public var value: JSONValue
    public var dot: Dot
    public var stamp: HLCStamp

    public init(field: String, value: JSONValue, dot: Dot, stamp: HLCStamp) {
        self.field = field
        self.value = value
        self.dot = dot
        self.stamp = stamp
    }

    /// The total order of concurrent writes, the same on every replica: larger stamp, then larger replica id.
    public func beats(_ other: Register) -> Bool {
        (stamp, dot.replica, dot.counter) > (other.stamp, other.dot.replica, other.dot.counter)
    }
}
