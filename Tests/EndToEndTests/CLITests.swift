import Foundation
import Testing

extension EndToEnd {
    /// The built `folio` run as a process, with FOLIO_HOME in a temporary directory.
    @Suite(.enabled(if: Processes.built("folio"), "build the folio executable first (swift build)"))
    struct CLITests {
        /// The README's walk-through: save text and a page, then list, tag, search, read, archive, delete.
        @Test func savesListsTagsSearchesReadsArchivesAndDeletes() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let text = temp.path("note.txt")
            try "Quarterly field notes\n\nThe marmots returned to the upper meadow in April.\n\nSecond paragraph here.".write(toFile: text, atomically: true, encoding: .utf8)
            let page = temp.path("page.html")
            try """
                <html><head><title>Tide tables explained | Coastal Weekly</title></head><body>
                <nav><a href="/">Home</a> <a href="/news">News</a></nav>
                <article><h1>Tide tables explained</h1>
                <p>Tides follow the moon, and a tide table tells you when the water will be high or low at a given harbour.</p>
                <p>Reading one takes a minute of practice, and it will keep your boat off the sandbanks for years to come.</p>
                <p>Spring tides come with the full and new moon, neap tides with the quarter moons, twice a month each.</p>
                </article></body></html>
                """.write(toFile: page, atomically: true, encoding: .utf8)

            #expect(try device.ok("add", "--file", text, "--tag", "Nature").contains("Quarterly field notes"))
            #expect(try device.ok("add", "--file", page, "--url", "https://coastal.example/tides?utm_source=x").contains("Saved"))
            var articles = try device.listed()
            #expect(articles.count == 2)
            let notes = try #require(articles.first { $0.title == "Quarterly field notes" })
            #expect(notes.tags == ["Nature"])
            let tides = try #require(articles.first { $0.title.contains("Tide tables") })

            try device.ok("tag", String(tides.id.prefix(8)), "+Sea", "+later", "-nothing")
            try device.ok("tag", String(tides.id.prefix(8)), "-later")
            #expect(try device.listed("--tag", "sea").map(\.id) == [tides.id])

            let search = try device.ok("search", "marmots")
            #expect(search.contains("Quarterly field notes") && search.contains("[marmots]"))
            #expect(try device.ok("search", "spring tides tag:sea").contains("Tide tables"))

            let read = try device.ok("read", String(tides.id.prefix(8)), "--no-pager", "--width", "60")
            #expect(read.contains("Tides follow the moon"))
            #expect(read.split(separator: "\n").allSatisfy { $0.count <= 60 })

            try device.ok("progress", String(notes.id.prefix(8)), "40%")
            try device.ok("fav", String(notes.id.prefix(8)))
            #expect(try device.listed("--favorites").first?.progress == 0.4)

            // Ids from one command feed another through `-`.
            let ids = try device.ok("list", "--ids", "--tag", "nature")
            try device.ok("archive", "-", stdin: ids)
            articles = try device.listed()
            #expect(articles.map(\.id) == [tides.id])
            #expect(try device.listed("--archived").map(\.id) == [notes.id])

            try device.ok("rm", String(tides.id.prefix(8)))
            #expect(try device.listed("--all").map(\.id) == [notes.id])
            #expect(try device.ok("search", "tides").isEmpty)
            let status = try device.ok("status")
            #expect(status.contains("1: 0 unread, 1 reading, 0 read; 0 inbox, 1 archived; 1 favorite; 0 trashed"))
        }

        /// Bad input of every kind: a one-line error, a non-zero exit, and the database unchanged.
        @Test func badInputFailsCleanly() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            try device.ok("add", "https://example.com/a", "--offline")
            let before = try device.ok("list", "--json", "--all")

            let unknown = try device.run("archive", "ffffffff")
            #expect(unknown.status == 1 && unknown.stderr.contains("no article matches"))
            let invalid = try device.run("archive", "not-hex!")
            #expect(invalid.status == 1 && invalid.stderr.contains("not an article id"))
            let badURL = try device.run("add", "ftp://example.com/file")
            #expect(badURL.status == 1 && badURL.stderr.contains("not a web address"))
            let binary = temp.path("blob.bin")
            try Data([0x7F, 0x45, 0x4C, 0x46, 0, 1, 2, 3, 0, 0, 0xFF]).write(to: URL(fileURLWithPath: binary))
            let binaryResult = try device.run("add", "--file", binary)
            #expect(binaryResult.status == 1 && binaryResult.stderr.contains("binary"))
            let missing = try device.run("add", "--file", temp.path("nope.html"))
            #expect(missing.status == 1 && missing.stderr.contains("no such file"))
            let empty = try device.run("add", "--file", "-", stdin: "")
            #expect(empty.status == 1 && empty.stderr.contains("empty"))
            let badProgress = try device.run("progress", "x", "150%")
            #expect(badProgress.status != 0)
            #expect(try device.ok("list", "--json", "--all") == before)

            // Ambiguous prefixes name the candidates.
            for n in 0..<40 { try device.ok("add", "https://example.com/\(n)", "--offline") }
            let all = try device.listed("--all").map(\.id)
            let digit = try #require((0..<16).map { String($0, radix: 16) }.first { d in all.filter { $0.hasPrefix(d) }.count > 1 })
            let ambiguous = try device.run("show", digit)
            #expect(ambiguous.status == 1 && ambiguous.stderr.contains("ambiguous"))
        }

        /// A database that is not Folio's is refused and left alone.
        @Test func foreignDatabaseIsRefused() throws {
            let temp = try TemporaryDirectory()
            let home = temp.path("home")
            try FileManager.default.createDirectory(atPath: home + "/data", withIntermediateDirectories: true)
            let junk = "this is not a database file at all, it is text that happens to sit there"
            try junk.write(toFile: home + "/data/folio.sqlite", atomically: true, encoding: .utf8)
            let result = try Device(home: home).run("list")
            #expect(result.status == 1)
            #expect(!result.stderr.isEmpty)
            #expect(try String(contentsOfFile: home + "/data/folio.sqlite", encoding: .utf8) == junk)
        }

        /// Escape sequences in saved titles never reach the terminal.
        @Test func controlCharactersAreNeutralised() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            try device.ok("add", "--file", "-", stdin: "Evil \u{1B}]0;pwned\u{07}title \u{1B}[31mred\n\nbody text")
            let list = try device.ok("list")
            #expect(!list.contains("\u{1B}") && !list.contains("\u{07}"))
            #expect(list.contains("Evil"))
        }

        /// The seed example and a real page from the shared data set, as the README's new user does.
        @Test(.enabled(if: SharedData.available, "../shared/data is not present next to the repository"))
        func savesSharedSamples() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            try device.ok("add", "--file", SharedData.path("seed/saved-article-example.txt"))
            let pages = try FileManager.default.contentsOfDirectory(atPath: SharedData.path("extraction-dev/html")).sorted()
            let html = try #require(pages.first)
            let unzip = try Processes.runSystem("/bin/gzip", ["-dc", SharedData.path("extraction-dev/html/" + html)])
            let page = temp.path("page.html")
            try unzip.write(to: URL(fileURLWithPath: page))
            try device.ok("add", "--file", page, "--url", "https://example.com/shared-page")
            #expect(try device.listed().count == 2)
            #expect(try device.ok("search", "Afghanistan").contains("Isis"))
            // Text copied from a page loses the page's clutter, as an extracted page does.
            let seed = try #require(try device.listed().first { $0.title.hasPrefix("Isis") })
            let text = try device.ok("read", String(seed.id.prefix(8)), "--no-pager", "--width", "1000")
            #expect(text.contains("Gavin Williamson gave the first official confirmation"))
            for clutter in ["Subscribe to The Week", "Sign up for The Week", "To continue reading this article", "Already a subscriber"] {
                #expect(!text.contains(clutter), "\(clutter) should be left out")
            }
        }
    }
}

extension Processes {
    /// Runs a system tool and returns its standard output.
    static func runSystem(_ path: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
