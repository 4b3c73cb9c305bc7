import Foundation

/// Export files of other services written for these tests (`ImportFixtures/` beside this file):
/// small, real-looking, and in our own words.
enum ImportFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ImportFixtures")

    /// The bytes of one fixture, such as `pinboard.json`.
    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }
}
