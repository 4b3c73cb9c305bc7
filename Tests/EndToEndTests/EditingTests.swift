import Foundation
import Testing

extension EndToEnd {
    /// Editing and states with the built `folio` (issue 14): notes, saved pages, edits, progress
    /// and the state words, the trash, tags and highlights.
    @Suite(.enabled(if: Processes.built("folio"), "build the folio executable first (swift build)"))
    struct EditingTests {
        /// The id a save printed: `Saved 3f2a1b4c  Title`.
        static func savedID(_ output: String) throws -> String {
            String(try #require(output.split(separator: " ").first { $0.count == 8 && $0.allSatisfy(\.isHexDigit) }))
        }

        /// A note piped in with --title keeps every line; a one-line note is a body, not an
        /// empty article, and `read` suggests no fetch for an article without an address.
        @Test func notesKeepEveryLine() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let notes = try Self.savedID(device.ok("add", "--file", "-", "--title", "Notes", stdin: "first line\nsecond line\n"))
            let read = try device.ok("read", notes, "--no-pager")
            #expect(read.contains("first line") && read.contains("second line"))

            let short = try Self.savedID(device.ok("add", "--file", "-", "--title", "Short", stdin: "just one line\n"))
            let shortText = try device.ok("read", short, "--no-pager")
            #expect(shortText.contains("just one line") && !shortText.contains("folio fetch"))

            let untitled = try Self.savedID(device.ok("add", "--file", "-", stdin: "a lone line"))
            #expect(try device.ok("read", untitled, "--no-pager").components(separatedBy: "a lone line").count == 3, "title and body")
        }

        /// A page saved without --url takes its canonical address: `open` has somewhere to go and
        /// saving the file again is the same article.
        @Test func savedPageTakesItsCanonicalAddress() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let page = temp.path("page.html")
            try """
                <html><head><title>Canonical page</title><link rel="canonical" href="https://example.com/canonical-page?utm_source=feed">
                </head><body><article><h1>Canonical page</h1>
                <p>This page says where it lives, so a copy saved from disk is the same article as the page on the web.</p>
                <p>Saving it twice must not give two articles, and opening it must open the web address it declares.</p>
                </article></body></html>
                """.write(toFile: page, atomically: true, encoding: .utf8)
            let id = try Self.savedID(device.ok("add", "--file", page))
            #expect(try device.ok("add", "--file", page).contains("Already saved \(id)"))
            #expect(try device.listed("--all").count == 1)
            let opened = try Device(home: device.home, environment: ["BROWSER": "echo"]).ok("open", id)
            #expect(opened.contains("https://example.com/canonical-page") && !opened.contains("utm_source"))
        }

        /// The address as given is what `open` opens (a paste's key after `#`), while listings
        /// and the article's identity use the canonical one.
        @Test func openUsesTheAddressAsGiven() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let page = temp.path("paste.html")
            try "<html><head><title>Encrypted paste</title></head><body><p>ciphertext only</p></body></html>"
                .write(toFile: page, atomically: true, encoding: .utf8)
            let id = try Self.savedID(device.ok("add", "--file", page, "--url", "https://paste.example/?c0ffee#key=abc"))
            #expect(try device.ok("show", id).contains("https://paste.example/?c0ffee"))
            let opened = try Device(home: device.home, environment: ["BROWSER": "echo"]).ok("open", id)
            #expect(opened.contains("https://paste.example/?c0ffee#key=abc"))
        }

        /// `edit` renames and moves an article; `add URL --title` on a saved article renames it
        /// and says so.
        @Test func editAndResaveUpdateTheArticle() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let id = try Self.savedID(device.ok("add", "https://example.com/first", "--offline"))
            #expect(try device.ok("edit", id, "--title", "Renamed").contains("updated title"))
            #expect(try device.listed().map(\.title) == ["Renamed"])
            #expect(try device.ok("edit", id, "--url", "https://example.com/second").contains("updated url"))
            #expect(try device.ok("show", id).contains("https://example.com/second"))
            // The moved address finds the article; a title given with it renames.
            #expect(try device.ok("add", "https://example.com/second", "--offline", "--title", "Again").contains("Already saved \(id)  Again  (updated: title)"))
            #expect(try device.ok("add", "https://example.com/second", "--offline").contains("(nothing changed)"))
            #expect(try device.listed("--all").count == 1)

            let other = try Self.savedID(device.ok("add", "https://example.com/other", "--offline"))
            let taken = try device.run("edit", other, "--url", "https://example.com/second")
            #expect(taken.status == 1 && taken.stderr.contains("already has the address"))
            #expect(try device.run("edit", id).status == 64)
        }

        /// `progress` takes percentages, 100 means read, less means unread or reading again; the
        /// same words show in list, show and status.
        @Test func progressAndStatesSpeakOneVocabulary() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let id = try Self.savedID(device.ok("add", "https://example.com/a", "--offline"))
            #expect(try device.ok("progress", id, "50").contains("reading 50%"))
            #expect(try device.ok("progress", id, "1").contains("reading 1%"))
            #expect(try device.listed("--reading").first?.progress == 0.01)
            #expect(try device.ok("progress", id, "100%").contains("read"))
            #expect(try device.listed("--read").count == 1)
            for bad in ["150", "101%", "x", "nan"] {
                let result = try device.run("progress", id, bad)
                #expect(result.status == 64 && result.stderr.contains("percentage from 0 to 100"), "\(bad)")
            }
            func stateLine() throws -> String { try device.ok("show", id).split(separator: "\n").first { $0.hasPrefix("state ") }.map(String.init) ?? "" }
            try device.ok("done", id)
            #expect(try stateLine().hasPrefix("state     read ") && stateLine().hasSuffix(", archived"))
            try device.ok("progress", id, "0")
            #expect(try stateLine() == "state     unread, archived")
            try device.ok("progress", id, "30%")
            #expect(try device.ok("unread", id).contains("unread"))
            #expect(try device.listed("--unread", "--archived").count == 1)
            #expect(try device.listed().isEmpty, "the inbox holds articles not archived")
            #expect(try device.ok("status").contains("1: 1 unread, 0 reading, 0 read; 0 inbox, 1 archived; 0 favorite; 0 trashed"))
        }

        /// `rm` moves to the trash, `restore` brings the article back with its text, `trash
        /// --empty` and `rm --purge` delete for good.
        @Test func trashRestoreAndEmpty() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let kept = try Self.savedID(device.ok("add", "--file", "-", stdin: "Kept\n\nwords worth keeping"))
            let gone = try Self.savedID(device.ok("add", "--file", "-", stdin: "Gone\n\nwords to lose"))
            #expect(try device.ok("rm", kept, gone).contains("moved to the trash"))
            #expect(try device.listed("--all").isEmpty)
            #expect(try device.ok("search", "worth").isEmpty)
            #expect(try device.ok("trash").contains("Kept"))
            #expect(try device.listed("--trashed").count == 2)

            #expect(try device.ok("restore", kept).contains("restored"))
            #expect(try device.ok("read", kept, "--no-pager").contains("words worth keeping"))
            #expect(try device.ok("trash", "--empty").contains("Deleted 1 article for good"))
            #expect(try (JSONSerialization.jsonObject(with: Data(device.ok("trash", "--json").utf8)) as? [Any])?.isEmpty == true)
            #expect(try device.run("restore", gone).status == 1)
            #expect(try device.ok("rm", "--purge", kept).contains("deleted for good"))
            #expect(try device.listed("--all").isEmpty && device.listed("--trashed").isEmpty)
        }

        /// `tags` counts and renames; highlights are listed with ids and deleted by them.
        @Test func tagsAndHighlights() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let a = try Self.savedID(device.ok("add", "--file", "-", "--tag", "Swift", "--tag", "ml", stdin: "A\n\nthe first passage here"))
            try device.ok("add", "--file", "-", "--tag", "swift", stdin: "B\n\nanother text")
            let tags = try device.ok("tags")
            #expect(tags.contains("TAG") && tags.split(separator: "\n").contains { $0.hasPrefix("Swift") && $0.hasSuffix("2") })
            struct Count: Decodable { var tag: String; var count: Int }
            #expect(try JSONDecoder().decode([Count].self, from: Data(device.ok("tags", "--json").utf8)).map(\.count) == [1, 2])
            #expect(try device.ok("tags", "rename", "ml", "machine learning").contains("on 1 article"))
            #expect(try device.listed("--tag", "machine learning").count == 1)
            #expect(try device.run("tags", "rename", "nope", "x").status == 1)

            let added = try device.ok("highlight", a, "first passage", "--note", "why")
            let highlight = String(try #require(added.split(separator: " ").last { $0.count == 8 && $0.allSatisfy(\.isHexDigit) }))
            let listed = try device.ok("highlight", "list", a)
            #expect(listed.contains(highlight) && listed.contains("first passage") && listed.contains("why"))
            #expect(try device.ok("highlight", "rm", highlight).contains("deleted"))
            #expect(try device.run("highlight", "list", a).stderr.contains("No highlights"))
            #expect(try device.run("highlight", "rm", highlight).status == 1)
        }
    }
}

extension EndToEnd.FetchTests {
    /// A page that does not exist is an error and saves nothing; a page and a file over the
    /// size limit are refused alike.
    @Test func missingAndOversizedPagesAreNotSaved() throws {
        let temp = try TemporaryDirectory()
        let site = temp.path("site")
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
        let big = "<html><body><p>" + String(repeating: "word ", count: 2_300_000) + "</p></body></html>"
        try big.write(toFile: site + "/big.html", atomically: true, encoding: .utf8)
        let device = Device(home: temp.path("home"))
        let (server, port) = try startWebServer(site)
        defer { Self.stop(server) }

        let missing = try device.run("add", "http://127.0.0.1:\(port)/missing.html")
        #expect(missing.status == 1 && missing.stderr.contains("does not exist") && missing.stderr.contains("nothing was saved"))
        let fetched = try device.run("add", "http://127.0.0.1:\(port)/big.html")
        #expect(fetched.status == 1 && fetched.stderr.contains("larger than 10 MiB"))
        let file = try device.run("add", "--file", site + "/big.html")
        #expect(file.status == 1 && file.stderr.contains("larger than 10 MiB"))
        #expect(try device.listed("--all").isEmpty)
    }
}
