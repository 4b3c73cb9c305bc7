@testable import FolioInterchange
import FolioModel
import Foundation
import Testing

@Suite("CSV, Netscape and Markdown export")
struct ExportTests {
    private let library = ExportLibrary(articles: Fixtures.library.articles, highlights: Fixtures.library.highlights)

    /// CSV: one row per live article, quoted where needed, formula-like cells defused, readable back by a CSV parser.
    @Test func csv() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("library.csv")
        try Exporter.export(library, format: .csv, to: file)
        let text = try String(contentsOf: file, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "url,title,tags,saved_at,state,favorite,read_at,progress,note")
        #expect(lines[1].hasPrefix(#"https://example.com/a,"First: Tom & ""Jerry"" <script>alert('x')</script> — ünïcödé 🐈","a, b|écrit|Swift",2023-11-14T22:13:20.456Z,archived,true,2023-11-14T22:15:00.789Z,0.25,"My note:"#))
        #expect(!text.contains("\u{0007}"))
        #expect(text.contains("http://example.org/b,,,2020-09-13T12:26:40.000Z,unread,false,,0.0,\n") || text.hasSuffix("http://example.org/b,,,2020-09-13T12:26:40.000Z,unread,false,,0.0,"))
        #expect(!text.contains("example.net"), "deleted articles are not exported")
    }

    /// Issue 16 item 7: a cell a spreadsheet could run is defused with a leading `'`, including
    /// one starting with a tab or a carriage return (OWASP's list); other text is left alone.
    @Test func csvCellsNeverStartAFormula() {
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=cmd|' /C calc'!A0", "\r\n=1+1", "\r=1+1"] {
            #expect(CSVExporter.cell(formula).hasPrefix("'"), "\(formula.debugDescription)")
        }
        #expect(CSVExporter.cell("\t=cmd").hasPrefix("'\t="))
        #expect(CSVExporter.cell("plain text") == "plain text")
        #expect(CSVExporter.cell("a = b") == "a = b")
    }

    /// Netscape: a valid bookmark file with escaped values, which the Netscape importer reads back
    /// to the same URLs, titles, dates, tags and notes.
    @Test func netscape() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bookmarks.html")
        try Exporter.export(library, format: .netscape, to: file)
        let data = try Data(contentsOf: file)
        let html = String(decoding: data, as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE NETSCAPE-Bookmark-file-1>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!html.contains("<script>"))
        #expect(html.contains(#"TAGS="a b,écrit,Swift""#))
        #expect(Importer.detect(data, fileName: nil) == .netscape)

        let batch = try Importer.parse(data, format: .netscape)
        #expect(batch.problems.isEmpty)
        #expect(batch.items.count == 2)
        let first = batch.items[0]
        #expect(first.url == "https://example.com/a")
        #expect(first.title == "First: Tom & \"Jerry\" <script>alert('x')</script> — ünïcödé 🐈")
        #expect(first.savedAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(first.tags == ["a b", "écrit", "Swift"])
        #expect(first.note == "My note:\n\"quoted\" \\ back")
        #expect(batch.items[1].title == "http://example.org/b")
    }

    /// Markdown: one file per live article, named safely, with YAML front matter whose strings are
    /// quoted and escaped, and a body whose text cannot turn into markup or HTML (the structure
    /// of the body: ``ExportValidationTests``).
    @Test func markdown() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("notes")
        try Exporter.export(library, format: .markdown, to: output)
        let files = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(files.count == 2)
        let firstID = Fixtures.library.articles[0].id.uuidString.lowercased().prefix(8)
        let name = "2023-11-14-first-tom-jerry-script-alert-x-script-unicode-\(firstID).md"
        #expect(files.contains(name))
        let text = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
        #expect(text.hasPrefix("---\ntitle: \"First: Tom & \\\"Jerry\\\" <script>alert('x')</script> — ünïcödé 🐈\\u0007\"\n"))
        #expect(text.contains("\nnote: \"My note:\\n\\\"quoted\\\" \\\\ back\"\n"))
        #expect(text.contains("\ntags: [\"a, b\", \"écrit\", \"Swift\"]\n"))
        #expect(text.contains("\nsaved_at: 2023-11-14T22:13:20.456Z\n"))
        #expect(text.contains("\nread_at: 2023-11-14T22:15:00.789Z\n"))
        #expect(text.contains("\n# First: Tom & \"Jerry\" \\<script>alert('x')\\</script> — ünïcödé 🐈\n"))
        #expect(text.contains("\nHello & welcome\n\nSecond\n"), "the body comes from the article's HTML")
        #expect(text.contains("## Highlights\n\n> Hello & welcome\n\n\\<b>note\\</b>\n"))
        #expect(!text.contains("> Second"), "deleted highlights are not exported")

        // A file where the directory should be is refused.
        let plain = directory.appendingPathComponent("file")
        try Data().write(to: plain)
        #expect(throws: ExportError.notADirectory(path: plain.path)) {
            try Exporter.export(library, format: .markdown, to: plain)
        }
    }

    /// A destination that cannot be written gives a clear error, and no partial file.
    @Test func unwritableDestination() throws {
        let missing = URL(fileURLWithPath: "/nonexistent-folio-dir/out.json")
        #expect(throws: ExportError.self) { try Exporter.export(library, format: .json, to: missing) }
        #expect(throws: ExportError.nothingToExport(.epub)) {
            try Exporter.export(ExportLibrary(articles: []), format: .epub, to: URL(fileURLWithPath: "/tmp/x.epub"))
        }
    }
}
