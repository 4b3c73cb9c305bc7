import FolioInterchange
import FolioModel
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation

@Suite("EPUB export")
struct EPUBExportTests {
    private let library = ExportLibrary(articles: Fixtures.library.articles, highlights: Fixtures.library.highlights)

    private func exportBook() throws -> (directory: URL, file: URL) {
        let directory = try Fixtures.temporaryDirectory()
        let file = directory.appendingPathComponent("library.epub")
        try Exporter.export(library, format: .epub, to: file)
        return (directory, file)
    }

    private func read(_ path: String, in archive: Archive) throws -> Data {
        let entry = try #require(archive[path], "missing \(path)")
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return data
    }

    /// The OCF container rules: `mimetype` is the first entry, stored uncompressed, with exactly
    /// `application/epub+zip`; `META-INF/container.xml` points at the package document.
    @Test func containerRules() throws {
        let (directory, file) = try exportBook()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = try Archive(url: file, accessMode: .read)
        let entries = Array(archive)
        let first = try #require(entries.first)
        #expect(first.path == "mimetype")
        #expect(first.isCompressed == false)
        #expect(String(decoding: try read("mimetype", in: archive), as: UTF8.self) == "application/epub+zip")
        // The raw bytes too: a reader sniffs "mimetypeapplication/epub+zip" at offset 30.
        let raw = try Data(contentsOf: file)
        #expect(String(decoding: raw[30..<58], as: UTF8.self) == "mimetypeapplication/epub+zip")

        let container = try XMLDocument(data: try read("META-INF/container.xml", in: archive))
        let rootfile = try #require(try container.nodes(forXPath: "//*[local-name()='rootfile']").first as? XMLElement)
        #expect(rootfile.value(of: "full-path") == "OEBPS/content.opf")
        #expect(rootfile.value(of: "media-type") == "application/oebps-package+xml")
    }

    /// The package document lists the nav document and one chapter per live article, all in the
    /// archive; the nav has a table of contents with every chapter; every XHTML file is well-formed XML.
    @Test func packageNavigationAndChapters() throws {
        let (directory, file) = try exportBook()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = try Archive(url: file, accessMode: .read)
        let package = try XMLDocument(data: try read("OEBPS/content.opf", in: archive))
        let items = try package.nodes(forXPath: "//*[local-name()='manifest']/*[local-name()='item']").compactMap { $0 as? XMLElement }
        let nav = try #require(items.first { $0.value(of: "properties") == "nav" })
        #expect(nav.value(of: "href") == "nav.xhtml")
        let chapters = items.filter { $0.value(of: "properties") == nil }.compactMap { $0.value(of: "href") }
        #expect(chapters == ["chapter-00001.xhtml", "chapter-00002.xhtml"])
        let spine = try package.nodes(forXPath: "//*[local-name()='spine']/*[local-name()='itemref']")
        #expect(spine.count == 3)
        let modified = try package.nodes(forXPath: "//*[local-name()='meta'][@property='dcterms:modified']").first?.stringValue ?? ""
        #expect(modified.count == 20 && modified.hasSuffix("Z"))
        #expect(try package.nodes(forXPath: "//*[local-name()='language']").first?.stringValue == "fr-FR")

        let navigation = try XMLDocument(data: try read("OEBPS/nav.xhtml", in: archive))
        let links = try navigation.nodes(forXPath: "//*[local-name()='nav']//*[local-name()='a']").compactMap { $0 as? XMLElement }
        #expect(links.compactMap { $0.value(of: "href") } == chapters)
        #expect(links.first?.stringValue == "First: Tom & \"Jerry\" <script>alert('x')</script> — ünïcödé 🐈")

        for chapter in chapters {
            let document = try XMLDocument(data: try read("OEBPS/" + chapter, in: archive))
            #expect(try document.nodes(forXPath: "//*[local-name()='script']").isEmpty)
            #expect(try !document.nodes(forXPath: "//*[local-name()='h1']").isEmpty)
        }
        let first = try XMLDocument(data: try read("OEBPS/chapter-00001.xhtml", in: archive))
        let paragraphs = try first.nodes(forXPath: "//*[local-name()='body']/*[local-name()='p']").compactMap(\.stringValue)
        #expect(paragraphs.contains("Hello & welcome <b>"))
        #expect(paragraphs.contains("Second paragraphwith a line"))
        let quotes = try first.nodes(forXPath: "//*[local-name()='blockquote']").compactMap(\.stringValue)
        #expect(quotes == ["Hello & welcome"])

        // The pending article's chapter is not empty: it says the text is not fetched yet, and links to the page.
        let pending = try XMLDocument(data: try read("OEBPS/chapter-00002.xhtml", in: archive))
        let missing = try pending.nodes(forXPath: "//*[local-name()='p'][@class='missing']").compactMap { $0 as? XMLElement }
        #expect(missing.first?.stringValue == "The text of this article has not been fetched yet. Read it on the web.")
        let link = try pending.nodes(forXPath: "//*[local-name()='p'][@class='missing']/*[local-name()='a']").first as? XMLElement
        #expect(link?.value(of: "href") == "http://example.org/b")
    }

    /// epubcheck, the validator EPUB readers and stores use, finds no error (skipped when it is
    /// not installed, except in CI).
    @Test(.enabled(if: ExternalTool.runs(EPUBCheck.executable != nil), ExternalTool.missing("epubcheck", package: "epubcheck")))
    func epubcheck() throws {
        let (directory, file) = try exportBook()
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        let command = try #require(EPUBCheck.command(checking: file), "epubcheck is not installed")
        process.executableURL = command.executable
        process.arguments = command.arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(log)")
    }
}

/// The `epubcheck` command, if one is on the PATH: Debian's is the jar itself, run with `java -jar`.
enum EPUBCheck {
    static let executable: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("epubcheck") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// The command line that checks `file`.
    static func command(checking file: URL) -> (executable: URL, arguments: [String])? {
        guard let executable else { return nil }
        let resolved = executable.resolvingSymlinksInPath()
        if resolved.pathExtension == "jar" {
            return (URL(fileURLWithPath: "/usr/bin/env"), ["java", "-jar", resolved.path, file.path])
        }
        return (executable, [file.path])
    }
}

extension XMLElement {
    /// The value of an unprefixed attribute (FoundationXML's `attribute(forName:)` misses them
    /// on elements in a default namespace).
    func value(of name: String) -> String? {
        attributes?.first { $0.name == name }?.stringValue
    }
}
