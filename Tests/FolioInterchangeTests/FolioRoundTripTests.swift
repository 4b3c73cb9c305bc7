import FolioInterchange
import FolioModel
import Foundation
import Testing

@Suite("Folio JSON round trip")
struct FolioRoundTripTests {
    /// Exporting as JSON and importing the file gives back identical articles and highlights: same ids,
    /// dates (to the millisecond), states, tags, content, notes, deleted records included.
    @Test func exact() throws {
        let (articles, highlights) = Fixtures.library
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("library.json")
        try Exporter.export(ExportLibrary(articles: articles, highlights: highlights), format: .json, to: file)

        let data = try Data(contentsOf: file)
        #expect(String(decoding: data.prefix(50), as: UTF8.self).hasPrefix(#"{"format":"folio-export","version":1,"articles":["#))
        #expect(Importer.detect(data, fileName: file.lastPathComponent) == .folio)
        // Dates are written rounded to the millisecond, not truncated (…20.456 is held as …20.4559999).
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"savedAt\":\"2023-11-14T22:13:20.456Z\""))
        #expect(text.contains("\"createdAt\":\"2023-11-14T22:16:40.001Z\""))
        let batch = try Importer.parse(data, format: .folio)
        #expect(batch.problems.isEmpty)
        let fallback = Date(timeIntervalSince1970: 0)
        #expect(batch.items.map { $0.article(savedAtFallback: fallback) } == articles)
        let imported = batch.items.flatMap { $0.highlightRecords(createdAtFallback: fallback) }
        #expect(Set(imported) == Set(highlights))

        // Exporting the imported library again writes the same records.
        let again = directory.appendingPathComponent("again.json")
        try Exporter.export(ExportLibrary(articles: batch.items.map { $0.article(savedAtFallback: fallback) }, highlights: imported), format: .json, to: again)
        let reparsed = try Importer.parse(Data(contentsOf: again), format: .folio)
        #expect(reparsed.items == batch.items)
    }

    /// A newer export version is refused; an article that does not decode is skipped and reported,
    /// and a highlight whose article is missing is reported.
    @Test func versionsAndBadRecords() throws {
        #expect(throws: ImportError.unsupportedVersion(2)) {
            try Importer.parse(Data(#"{"format":"folio-export","version":2,"articles":[]}"#.utf8), format: .folio)
        }
        let (articles, _) = Fixtures.library
        let good = String(decoding: try JSONCoding.encoder.encode(articles[1]), as: UTF8.self)
        let orphan = #"{"articleID":"00000000-0000-0000-0000-0000000000AA","createdAt":"2024-01-01T00:00:00.000Z","id":"00000000-0000-0000-0000-0000000000BB","isDeleted":false,"note":"","position":0,"quote":"q"}"#
        let json = #"{"format":"folio-export","version":1,"articles":[{"id":"nope"},"# + good + #"],"highlights":["# + orphan + "]}"
        let batch = try Importer.parse(Data(json.utf8), format: .folio)
        #expect(batch.items.map { $0.article(savedAtFallback: Date()) } == [articles[1]])
        #expect(batch.problems.map(\.position) == [.item(1), .item(1)])
        #expect(batch.problems[0].reason.hasPrefix("articles list:"))
        #expect(batch.problems[1].reason.hasPrefix("highlights list: its article 00000000-0000-0000-0000-0000000000AA"))
    }

    /// Issue 16 item 7: an article whose address is not http or https (`javascript:`, `file:`,
    /// `data:`) is skipped and reported with its item number, with its highlights; the rest of
    /// the file is read.
    @Test func unsafeAddressesAreSkippedAndReported() throws {
        let (articles, highlights) = Fixtures.library
        var hostile = articles[0]
        hostile.url = "javascript:alert(1)"
        var local = articles[1]
        local.url = "file:///etc/passwd"
        var inline = articles[2]
        inline.url = "data:text/html,<script>alert(1)</script>"
        let good = Fixtures.article("https://example.com/good", title: "Good", content: ArticleContent(status: .complete), savedAt: "2024-01-01T00:00:00.000Z")
        let encode = { (value: any Encodable) in String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self) }
        let json = #"{"format":"folio-export","version":1,"articles":["# + (try [hostile, good, local, inline].map(encode)).joined(separator: ",")
            + #"],"highlights":["# + (try highlights.map(encode)).joined(separator: ",") + "]}"
        let batch = try Importer.parse(Data(json.utf8), format: .folio)
        #expect(batch.items.map(\.url) == ["https://example.com/good"])
        #expect(batch.problems.map(\.description) == [
            "item 1: articles list: not an http or https address with its 2 highlights: javascript:alert(1)",
            "item 3: articles list: not an http or https address: file:///etc/passwd",
            "item 4: articles list: not an http or https address: data:text/html,<script>alert(1)</script>",
        ])
    }
}
