import FolioModel
import Foundation

/// Dates as export files write them.
enum Timestamp {
    /// A date field that is present but not in a form this file format uses.
    struct Unparsable: Error {}

    /// A Unix time in seconds, milliseconds or microseconds, told apart by magnitude; nil for 0 (unknown).
    ///
    /// Seconds reach 1e11 only in the year 5138, and milliseconds 1e14 in 5138 too, so a value of
    /// at least 1e14 is microseconds, at least 1e11 milliseconds, else seconds.
    static func unixTime(_ text: String) throws(Unparsable) -> Date? {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0 else { throw Unparsable() }
        if value == 0 { return nil }
        let seconds = value >= 1e14 ? value / 1e6 : value >= 1e11 ? value / 1e3 : value
        return Date(timeIntervalSince1970: seconds)
    }

    /// ISO 8601 with or without fractional seconds, with `Z` or any offset.
    static func iso8601(_ text: String) throws(Unparsable) -> Date {
        guard let date = JSONCoding.parseDate(text) else { throw Unparsable() }
        return date
    }

    /// A date in any of the forms bookmark files use: Unix time, ISO 8601, or Apache's
    /// common-log form (`10/Oct/2000:13:55:36 +0300`, written by Shaarli).
    static func bookmarkDate(_ text: String) throws(Unparsable) -> Date? {
        if let date = try? unixTime(text) { return date }
        if let date = JSONCoding.parseDate(text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "dd/MMM/yyyy:HH:mm:ss Z"
        guard let date = formatter.date(from: text) else { throw Unparsable() }
        return date
    }

    /// Chrome's time: microseconds since 1601-01-01 UTC, as a decimal string; nil for 0 (unknown).
    static func webKitTime(_ text: String) throws(Unparsable) -> Date? {
        guard let microseconds = Double(text.trimmingCharacters(in: .whitespaces)), microseconds.isFinite,
              (0...1e18).contains(microseconds) else { throw Unparsable() }
        if microseconds == 0 { return nil }
        return Date(timeIntervalSince1970: microseconds / 1e6 - 11_644_473_600)
    }

    /// ISO 8601 that may lack its offset (`2016-08-25T12:05:00`, `2016-08-25 12:05:00`), read as UTC.
    static func iso8601AssumingUTC(_ text: String) throws(Unparsable) -> Date {
        if let date = JSONCoding.parseDate(text) { return date }
        let utc = text.replacingOccurrences(of: " ", with: "T") + "Z"
        guard let date = JSONCoding.parseDate(utc) else { throw Unparsable() }
        return date
    }
}
