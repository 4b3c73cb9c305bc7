import Foundation

/// A value that appends its own compact JSON text: the same JSON its `Codable` form gives with
/// ``JSONCoding/encoder``, written without `JSONEncoder`'s boxing of every value (the server's
/// answers are written this way on every request).
public protocol JSONWritable {
    /// Appends this value's JSON text to `output`.
    func writeJSON(to output: inout [UInt8])
}

extension JSONWritable {
    /// This value's JSON text as bytes.
    public var jsonBytes: [UInt8] {
        var output: [UInt8] = []
        writeJSON(to: &output)
        return output
    }
}

/// The members of a JSON object being written; see ``Swift/Array/appendJSONObject(_:)``.
public struct JSONObjectWriter {
    fileprivate var output: [UInt8]
    fileprivate var count = 0

    /// Appends `"key":value`. Keys must come in sorted order, as `JSONCoding.encoder` sorts them.
    public mutating func add(_ key: String, _ value: some JSONWritable) {
        output.append(count == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
        JSONValue.write(string: key, to: &output)
        output.append(UInt8(ascii: ":"))
        value.writeJSON(to: &output)
        count += 1
    }

    /// Appends `"key":value` when there is a value; nothing for nil, as `Codable` omits it.
    public mutating func add(_ key: String, ifPresent value: (some JSONWritable)?) {
        if let value { add(key, value) }
    }
}

extension Array where Element == UInt8 {
    /// Appends a JSON object whose members `body` adds.
    public mutating func appendJSONObject(_ body: (inout JSONObjectWriter) -> Void) {
        var object = JSONObjectWriter(output: self)
        self = []
        body(&object)
        if object.count == 0 { object.output.append(UInt8(ascii: "{")) }
        object.output.append(UInt8(ascii: "}"))
        self = object.output
    }
}

extension JSONValue: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) { write(to: &output) }
}

extension String: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) { JSONValue.write(string: self, to: &output) }
}

extension Bool: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) { output.append(contentsOf: (self ? "true" : "false").utf8) }
}

extension Int: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) { output.append(contentsOf: String(self).utf8) }
}

extension Int64: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) { output.append(contentsOf: String(self).utf8) }
}

extension UInt64: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) { output.append(contentsOf: String(self).utf8) }
}

extension UUID: JSONWritable {
    /// ``uuidString`` as a JSON string, written digit by digit (an answer names every record it holds).
    public func writeJSON(to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: uuid) { bytes in
            for (offset, byte) in bytes.enumerated() {
                if offset == 4 || offset == 6 || offset == 8 || offset == 10 { output.append(UInt8(ascii: "-")) }
                output.append(UInt8.hexDigit(byte >> 4, uppercase: true))
                output.append(UInt8.hexDigit(byte & 0xF, uppercase: true))
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension Date: JSONWritable {
    /// ISO 8601 with milliseconds in UTC, as ``JSONCoding/formatDate(_:)`` writes it.
    public func writeJSON(to output: inout [UInt8]) { JSONCoding.formatDate(self).writeJSON(to: &output) }
}

extension Array: JSONWritable where Element: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        for (index, element) in enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            element.writeJSON(to: &output)
        }
        output.append(UInt8(ascii: "]"))
    }
}

extension ReplicaID: JSONWritable {
    /// ``hex`` as a JSON string, written digit by digit (space vectors have an entry per device).
    public func writeJSON(to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for shift in stride(from: 60, through: 0, by: -4) {
            output.append(UInt8.hexDigit(UInt8(truncatingIfNeeded: rawValue >> UInt64(shift)) & 0xF, uppercase: false))
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension HLCStamp: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) { packed.writeJSON(to: &output) }
}

extension RecordKind: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) { rawValue.writeJSON(to: &output) }
}

extension VersionVector: JSONWritable {
    /// An object from replica hex id to counter, in replica order (which is the hex ids' order).
    public func writeJSON(to output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        for (index, (replica, counter)) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            replica.writeJSON(to: &output)
            output.append(UInt8(ascii: ":"))
            counter.writeJSON(to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }
}

extension Dot: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) {
        output.appendJSONObject { object in
            object.add("counter", counter)
            object.add("replica", replica)
        }
    }
}

extension Register: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) {
        output.appendJSONObject { object in
            object.add("dot", dot)
            object.add("field", field)
            object.add("stamp", stamp)
            object.add("value", value)
        }
    }
}

extension RecordState: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) {
        output.appendJSONObject { object in
            object.add("id", id)
            object.add("kind", kind)
            object.add("registers", registers)
            object.add("vector", vector)
        }
    }
}

extension Conflict: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) {
        output.appendJSONObject { object in
            object.add("field", field)
            object.add("kept", kept)
            object.add("lost", lost)
            object.add("recordID", recordID)
        }
    }
}

extension JSONCoding {
    /// The JSON bytes of `value`: written directly when it is ``JSONWritable``, else by ``encoder``.
    public static func bytes(of value: some Encodable) throws -> [UInt8] {
        if let writable = value as? any JSONWritable { return writable.jsonBytes }
        return Array(try encoder.encode(value))
    }
}
