import FolioModel
import Foundation

/// Why one record of an import file is skipped; becomes an ``ImportProblem`` with its position.
struct RecordError: Error {
    let reason: String

    init(_ reason: String) { self.reason = reason }

    /// The canonical form of a record's URL, or the reason it has none.
    static func url(_ text: String?) throws(RecordError) -> CanonicalURL {
        guard let text, !text.isEmpty else { throw RecordError("no URL") }
        do {
            return try CanonicalURL(text)
        } catch let invalid as CanonicalURL.Invalid {
            throw RecordError(invalid.description)
        } catch {
            throw RecordError("malformed address: \(text)")
        }
    }

    /// A date field parsed with `parse`, nil when absent; `name` names the field in the reason.
    /// Dates outside the years 1 to 9999 (what records may hold, SPEC §2.2) are refused.
    static func date(_ text: String?, field name: String, _ parse: (String) throws(Timestamp.Unparsable) -> Date?) throws(RecordError) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        let date: Date?
        do {
            date = try parse(text)
        } catch {
            throw RecordError("\(name) is not a date: \"\(text.prefix(40))\"")
        }
        if let date, !(Self.earliest...Self.latest).contains(date) {
            throw RecordError("\(name) is out of range (years 1 to 9999): \"\(text.prefix(40))\"")
        }
        return date
    }

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
    private static let earliest = Date(timeIntervalSince1970: -62_135_596_800)
    private static let latest = Date(timeIntervalSince1970: 253_402_300_799)
}
