import Foundation

/// Dates as Folio's JSON export writes them: ISO 8601 in UTC, rounded to the nearest millisecond.
///
/// Rounding (not truncating) matters for a lossless round trip: a date read from
/// `…20.456Z` is held as `…20.4559999` seconds, which a truncating formatter would write back
/// as `…20.455Z`, one millisecond earlier on every export.
enum ExportDate {
    static func format(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (milliseconds / 1000).rounded(.down)
        let fraction = milliseconds - seconds * 1000
        let whole = Date(timeIntervalSince1970: seconds)
            .formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
        let digits = String(Int(fraction))
        return String(whole.dropLast()) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// Folio's JSON encoder (sorted keys, unescaped slashes) with dates written by ``format(_:)``.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(format(date))
        }
        return encoder
    }
}
