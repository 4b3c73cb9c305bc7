import Foundation
import Testing

extension EndToEnd {
    /// `folio import` and `folio export` as processes.
    @Suite(.enabled(if: Processes.built("folio"), "build the folio executable first (swift build)"))
    struct ImportExportTests {
        struct Summary: Decodable { var imported: Int; var merged: Int; var unchanged: Int; var skipped: Int }

        func importFile(_ device: Device, _ path: String, _ extra: String...) throws -> Summary {
            try JSONDecoder().decode(Summary.self, from: Data(try device.ok(["import", path, "--json"] + extra).utf8))
        }

        /// Every sample export imports, a second import changes nothing, and bad rows are counted.
        @Test(.enabled(if: SharedData.available, "../shared/data is not present next to the repository"))
        func samplesImportIdempotently() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let samples = ["pocket/pocket.csv": 7, "pocket/ril_export.html": 2, "wallabag/wallabag-v2.json": 6, "omnivore/omnivore.json": 20,
                           "netscape/chromium_nested.htm": 18, "netscape/linkding_mixed_timestamps.html": 3]
            for (sample, count) in samples.sorted(by: { $0.key < $1.key }) {
                let first = try importFile(device, SharedData.path("exports/" + sample))
                #expect(first.imported + first.merged == count, "\(sample)")
                let again = try importFile(device, SharedData.path("exports/" + sample))
                #expect(again.imported == 0 && again.merged == 0 && again.unchanged == count, "\(sample) imported twice")
            }
            let firefox = try importFile(device, SharedData.path("exports/netscape/firefox_nested.htm"))
            #expect(firefox.skipped == 3, "the place: links are reported and skipped")
            let dryRun = try Device(home: temp.path("dry")).ok("import", SharedData.path("exports/pocket/pocket.csv"), "--dry-run")
            #expect(dryRun.contains("Would import 7 new"))
            #expect(try Device(home: temp.path("dry")).ok("list", "--all", "--ids").isEmpty, "a dry run changes nothing")
        }

        /// JSON export, imported into an empty replica and exported again, is byte-identical.
        @Test func jsonRoundTripIsExact() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("a"))
            try device.ok("add", "--file", "-", "--tag", "Tag One", stdin: "A title\n\nSome text with ünïcode and \"quotes\".")
            try device.ok("add", "https://example.com/x", "--offline", "--title", "Second")
            let id = String(try device.ok("list", "--ids").split(separator: "\n").last ?? "")
            try device.ok("progress", id, "0.25")
            try device.ok("note", id, "a note")
            try device.ok("highlight", id, "Some text", "--note", "why")
            try device.ok("fav", id)
            let first = temp.path("one.json"), second = temp.path("two.json")
            try device.ok("export", "-o", first)
            let other = Device(home: temp.path("b"))
            try other.ok("import", first)
            try other.ok("export", "-o", second)
            #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
            #expect(try importFile(other, first).unchanged == 2)
        }

        /// Wrong formats and broken encodings are refused with a clear message and no change.
        @Test func refusesWrongFiles() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let latin1 = temp.path("latin1.csv")
            try Data("url,title\nhttps://e.com/,caf\u{E9}\n".data(using: .isoLatin1)!).write(to: URL(fileURLWithPath: latin1))
            let broken = try device.run("import", latin1)
            #expect(broken.status == 1 && !broken.stderr.isEmpty)
            let text = temp.path("notes.txt")
            try "just some words, not an export".write(toFile: text, atomically: true, encoding: .utf8)
            let unknown = try device.run("import", text)
            #expect(unknown.status == 1 && unknown.stderr.contains("recognised by their content"))
            #expect(try device.ok("list", "--all", "--ids").isEmpty)
        }

        /// The fixtures of the interchange tests (`Tests/FolioInterchangeTests/ImportFixtures`).
        static func fixture(_ name: String) -> String {
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("FolioInterchangeTests/ImportFixtures/\(name)").path
        }

        /// Omnivore's zip and a Shaarli file with notes import without `--format`, twice without
        /// change; a note is a text article that `read` shows.
        @Test func zipAndNotesImport() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let zip = try importFile(device, Self.fixture("omnivore-export.zip"))
            #expect(zip.imported == 2 && zip.skipped == 1)
            let shaarli = try importFile(device, Self.fixture("shaarli.html"))
            #expect(shaarli.imported == 4 && shaarli.skipped == 1)
            for name in ["omnivore-export.zip", "shaarli.html"] {
                let again = try importFile(device, Self.fixture(name))
                #expect(again.imported == 0 && again.merged == 0, "\(name) imported twice")
            }
            let note = try #require(try device.listed("--all").first { $0.title == "Shopping list" })
            #expect(try device.ok("read", note.id, "--no-pager").contains("clay, 25 kg"))
        }

        /// An article saved before its address with a fragment was known gains it from an
        /// import (Pocket's annotations here), with the highlights; `open` then uses it.
        @Test func importFillsTheAddressAsGiven() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let page = temp.path("seeds.html")
            try "<html><head><title>Saving tomato seeds</title></head><body><p>Ferment them.</p></body></html>"
                .write(toFile: page, atomically: true, encoding: .utf8)
            let id = try EditingTests.savedID(device.ok("add", "--file", page, "--url", "https://garden.example/seeds"))
            let summary = try importFile(device, Self.fixture("pocket-annotations.json"))
            #expect(summary.imported == 1 && summary.merged == 1)
            let opened = try Device(home: device.home, environment: ["BROWSER": "echo"]).ok("open", id)
            #expect(opened.contains("https://garden.example/seeds#saving"))
            #expect(try device.ok("highlight", "list", id).contains("Ferment the seeds for three days."))
        }

        /// Every export format writes something a reader opens.
        @Test func exportsEveryFormat() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            try device.ok("add", "--file", "-", stdin: "Exported <title> & more\n\nBody paragraph.")
            #expect(try device.ok("export", "--format", "csv").contains("Exported <title> & more"))
            #expect(try device.ok("export", "--format", "netscape").contains("Exported &lt;title&gt; &amp; more"))
            try device.ok("export", "--format", "markdown", "-o", temp.path("md"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path("md")).contains { $0.hasSuffix(".md") })
            try device.ok("export", "--format", "epub", "-o", temp.path("book.epub"))
            let epub = try Data(contentsOf: URL(fileURLWithPath: temp.path("book.epub")))
            #expect(epub.prefix(2) == Data("PK".utf8))
            #expect(String(decoding: epub[30..<38], as: UTF8.self) == "mimetype")
            #expect(try device.run("export", "--format", "epub").status != 0, "epub needs -o")
        }
    }
}
