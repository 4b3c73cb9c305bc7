@testable import FolioInterchange
import FolioModel
import Foundation
import Testing

/// Exports read back by the tools their readers use: a CommonMark parser for Markdown, Python's
/// csv module for CSV, a browser-grade HTML parser (html5lib) for bookmarks, and Folio's own
/// importer for the Netscape round trip.
@Suite("Export structure and validation")
struct ExportValidationTests {
    /// Sanitised HTML with every structure the Markdown export keeps.
    static let richHTML = """
        <h2>Getting <em>started</em></h2>\
        <p>Kentucky! Use <code>snake_case</code> names, 2 * 3 = 6, and see [1] &amp; more.</p>\
        <p>First line<br>Second line</p>\
        <ol start="3"><li>Preheat</li><li>Knead <strong>well</strong><ul><li>ten minutes</li></ul></li></ol>\
        <blockquote><p>Bread is <em>patience</em>.</p></blockquote>\
        <pre><code>let x = `a`
        if x { print("&lt;b&gt;") }</code></pre>\
        <p><a href="https://bread.example/a b" title="The guide">the guide</a> and <img src="https://bread.example/loaf.jpg" alt="A loaf"></p>\
        <hr>\
        <p>- not a list</p>
        """

    /// The CommonMark the rich HTML becomes: structure kept, only what CommonMark reads as
    /// markup escaped (`Kentucky!` and `&` before a space stay as they are).
    @Test func markdownFromHTML() {
        let markdown = CommonMarkWriter.markdown(fromHTML: Self.richHTML)
        #expect(markdown == """
            ## Getting *started*

            Kentucky! Use `snake_case` names, 2 \\* 3 = 6, and see \\[1\\] & more.

            First line\\
            Second line

            3. Preheat
            4. Knead **well**
               - ten minutes

            > Bread is *patience*.

            ```
            let x = `a`
            if x { print("<b>") }
            ```

            [the guide](<https://bread.example/a b> "The guide") and [A loaf](<https://bread.example/loaf.jpg>)

            ---

            \\- not a list
            """)
    }

    /// Plain text (notes, highlights, articles without HTML) is escaped only where needed.
    @Test func markdownFromText() {
        #expect(CommonMarkEscaping.paragraphs("Kentucky!\n\n# not a heading\n- not a list\n1. not a list\nsnake_case, _stressed_ <b> &amp;") == [
            "Kentucky!", "\\# not a heading\\\n\\- not a list\\\n1\\. not a list\\\nsnake_case, \\_stressed\\_ \\<b> \\&amp;",
        ])
    }

    /// A heading ending in " #" keeps it (it would read as a closing sequence); "C#" needs nothing.
    @Test func headingsKeepATrailingHash() {
        #expect(CommonMarkWriter.markdown(fromHTML: "<h3>Learn C #</h3><h3>Learn C#</h3>") == "### Learn C \\#\n\n### Learn C#")
    }

    /// Very deep HTML does not overflow the stack: nesting past the bound is flattened.
    @Test func deepHTMLIsBounded() {
        let html = String(repeating: "<blockquote>", count: 10_000) + "deep" + String(repeating: "</blockquote>", count: 10_000)
        #expect(CommonMarkWriter.markdown(fromHTML: html).hasSuffix("deep"))
    }

    /// cmark, the CommonMark reference parser, reads the export as the structure it came from.
    @Test(.enabled(if: ExternalTool.runs(ExternalTool.hasCmark), ExternalTool.missing("cmark", package: "cmark")))
    func markdownValidatesWithCmark() throws {
        let cmark = try #require(ExternalTool.path("cmark"), "cmark is not installed")
        let markdown = CommonMarkWriter.markdown(fromHTML: Self.richHTML)
        let (status, html) = try ExternalTool.run(cmark, ["--to", "html"], input: Data(markdown.utf8))
        #expect(status == 0)
        for fragment in [
            "<h2>Getting <em>started</em></h2>",
            "<p>Kentucky! Use <code>snake_case</code> names, 2 * 3 = 6, and see [1] &amp; more.</p>",
            "<p>First line<br />\nSecond line</p>",
            "<ol start=\"3\">\n<li>Preheat</li>\n<li>Knead <strong>well</strong>\n<ul>\n<li>ten minutes</li>\n</ul>\n</li>\n</ol>",
            "<blockquote>\n<p>Bread is <em>patience</em>.</p>\n</blockquote>",
            "<pre><code>let x = `a`\nif x { print(&quot;&lt;b&gt;&quot;) }\n</code></pre>",
            "<a href=\"https://bread.example/a%20b\" title=\"The guide\">the guide</a> and <a href=\"https://bread.example/loaf.jpg\">A loaf</a>",
            "<hr />",
            "<p>- not a list</p>",
        ] {
            #expect(html.contains(fragment), "\(fragment)\nnot in\n\(html)")
        }
    }

    /// A whole exported file (front matter aside) parses with cmark, and the note keeps its lines.
    @Test(.enabled(if: ExternalTool.runs(ExternalTool.hasCmark), ExternalTool.missing("cmark", package: "cmark")))
    func markdownFileValidatesWithCmark() throws {
        let cmark = try #require(ExternalTool.path("cmark"), "cmark is not installed")
        let article = Fixtures.library.articles[0]
        let document = MarkdownExporter.document(article, highlights: [])
        let body = try #require(document.components(separatedBy: "\n---\n").last)
        let (status, html) = try ExternalTool.run(cmark, ["--to", "html"], input: Data(body.utf8))
        #expect(status == 0)
        #expect(html.contains("<h1>First: Tom &amp; &quot;Jerry&quot; &lt;script&gt;alert('x')&lt;/script&gt; — ünïcödé 🐈</h1>"))
        #expect(html.contains("<p>Hello &amp; welcome</p>\n<p>Second</p>"))
        #expect(html.contains("<p>My note:<br />\n&quot;quoted&quot; \\ back</p>"))
    }

    /// CSV: line breaks in notes stay inside quoted fields, and Python's csv module reads back
    /// every field as written.
    @Test(.enabled(if: ExternalTool.runs(ExternalTool.hasPython), ExternalTool.missing("python3", package: "python3")))
    func csvReadsBackWithPython() throws {
        let python = try #require(ExternalTool.path("python3"), "python3 is not installed")
        let library = ExportLibrary(articles: Fixtures.library.articles)
        let data = try CSVExporter.data(library)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"My note:\n\"\"quoted\"\" \\ back\""))
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("library.csv")
        try data.write(to: file)
        let script = "import csv, json, sys\nprint(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))"
        let (status, output) = try ExternalTool.run(python, ["-c", script, file.path])
        #expect(status == 0, "\(output)")
        let rows = try JSONDecoder().decode([[String]].self, from: Data(output.utf8))
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0.count == CSVExporter.header.count })
        #expect(rows[1][1] == "First: Tom & \"Jerry\" <script>alert('x')</script> — ünïcödé 🐈")
        #expect(rows[1][8] == "My note:\n\"quoted\" \\ back")
        #expect(rows[2][0] == "http://example.org/b")
    }

    private static let roundTripLibrary: ExportLibrary = {
        var archived = Fixtures.article("https://lakes.example/ice", title: "Lake ice", content: ArticleContent(status: .pending(reason: "later")),
                                        savedAt: "2024-01-02T03:04:05.000Z", isArchived: true, note: "Two lines:\nthe second one.",
                                        tags: ["machine learning"])
        archived.givenURL = "https://lakes.example/ice#thickness"
        let unread = Fixtures.article("https://lakes.example/fish", title: "Ice fishing", content: ArticleContent(status: .pending(reason: "later")),
                                      savedAt: "2024-01-03T00:00:00.000Z", tags: ["outdoors", "winter sports"])
        let read = Fixtures.article("https://lakes.example/skates", title: "Skates", content: ArticleContent(status: .pending(reason: "later")),
                                    savedAt: "2024-01-04T00:00:00.000Z", readAt: "2024-01-05T00:00:00.000Z")
        return ExportLibrary(articles: [archived, unread, read])
    }()

    /// Netscape round trip through Folio's importer: archived state (`TOREAD`), a lone tag of
    /// two words, notes with line breaks and the address as given.
    @Test func netscapeRoundTrip() throws {
        let html = NetscapeExporter.html(Self.roundTripLibrary)
        #expect(html.contains(#"TAGS="machine learning,""#))
        let batch = try Importer.parse(Data(html.utf8), format: Importer.detectFormat(Data(html.utf8), fileName: nil))
        #expect(batch.problems.isEmpty)
        #expect(batch.items.map(\.isArchived) == [true, false, false])
        #expect(batch.items[0].tags == ["machine learning"])
        #expect(batch.items[0].note == "Two lines:\nthe second one.")
        #expect(batch.items[0].url == "https://lakes.example/ice")
        #expect(batch.items[0].givenURL == "https://lakes.example/ice#thickness")
        #expect(batch.items[0].id == Self.roundTripLibrary.articles[0].id)
        #expect(batch.items[1].tags == ["outdoors", "winter sports"])
        #expect(batch.items[2].savedAt == Fixtures.stored("2024-01-04T00:00:00.000Z"))
    }

    /// A text with no address (an imported Shaarli note) goes out with its text as the
    /// description and comes back as the same text article.
    @Test func netscapeRoundTripOfANote() throws {
        let note = try #require(try Importer.parse(ImportFixtures.data("shaarli.html"), format: .netscape).items.first)
        let article = note.article(savedAtFallback: Date())
        let html = NetscapeExporter.html(ExportLibrary(articles: [article]))
        let again = try #require(try Importer.parse(Data(html.utf8), format: .netscape).items.first)
        #expect(again.url.isEmpty && again.title == article.title && again.id == article.id)
        #expect(again.content?.text == article.content.text)
        #expect(again.savedAt == note.savedAt)
    }

    /// html5lib, which parses as browsers do, finds every bookmark with its address, tags and title.
    @Test(.enabled(if: ExternalTool.runs(ExternalTool.html5libPython != nil), ExternalTool.missing("html5lib", package: "python3-html5lib")))
    func netscapeParsesWithHTML5Lib() throws {
        let python = try #require(ExternalTool.html5libPython, "html5lib is not installed")
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bookmarks.html")
        let library = ExportLibrary(articles: Fixtures.library.articles + Self.roundTripLibrary.articles)
        try Data(NetscapeExporter.html(library).utf8).write(to: file)
        let script = """
            import html5lib, json, sys
            document = html5lib.parse(open(sys.argv[1], 'rb').read(), namespaceHTMLElements=False)
            print(json.dumps([[a.get('href'), a.get('tags') or '', a.get('toread') or '', ''.join(a.itertext())] for a in document.iter('a')]))
            """
        let (status, output) = try ExternalTool.run(python, ["-c", script, file.path])
        #expect(status == 0, "\(output)")
        let anchors = try JSONDecoder().decode([[String]].self, from: Data(output.utf8))
        #expect(anchors.map { $0[0] } == [
            "https://example.com/a", "http://example.org/b", "https://lakes.example/ice#thickness", "https://lakes.example/fish", "https://lakes.example/skates",
        ])
        #expect(anchors[0][3] == "First: Tom & \"Jerry\" <script>alert('x')</script> — ünïcödé 🐈")
        #expect(anchors[0][1] == "a b,écrit,Swift")
        #expect(anchors.map { $0[2] } == ["", "1", "", "1", "1"])
    }
}
