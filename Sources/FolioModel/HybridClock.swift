import Foundation

/// A hybrid logical clock reading: wall-clock milliseconds plus a logical counter.
///
/// Packed into one `Int64` for storage and the wire: `wall << 16 | logical`.
public struct HLCStamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var wall: UInt64
    public var logical: UInt16

    public init(wall: UInt64, logical: UInt16 = 0) {
        self.wall = wall
        self.logical = logical
    }

    public init(packed: Int64) {
        self.wall = UInt64(packed) >> 16
        self.logical = UInt16(truncatingIfNeeded: packed)
    }

    public var packed: Int64 { Int64(bitPattern: wall << 16 | UInt64(logical)) }

    public static let zero = HLCStamp(wall: 0)

    public var date: Date { Date(timeIntervalSince1970: Double(wall) / 1000) }

    public var description: String { "\(wall).\(logical)" }

    public static func < (lhs: HLCStamp, rhs: HLCStamp) -> Bool {
        (lhs.wall, lhs.logical) < (rhs.wall, rhs.logical)
    }
}

extension HLCStamp: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(packed: try decoder.singleValueContainer().decode(Int64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(packed)
    }
}

/// A replica's hybrid logical clock: never goes backwards, and moves past every stamp it observes,
/// so a write made after seeing another always carries a larger stamp, whatever the wall clocks say.
public struct HybridClock: Sendable, Hashable {
    public private(set) var latest: HLCStamp

    /// How far ahead of a receiver's wall clock a received stamp may be: a device clock a day off
    /// in either direction still syncs; anything further is refused as a broken clock.
    public static let maximumFutureSkew: TimeInterval = 2 * 86_400

    public init(latest: HLCStamp = .zero) { self.latest = latest }

    /// Milliseconds since 1970 of a wall-clock date.
    public static func wallMilliseconds(_ date: Date) -> UInt64 {
        UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// The stamp for a new local write at wall time `now`.
    public mutating func tick(now: Date = Date()) -> HLCStamp {
        let wall = Self.wallMilliseconds(now)
        if wall > latest.wall {
            latest = HLCStamp(wall: wall)
        } else if latest.logical == UInt16.max {
            latest = HLCStamp(wall: latest.wall + 1)
        } else {
            latest = HLCStamp(wall: latest.wall, logical: latest.logical + 1)
        }
        return latest
    }

    /// Folds a stamp seen from another replica into the clock.
    public mutating func observe(_ stamp: HLCStamp) {
        if stamp > latest { latest = stamp }
    }
}
