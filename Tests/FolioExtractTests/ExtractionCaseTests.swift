import FolioExtract
import Foundation
import Testing

/// Hand-made pages, written for these tests: one for each structure an article may hold (lists,
/// definition lists, tables, captions, footnotes, inline emphasis, an article in a container
/// whose class says "paywall", an article split by figures) and one for each kind of boilerplate
/// (date, tag and share lines, "about the company", deals disclaimers, product boxes, listing pages,
/// a comments section longer than the article).
/// `Cases/<name>.html` is the page, `Cases/<name>.txt` the text a reader expects from it.
@Suite struct ExtractionCaseTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Cases")

    /// The case names: every `.html` file of `Cases` that has its `.txt`.
    static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter { $0.hasSuffix(".html") }
        .map { String($0.dropLast(".html".count)) }
        .filter { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0 + ".txt").path) }
        .sorted()

    /// The cases are there: an empty folder would make the test below pass vacuously.
    @Test func casesArePresent() {
        #expect(Self.names.count >= 15, "cases found: \(Self.names)")
    }

    /// The extracted text is the expected text line by line (whitespace aside): a structure
    /// silently dropped shows as a missing line, boilerplate kept as an extra one.
    @Test(arguments: names)
    func extractsExpectedText(_ name: String) throws {
        let html = try Data(contentsOf: Self.directory.appendingPathComponent(name + ".html"))
        let expected = try String(contentsOf: Self.directory.appendingPathComponent(name + ".txt"), encoding: .utf8)
        let result = Extractor().extract(data: html, url: URL(string: "https://cases.example/\(name)"))
        let actualLines = Self.lines(result.content.text)
        let expectedLines = Self.lines(expected)
        let missing = expectedLines.filter { !actualLines.contains($0) }
        let extra = actualLines.filter { !expectedLines.contains($0) }
        #expect(missing.isEmpty, "\(name): dropped \(missing)")
        #expect(extra.isEmpty, "\(name): kept \(extra)")
        #expect(missing.isEmpty && extra.isEmpty ? actualLines == expectedLines : true, "\(name): lines out of order")
    }

    /// Non-empty lines with runs of white space collapsed to one space.
    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline)
            .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }
    }
}
