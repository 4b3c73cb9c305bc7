import Foundation

/// Parses the date forms pages use in metadata: ISO 8601 with or without time,
/// fractional seconds and zone (`2019-11-19`, `2019-11-19T10:00:00.000Z`, `…+01:00`, `…-0500`).
enum DateParser {
    /// The date, or nil when the value is not an ISO 8601-like date.
    static func parse(_ value: String) -> Date? {
        let scalars = Array(value.trimmed().utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= scalars.count else { return nil }
            var result = 0
            for offset in 0..<digits {
                let byte = scalars[index + offset]
                guard byte >= 48 && byte <= 57 else { return nil }
                result = result * 10 + Int(byte - 48)
            }
            index += digits
            return result
        }
        func skip(_ byte: UInt8) -> Bool {
            guard index < scalars.count, scalars[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), skip(45), let month = number(2), skip(45), let day = number(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var offsetSeconds = 0
        if index < scalars.count, scalars[index] == 84 || scalars[index] == 32 {
            index += 1
            guard let hour = number(2), skip(58), let minute = number(2) else { return nil }
            components.hour = hour
            components.minute = minute
            if skip(58), let second = number(2) { components.second = second }
            if skip(46) || skip(44) {
                while index < scalars.count, scalars[index] >= 48 && scalars[index] <= 57 { index += 1 }
            }
            if skip(90) || skip(122) {
                offsetSeconds = 0
            } else if index < scalars.count, scalars[index] == 43 || scalars[index] == 45 {
                let sign = scalars[index] == 45 ? -1 : 1
                index += 1
                guard let hours = number(2) else { return nil }
                _ = skip(58)
                let minutes = number(2) ?? 0
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? .gmt
        guard let date = calendar.date(from: components) else { return nil }
        return date.addingTimeInterval(TimeInterval(-offsetSeconds))
    }
}
