import Foundation
import Testing

/// The real export files in the shared data set, `../shared/data/exports` beside the package root.
///
/// Tests that read them carry `.enabled(if: SampleData.isAvailable, …)` so they are skipped,
/// with that message, on a checkout without the data set; the files are never copied into the repo.
enum SampleData {
    /// `…/shared/data/exports`, found from this file's path (`<root>/Tests/FolioInterchangeTests/SampleData.swift`).
    static let exports: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("shared/data/exports")

    /// Whether the data set is present.
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: exports.path) }

    /// The comment shown when the data set is missing.
    static let missing: Comment = "the shared export samples (../shared/data/exports) are not present"

    /// The bytes of one sample, such as `pocket/pocket.csv`.
    static func data(_ path: String) throws -> Data {
        try Data(contentsOf: exports.appendingPathComponent(path))
    }
}

/// A UTC date from its parts, for expected values.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
}
