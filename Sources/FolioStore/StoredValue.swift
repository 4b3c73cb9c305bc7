import FolioModel
import Foundation
import GRDB

/// How a register value sits in `register.value`: its canonical JSON as text, or, from
/// ``compressionThreshold`` bytes up (an article's content), that JSON compressed with zstd into a blob.
/// Article text compresses about threefold, and the HTML copy of it costs little more.
enum StoredValue {
    static let compressionThreshold = 1024

    static func encode(_ value: JSONValue) -> DatabaseValue {
        var json: [UInt8] = []
        value.write(to: &json)
        if json.count < compressionThreshold { return String(decoding: json, as: UTF8.self).databaseValue }
        return Data(Zstd.compress(json)).databaseValue
    }

    static func decode(_ stored: DatabaseValue) throws -> JSONValue {
        try JSONValue(json: json(stored))
    }

    /// The JSON text of a stored value.
    static func json(_ stored: DatabaseValue) throws -> String {
        switch stored.storage {
        case .string(let text): return text
        case .blob(let data): return String(decoding: try data.withUnsafeBytes(Zstd.decompress), as: UTF8.self)
        default: throw Zstd.Failure.corrupt
        }
    }

    /// `folio_json(value)`: the JSON text of a stored value, so SQL (the search view) can read
    /// compressed values with SQLite's JSON operators.
    static let sqlFunction = DatabaseFunction("folio_json", argumentCount: 1, pure: true) { values in
        try values[0].isNull ? nil : json(values[0])
    }
}

/// The compressed stored form of a page of received records' large values, made before the
/// page's write transaction: a sync prepares the next page this way while the current one is
/// written, so compression runs beside the single writer instead of inside it.
public struct PreparedValues: Sendable {
    struct Key: Hashable {
        var record: UUID
        var field: String
        var dot: Dot
    }

    private var compressed: [Key: (value: JSONValue, stored: DatabaseValue)] = [:]

    /// Nothing prepared: every value is encoded when it is written.
    public init() {}

    /// Encodes every register value of `records` and keeps those stored compressed.
    public init(_ records: [RecordState]) {
        for record in records {
            for register in record.registers {
                let stored = StoredValue.encode(register.value)
                if case .blob = stored.storage {
                    compressed[Key(record: record.id, field: register.field, dot: register.dot)] = (register.value, stored)
                }
            }
        }
    }

    /// The stored form of `register` of `record`: prepared when the same value was, else encoded now.
    func stored(_ register: Register, of record: UUID) -> DatabaseValue {
        if let prepared = compressed[Key(record: record, field: register.field, dot: register.dot)], prepared.value == register.value {
            return prepared.stored
        }
        return StoredValue.encode(register.value)
    }
}
