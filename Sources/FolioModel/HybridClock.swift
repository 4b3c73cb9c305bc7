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

    /// The stamp packed in `packed`; a negative number (never written by Folio) reads as zero.
    public init(packed: Int64) {
        self = HLCStamp(exactly: packed) ?? .zero
    }

    /// The stamp packed in `packed`, or nil when it is negative: stamps on the wire are checked
    /// with this before anything converts them.
    public init?(exactly packed: Int64) {
        guard packed >= 0 else { return nil }
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
        let container = try decoder.singleValueContainer()
        guard let stamp = HLCStamp(exactly: try container.decode(Int64.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a stamp must not be negative")
        }
        self = stamp
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

    /// The maximum clock offset: how far ahead of a receiver's wall clock a received stamp may
    /// be, and how far a received stamp or server time may move a replica's clock past its own
    /// wall clock. A clock a day off either way still syncs; a clock further ahead is refused as
    /// broken, and no wrong clock can drag another replica's clock further than this.
    public static let maximumOffset: TimeInterval = 2 * 86_400

    /// The newest stamp a replica at wall time `now` accepts or moves its clock to.
    public static func horizon(now: Date, maximumSkew: TimeInterval = maximumOffset) -> HLCStamp {
        HLCStamp(wall: wallMilliseconds(now.addingTimeInterval(maximumSkew)), logical: UInt16.max)
    }

    /// Milliseconds in a time interval.
    public static func milliseconds(_ interval: TimeInterval) -> UInt64 { UInt64(max(0, interval * 1000)) }

    /// A clock difference in words, to the nearest unit: "3 days", "5 hours", "12 minutes", "40 seconds".
    public static func describe(_ milliseconds: UInt64) -> String {
        let seconds = (milliseconds + 500) / 1000
        func plural(_ unit: UInt64, _ name: String) -> String {
            let n = (seconds + unit / 2) / unit
            return "\(n) \(name)\(n == 1 ? "" : "s")"
        }
        if seconds >= 2 * 86_400 { return plural(86_400, "day") }
        if seconds >= 2 * 3_600 { return plural(3_600, "hour") }
        if seconds >= 120 { return plural(60, "minute") }
        return plural(1, "second")
    }

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

    /// Folds a stamp of an accepted record into the clock. Records carry no stamp beyond the
    /// receiver's horizon (``RecordRules``), so this never moves the clock past it; a bare clock
    /// reading such as a server's time is folded with ``observe(reading:now:)``.
    public mutating func observe(_ stamp: HLCStamp) {
        if stamp > latest { latest = stamp }
    }

    /// Folds another replica's clock reading, but never past the horizon of wall time `now`:
    /// a server whose clock runs fast cannot drag this one into the future.
    public mutating func observe(reading: HLCStamp, now: Date) {
        observe(min(reading, Self.horizon(now: now)))
    }

    /// True when this clock is further ahead of wall time `now` than any clock may be: the
    /// replica's own wall clock was fast and has been corrected (see ``maximumOffset``).
    public func isAhead(of now: Date) -> Bool { latest > Self.horizon(now: now) }

    /// Sets the clock back to `stamp` after a wrong wall clock was corrected; the caller has
    /// re-stamped every write that carried a later stamp.
    public mutating func reset(to stamp: HLCStamp) { latest = stamp }
}
