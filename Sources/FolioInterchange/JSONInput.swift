import FolioModel
import Foundation

/// JSON export files read as ``JSONValue`` trees, with the loose typing exporters use
/// (ids as numbers or strings, flags as `true` or `1`).
enum JSONInput {
    /// The top-level array of a JSON export, each element with its 1-based item number.
    static func array(_ text: String, format: ImportFormat) throws(ImportError) -> [JSONValue] {
        guard case .array(let items) = try value(text, format: format) else {
            throw .malformed(format: format, reason: "expected a JSON list of articles at the top level")
        }
        return items
    }

    /// The whole file as a JSON value (Foundation's reader refuses nesting deeper than 512 levels).
    private static func value(_ text: String, format: ImportFormat) throws(ImportError) -> JSONValue {
        do {
            return try JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw .malformed(format: format, reason: "not valid JSON (\(reason(error)))")
        }
    }

    /// The top-level object of a JSON export.
    static func object(_ text: String, format: ImportFormat) throws(ImportError) -> [String: JSONValue] {
        guard case .object(let members) = try value(text, format: format) else {
            throw .malformed(format: format, reason: "expected a JSON object at the top level")
        }
        return members
    }

    /// A short account of a decoding error, without Swift type names.
    static func reason(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let detail = underlying ?? context.debugDescription
            return path.isEmpty ? detail : "\(detail) at \(path)"
        @unknown default:
            return "\(decoding)"
        }
    }
}

extension JSONValue {
    /// The elements of an array, or nil for other values.
    var arrayValue: [JSONValue]? { if case .array(let elements) = self { elements } else { nil } }

    /// A non-blank string, trimmed; numbers are written as text (ids).
    var text: String? {
        switch self {
        case .string(let string):
            let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        default: return nil
        }
    }

    /// A flag written as `true`/`false`, `1`/`0` or `"1"`/`"true"`.
    var flag: Bool? {
        switch self {
        case .bool(let flag): return flag
        case .number(let number): return number != 0
        case .string(let string): return ["1", "true", "yes"].contains(string.lowercased())
        default: return nil
        }
    }
}
