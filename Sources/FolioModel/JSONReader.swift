import Foundation

/// A value that reads itself from JSON text: the mirror of ``JSONWritable``, for the wire
/// messages every sync request and answer carries.
public protocol JSONReadable {
    /// Reads one value at the reader's position; throws when the text is not exactly what
    /// `JSONCoding.decoder` would accept for this type.
    init(reading reader: inout JSONReader) throws
}

/// The bounded reader of every wire message and of stored values (``JSONValue/init(json:)``): a
/// forward-only reader of JSON bytes that builds values directly, without `JSONDecoder`'s
/// generic containers. Stored values fit its bounds: the rulebook refuses any value nested
/// deeper than ``RecordRules/maximumValueDepth``, well under ``maximumDepth``.
///
/// Outside bytes are hostile: the reader nests at most ``maximumDepth`` levels (so no input
/// can exhaust the stack), and range-checks numbers before converting them (a negative stamp,
/// a counter past 2^63−1). Those refusals are ``Refusal``s. It is also strict: anything
/// unusual is a ``Mismatch``, and ``JSONCoding/decode(_:from:)`` then hands the text to
/// `JSONDecoder`, whose errors name the offending path.
public struct JSONReader {
    /// The text is not what the reader expected; details come from the fallback decoder.
    public struct Mismatch: Error {
        public init() {}
    }

    /// The text breaks a limit: refused as it is, never handed to another decoder.
    public struct Refusal: Error, CustomStringConvertible, Equatable {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// How deeply objects and arrays may nest in one document.
    public static let maximumDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Reads a whole document holding one `T`.
    public static func read<T: JSONReadable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        var reader = JSONReader(bytes)
        let value = try T(reading: &reader)
        reader.skipWhitespace()
        guard reader.index == bytes.count else { throw Mismatch() }
        return value
    }

    // MARK: - Structure

    /// Reads an object, calling `member` with each key; `member` must read the key's value.
    public mutating func readObject(_ member: (inout JSONReader, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        try enter()
        defer { depth -= 1 }
        if try consume(UInt8(ascii: "}")) { return }
        repeat {
            let key = try readString()
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
        } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
    }

    /// Reads an object keyed by replica ids (hex), each value read by `value`.
    public mutating func readReplicaMap<T>(_ value: (inout JSONReader) throws -> T) throws -> [ReplicaID: T] {
        var entries: [ReplicaID: T] = [:]
        try readObject { reader, key in
            guard let replica = ReplicaID(hex: key) else { throw Mismatch() }
            entries[replica] = try value(&reader)
        }
        return entries
    }

    /// Reads an array of elements that `element` reads one by one.
    public mutating func readArray<T>(_ element: (inout JSONReader) throws -> T) throws -> [T] {
        try expect(UInt8(ascii: "["))
        try enter()
        defer { depth -= 1 }
        var elements: [T] = []
        if try consume(UInt8(ascii: "]")) { return elements }
        repeat {
            elements.append(try element(&self))
        } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
        return elements
    }

    /// Reads an array of readable values.
    public mutating func readArray<T: JSONReadable>(of type: T.Type) throws -> [T] {
        try readArray { reader in try T(reading: &reader) }
    }

    /// Reads `null` if it comes next (an absent optional), returning true; else reads nothing.
    public mutating func readNull() throws -> Bool {
        skipWhitespace()
        guard bytes[index...].starts(with: Self.null) else { return false }
        index += 4
        return true
    }

    // MARK: - Scalars

    public mutating func readString() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return try Self.validated(bytes[start..<index])
            }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            if byte < 0x20 { throw Mismatch() }
            index += 1
        }
        throw Mismatch()
    }

    public mutating func readBool() throws -> Bool {
        skipWhitespace()
        if bytes[index...].starts(with: Self.true) { index += 4; return true }
        if bytes[index...].starts(with: Self.false) { index += 5; return false }
        throw Mismatch()
    }

    /// Reads an integer written as plain digits (with an optional minus sign).
    public mutating func readInt64() throws -> Int64 {
        guard let value = Int64(try numberText(integer: true)) else { throw Mismatch() }
        return value
    }

    /// Reads a counter: a whole number from 0 to 2^63−1, the range every store can hold.
    public mutating func readCounter() throws -> UInt64 {
        let text = try numberText(integer: true)
        guard let value = UInt64(text), value <= UInt64(Int64.max) else {
            throw Refusal("a counter must be a whole number from 0 to \(Int64.max) (got \(text.prefix(40)))")
        }
        return value
    }

    public mutating func readInt() throws -> Int {
        guard let value = Int(try numberText(integer: true)) else { throw Mismatch() }
        return value
    }

    public mutating func readDouble() throws -> Double {
        guard let value = Double(try numberText(integer: false)), value.isFinite else { throw Mismatch() }
        return value
    }

    /// Reads any JSON value.
    public mutating func readValue() throws -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw Mismatch() }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            var object: [String: JSONValue] = [:]
            try readObject { reader, key in object[key] = try reader.readValue() }
            return .object(object)
        case UInt8(ascii: "["): return .array(try readArray { reader in try reader.readValue() })
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try readBool())
        case UInt8(ascii: "n"):
            guard try readNull() else { throw Mismatch() }
            return .null
        default: return .number(try readDouble())
        }
    }

    // MARK: - Helpers

    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw Refusal("the JSON nests deeper than \(Self.maximumDepth) levels") }
    }

    /// Throws a ``Refusal`` when `bytes` nest deeper than ``maximumDepth`` anywhere: checked
    /// before text goes to a decoder that recurses without a bound.
    public static func checkDepth(_ bytes: [UInt8]) throws {
        var depth = 0, inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maximumDepth { throw Refusal("the JSON nests deeper than \(maximumDepth) levels") }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
    }

    private static let null = Array("null".utf8), `true` = Array("true".utf8), `false` = Array("false".utf8)

    mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard try consume(byte) else { throw Mismatch() }
    }

    private mutating func consume(_ byte: UInt8) throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw Mismatch() }
        guard bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// The text of a number token, checked against JSON's grammar (`-`, digits without a leading
    /// zero, then a fraction and an exponent unless `integer`).
    private mutating func numberText(integer: Bool) throws -> String {
        skipWhitespace()
        let start = index
        _ = skip(UInt8(ascii: "-"))
        let digits = index
        guard skipDigits() > 0, bytes[digits] != UInt8(ascii: "0") || index == digits + 1 else { throw Mismatch() }
        if !integer {
            if skip(UInt8(ascii: ".")), skipDigits() == 0 { throw Mismatch() }
            if skip(UInt8(ascii: "e")) || skip(UInt8(ascii: "E")) {
                _ = skip(UInt8(ascii: "+")) || skip(UInt8(ascii: "-"))
                if skipDigits() == 0 { throw Mismatch() }
            }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skip(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Skips ASCII digits; returns how many.
    private mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        return index - start
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Finishes a string that has escapes, from its first byte at `start`.
    private mutating func readEscapedString(from start: Int) throws -> String {
        var output = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return try Self.validated(output[...])
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw Mismatch() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard bytes[index...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else { throw Mismatch() }
                        index += 2
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Mismatch() }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw Mismatch() }
                    output.append(contentsOf: String(Character(unicode)).utf8)
                default: throw Mismatch()
                }
            default:
                guard byte >= 0x20 else { throw Mismatch() }
                output.append(byte)
            }
        }
        throw Mismatch()
    }

    private mutating func readHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count, bytes[index..<index + 4].allSatisfy({ $0.isHexDigit }),
              let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else { throw Mismatch() }
        index += 4
        return value
    }

    private static func validated(_ utf8: ArraySlice<UInt8>) throws -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw Mismatch() }
        return text
    }
}

extension JSONCoding {
    /// Decodes JSON bytes as `T`: read directly when `T` is ``JSONReadable`` and the text is
    /// what the reader expects, else (and for every error) by ``decoder``.
    /// Limits are never left to `JSONDecoder`: text nested too deeply or with numbers out of
    /// range throws ``JSONReader/Refusal``.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        if let readable = T.self as? any JSONReadable.Type {
            do {
                if let value = try JSONReader.read(readable, from: bytes) as? T { return value }
            } catch let refusal as JSONReader.Refusal {
                throw refusal
            } catch {}
        }
        try JSONReader.checkDepth(bytes)
        return try decoder.decode(T.self, from: Data(bytes))
    }
}

// MARK: - Model types

extension JSONValue: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try reader.readValue() }
}

extension ReplicaID: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        guard let id = ReplicaID(hex: try reader.readString()) else { throw JSONReader.Mismatch() }
        self = id
    }
}

extension VersionVector: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        self.init(try reader.readReplicaMap { try $0.readCounter() })
    }
}

extension Dot: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var counter: UInt64?, replica: ReplicaID?
        try reader.readObject { reader, key in
            switch key {
            case "counter": counter = try reader.readCounter()
            case "replica": replica = try ReplicaID(reading: &reader)
            default: _ = try reader.readValue()
            }
        }
        guard let counter, let replica else { throw JSONReader.Mismatch() }
        self.init(replica: replica, counter: counter)
    }
}

extension Register: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var dot: Dot?, field: String?, stamp: Int64?, value: JSONValue?
        try reader.readObject { reader, key in
            switch key {
            case "dot": dot = try Dot(reading: &reader)
            case "field": field = try reader.readString()
            case "stamp": stamp = try reader.readInt64()
            case "value": value = try reader.readValue()
            default: _ = try reader.readValue()
            }
        }
        guard let dot, let field, let stamp, let value else { throw JSONReader.Mismatch() }
        guard let checked = HLCStamp(exactly: stamp) else { throw JSONReader.Refusal("a stamp must not be negative (got \(stamp))") }
        self.init(field: field, value: value, dot: dot, stamp: checked)
    }
}

extension RecordState: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var id: UUID?, kind: RecordKind?, registers: [Register]?, vector: VersionVector?
        try reader.readObject { reader, key in
            switch key {
            case "id": id = UUID(uuidString: try reader.readString())
            case "kind": kind = RecordKind(rawValue: try reader.readString())
            case "registers": registers = try reader.readArray(of: Register.self)
            case "vector": vector = try VersionVector(reading: &reader)
            default: _ = try reader.readValue()
            }
        }
        guard let id, let kind, let registers, let vector else { throw JSONReader.Mismatch() }
        self.init(id: id, kind: kind, vector: vector)
        // As `Codable` does: the registers in the order they came.
        self.registers = registers
    }
}

extension Conflict: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var field: String?, kept: Register?, lost: Register?, recordID: UUID?
        try reader.readObject { reader, key in
            switch key {
            case "field": field = try reader.readString()
            case "kept": kept = try Register(reading: &reader)
            case "lost": lost = try Register(reading: &reader)
            case "recordID": recordID = UUID(uuidString: try reader.readString())
            default: _ = try reader.readValue()
            }
        }
        guard let field, let kept, let lost, let recordID else { throw JSONReader.Mismatch() }
        self.init(recordID: recordID, field: field, kept: kept, lost: lost)
    }
}
