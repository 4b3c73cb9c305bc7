import Foundation

/// A map from replica to the highest counter seen from it.
///
/// Used both as a record's version (every dot applied to the record) and as a replica's
/// knowledge (every write it holds or has seen superseded). Entries with counter 0 are
/// never stored, so equal vectors compare equal.
public struct VersionVector: Hashable, Sendable {
    public private(set) var entries: [ReplicaID: UInt64]

    public init(_ entries: [ReplicaID: UInt64] = [:]) {
        self.entries = entries.filter { $0.value > 0 }
    }

    /// How two vectors relate causally.
    public enum Order: Sendable, Equatable {
        case equal, before, after, concurrent
    }

    public subscript(replica: ReplicaID) -> UInt64 {
        get { entries[replica] ?? 0 }
        set { entries[replica] = newValue > 0 ? newValue : nil }
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// True when the write `dot` is included in this vector.
    public func covers(_ dot: Dot) -> Bool { self[dot.replica] >= dot.counter }

    /// Records `dot` in the vector (a no-op if already covered).
    public mutating func add(_ dot: Dot) {
        if dot.counter > self[dot.replica] { self[dot.replica] = dot.counter }
    }

    /// The entry-wise maximum of the two vectors.
    public func joined(with other: VersionVector) -> VersionVector {
        var result = self
        result.join(other)
        return result
    }

    public mutating func join(_ other: VersionVector) {
        for (replica, counter) in other.entries where counter > self[replica] {
            entries[replica] = counter
        }
    }

    /// True when every entry of `other` is covered by this vector.
    public func dominates(_ other: VersionVector) -> Bool {
        other.entries.allSatisfy { self[$0.key] >= $0.value }
    }

    public func compare(_ other: VersionVector) -> Order {
        switch (dominates(other), other.dominates(self)) {
        case (true, true): return .equal
        case (true, false): return .after
        case (false, true): return .before
        case (false, false): return .concurrent
        }
    }
}

extension VersionVector: Codable {
    /// Coded as a JSON object from replica hex id to counter: `{"00000000000000a1": 12}`.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: UInt64].self)
        var entries: [ReplicaID: UInt64] = [:]
        for (key, value) in raw {
            guard let replica = ReplicaID(hex: key) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad replica id \"\(key)\" in version vector"))
            }
            guard value <= UInt64(Int64.max) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "counter \(value) of \(key) is beyond \(Int64.max)"))
            }
            entries[replica] = value
        }
        self.init(entries)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: entries.map { ($0.key.hex, $0.value) }))
    }
}

extension VersionVector {
    /// The `Codable` form as compact JSON text with entries in replica order, written directly
    /// (records are saved with their vector on every change).
    public var json: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// Parses the `Codable` form: the compact shape ``json`` writes is read directly, anything
    /// else through `JSONDecoder`.
    public init(json: String) throws {
        if let vector = Self.compact(json.utf8) {
            self = vector
        } else {
            self = try JSONCoding.decoder.decode(VersionVector.self, from: Data(json.utf8))
        }
    }

    /// The vector when `json` has exactly the compact shape (`{"a1":12,"b2":3}`: 1 to 16 hex
    /// digits per replica, JSON integers as counters, no spaces, no replica twice), else nil. Read byte
    /// by byte: every stored record's vector goes through here.
    static func compact(_ json: String.UTF8View) -> VersionVector? {
        if let vector = json.withContiguousStorageIfAvailable(compact(bytes:)) { return vector }
        return Array(json).withUnsafeBufferPointer(compact(bytes:))
    }

    private static func compact(bytes: UnsafeBufferPointer<UInt8>) -> VersionVector? {
        let (quote, colon, comma) = (UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: ","))
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return nil }
        let end = bytes.count - 1
        var index = 1
        guard index < end else { return VersionVector() }
        var entries: [ReplicaID: UInt64] = [:]
        while true {
            guard bytes[index] == quote else { return nil }
            index += 1
            var replica: UInt64 = 0
            let firstDigit = index
            while index < end, let digit = bytes[index].hexValue {
                replica = replica << 4 | UInt64(digit)
                index += 1
            }
            // Over 16 digits shifted bits out: refused here.
            guard (1...16).contains(index - firstDigit), index + 1 < end, bytes[index] == quote, bytes[index + 1] == colon else { return nil }
            index += 2
            var counter: UInt64 = 0
            let firstCounterDigit = index
            while index < end, bytes[index].isDecimalDigit {
                let (tens, overflowed) = counter.multipliedReportingOverflow(by: 10)
                let (sum, carried) = tens.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
                guard !overflowed, !carried else { return nil }
                counter = sum
                index += 1
            }
            // A counter of no digits, or with a leading zero (not JSON), is refused.
            guard index > firstCounterDigit, bytes[firstCounterDigit] != UInt8(ascii: "0") || index == firstCounterDigit + 1,
                  entries.updateValue(counter, forKey: ReplicaID(rawValue: replica)) == nil else { return nil }
            if index == end { return VersionVector(entries) }
            guard bytes[index] == comma, index + 1 < end else { return nil }
            index += 1
        }
    }
}

extension VersionVector: CustomStringConvertible {
    public var description: String {
        "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key.hex):\($0.value)" }.joined(separator: ", ") + "}"
    }
}
