import Foundation

/// The random 64-bit identity of one replica: a device database or one user's space on a server.
///
/// Written as 16 lower-case hex digits on the wire and in JSON.
public struct ReplicaID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// A fresh random replica id (never zero).
    public static func random() -> ReplicaID {
        var generator = SystemRandomNumberGenerator()
        return ReplicaID(rawValue: UInt64.random(in: 1...UInt64.max, using: &generator))
    }

    /// Parses 1 to 16 hex digits.
    public init?(hex: String) {
        guard !hex.isEmpty, hex.utf8.count <= 16, hex.utf8.allSatisfy(\.isHexDigit), let value = UInt64(hex, radix: 16) else { return nil }
        self.rawValue = value
    }

    public var hex: String {
        let digits = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public var description: String { hex }

    public static func < (lhs: ReplicaID, rhs: ReplicaID) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension ReplicaID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ReplicaID(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "replica id must be 1 to 16 hex digits, got \"\(text)\"")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

extension UInt8 {
    /// True for the ASCII digits and the letters a-f, A-F (no sign: `UInt64(_:radix:)` alone takes `+` and `-`).
    var isHexDigit: Bool { hexValue != nil }

    /// True for the ASCII digits.
    public var isDecimalDigit: Bool { (0x30...0x39).contains(self) }

    /// The ASCII hex digit of `value` (0 to 15).
    public static func hexDigit(_ value: UInt8, uppercase: Bool = false) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : (uppercase ? UInt8(ascii: "A") : UInt8(ascii: "a")) + value - 10
    }

    /// The value of an ASCII hex digit (either case), else nil.
    public var hexValue: UInt8? {
        switch self {
        case 0x30...0x39: self - 0x30
        case 0x41...0x46: self - 0x41 + 10
        case 0x61...0x66: self - 0x61 + 10
        default: nil
        }
    }
}
