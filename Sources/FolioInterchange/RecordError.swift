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
    static func date(_ text: String?, field name: String, _ parse: (String) throws(Timestamp.Unparsable) -> Date?) throws(RecordError) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        do {
            return try parse(text)
        } catch {
            throw RecordError("\(name) is not a date: \"\(text.prefix(40))\"")
        }
    }
}
