import Foundation

/// Access to `../shared/data` next to the repository; tests that need it are skipped when it is absent.
enum SharedData {
    /// `../shared/data` relative to the package root, resolved from this file's location.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    /// The extraction development set (pages and their true article text).
    static let extractionDev = root.appendingPathComponent("extraction-dev")

    /// Whether the development set is on this machine.
    static var hasExtractionDev: Bool {
        FileManager.default.fileExists(atPath: extractionDev.appendingPathComponent("ground-truth.json").path)
    }

    /// The reason shown when a test is skipped for want of data.
    static let missingReason = "skipped: ../shared/data/extraction-dev is not on this machine"

    /// A page of the set, decompressed (`html/<id>.html.gz` or `html/<id>.html`).
    static func page(_ id: String) throws -> Data {
        let html = extractionDev.appendingPathComponent("html")
        let plain = html.appendingPathComponent(id + ".html")
        if let data = FileManager.default.contents(atPath: plain.path) { return data }
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", html.appendingPathComponent(id + ".html.gz").path]
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
