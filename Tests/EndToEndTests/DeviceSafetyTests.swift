import Foundation
import Testing

extension EndToEnd {
    /// The device half of "A server you can put on the internet" (issue 16): private files
    /// whatever the umask (item 6), a damaged library said to be damaged with how to get it
    /// back (item 5), and one address policy for saving, importing and opening (item 7).
    @Suite(.serialized, .enabled(if: Processes.built("folio", "folio-server") && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
                                 && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"),
                                 "needs the built folio and folio-server, python3 and curl"))
    struct DeviceSafetyTests {
        /// The permission bits of `path`.
        func mode(_ path: String) throws -> Int {
            try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        }

        /// Runs one SQL statement on `database` with Python's sqlite3 module, as another program
        /// would, and returns the first column of the first row ("" when there is none).
        @discardableResult
        func sqlite(_ database: String, _ sql: String) throws -> String {
            let script = "import sqlite3, sys\nconnection = sqlite3.connect(sys.argv[1])\nrow = connection.execute(sys.argv[2]).fetchone()\nconnection.commit()\nprint(row[0] if row else '')"
            return String(decoding: try Processes.runSystem("/usr/bin/python3", ["-c", script, database, sql]), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func login(_ device: Device, _ server: ServerProcess) throws {
            try device.ok("login", "--server", server.url, "--user", "alice", "--password-stdin", stdin: "correct horse\n")
        }

        /// A `$BROWSER` for `folio open` that runs the shell `command` (with the address as $1).
        func browser(_ command: String, in temp: TemporaryDirectory) throws -> [String: String] {
            let path = temp.path("browser.sh")
            try "#!/bin/sh\n\(command)\n".write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
            return ["BROWSER": path]
        }

        /// Item 6: under umask 000 the data and config directories are 0700 and the database,
        /// its WAL and shared-memory files (seen while folio holds them open, from the browser
        /// `folio open` starts), its backup and the token file are 0600; a library left readable
        /// by others is made private the next time folio opens it.
        @Test func filesArePrivateWhateverTheUmask() throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp)
            let home = temp.path("home"), data = home + "/data", config = home + "/config", modes = temp.path("modes")
            let environment = try browser("stat -c '%a %n' '\(data)'/* > '\(modes)'", in: temp).merging(Processes.umask("000")) { $1 }
            let device = Device(home: home, environment: environment)
            try device.ok("add", "https://example.com/a", "--offline", "--title", "A")
            try login(device, server)
            try device.ok("sync")
            try device.ok("open", String(try #require(try device.listed().first).id.prefix(8)))

            let seen = try String(contentsOfFile: modes, encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1) }
            #expect(Set(seen.map { URL(fileURLWithPath: String($0[1])).lastPathComponent }) == ["folio.sqlite", "folio.sqlite-wal", "folio.sqlite-shm", "folio.sqlite.bak"])
            for file in seen { #expect(file[0] == "600", "\(file[1]) is \(file[0])") }
            for directory in [home, data, config] { #expect(try mode(directory) == 0o700, "\(directory)") }
            #expect(try mode(config + "/server.json") == 0o600)

            let files = [data + "/folio.sqlite", data + "/folio.sqlite.bak", config + "/server.json"]
            for path in [data, config] { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
            for path in files { try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
            try device.ok("list")
            for directory in [data, config] { #expect(try mode(directory) == 0o700, "\(directory) tightened") }
            for file in files { #expect(try mode(file) == 0o600, "\(file) tightened") }
        }

        /// Item 5: a library whose pages are damaged is called damaged, with the file and the ways
        /// back (the sync server, the copy kept after syncs, sqlite3 .recover, PRAGMA
        /// integrity_check), never "not a Folio database" or a Swift error; the kept copy is a
        /// whole library, and moving the damaged file aside and syncing gets every article back.
        @Test func damagedLibrarySaysHowToGetItBack() throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp)
            let device = Device(home: temp.path("home"))
            try login(device, server)
            for index in 1...5 { try device.ok("add", "https://example.com/\(index)", "--offline", "--title", "Article \(index)") }
            try device.ok("sync")
            let database = temp.path("home/data/folio.sqlite")
            try sqlite(database, "PRAGMA wal_checkpoint(TRUNCATE)")
            // Overwrite the page in the middle of the file that holds the article table.
            let pageSize = Int(try sqlite(database, "PRAGMA page_size")) ?? 0
            let page = Int(try sqlite(database, "SELECT rootpage FROM sqlite_master WHERE name = 'article'")) ?? 0
            #expect(pageSize > 0 && page > 1)
            let file = try FileHandle(forUpdating: URL(fileURLWithPath: database))
            try file.seek(toOffset: UInt64((page - 1) * pageSize))
            file.write(Data(repeating: 0xA5, count: pageSize))
            try file.close()

            let result = try device.run("list")
            #expect(result.status == 1)
            for hint in ["damaged", database, "folio sync", database + ".bak", ".recover", "PRAGMA integrity_check"] {
                #expect(result.stderr.contains(hint), "\(hint) in: \(result.stderr)")
            }
            for leak in ["not a Folio database", "DatabaseError", "SQLITE_", "Swift.", "GRDB"] {
                #expect(!result.stderr.contains(leak), "\(leak) in: \(result.stderr)")
            }

            let copy = Device(home: temp.path("copy"))
            try FileManager.default.createDirectory(atPath: temp.path("copy/data"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: database + ".bak", toPath: temp.path("copy/data/folio.sqlite"))
            #expect(try copy.listed().map(\.title).sorted() == (1...5).map { "Article \($0)" }, "the kept copy is whole")

            try FileManager.default.moveItem(atPath: database, toPath: database + ".damaged")
            try device.ok("sync")
            #expect(try device.listed().map(\.title).sorted() == (1...5).map { "Article \($0)" })
        }

        /// The copy kept after syncs: a new device's first sync, which only brings what the server
        /// holds, makes none; the next sync, once the library holds something, makes it.
        @Test func aNewDevicesFirstSyncKeepsNoCopy() throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp)
            let first = Device(home: temp.path("first"))
            try login(first, server)
            try first.ok("add", "https://example.com/kept", "--offline", "--title", "Kept")
            try first.ok("sync")
            #expect(FileManager.default.fileExists(atPath: temp.path("first/data/folio.sqlite.bak")), "a library with its own articles is copied")

            let second = Device(home: temp.path("second"))
            try login(second, server)
            try second.ok("sync")
            let backup = temp.path("second/data/folio.sqlite.bak")
            #expect(try second.listed().map(\.title) == ["Kept"])
            #expect(!FileManager.default.fileExists(atPath: backup), "the first sync of an empty library")
            try second.ok("sync")
            #expect(FileManager.default.fileExists(atPath: backup), "the next sync")
        }

        /// Item 5: a file that is not a database at all is not called damaged, and is left alone.
        @Test func aFileThatIsNoDatabaseIsNotCalledDamaged() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            try FileManager.default.createDirectory(atPath: temp.path("home/data"), withIntermediateDirectories: true)
            let text = String(repeating: "my shopping list, not a database\n", count: 100)
            try text.write(toFile: temp.path("home/data/folio.sqlite"), atomically: true, encoding: .utf8)
            let result = try device.run("list")
            #expect(result.status == 1)
            #expect(result.stderr.contains("not a database file"), "\(result.stderr)")
            #expect(try String(contentsOfFile: temp.path("home/data/folio.sqlite"), encoding: .utf8) == text)
        }

        /// Item 7: `folio add` refuses a `javascript:` address; a Folio JSON import skips its
        /// `javascript:` and `file:` items, each reported with its item number, and imports the rest.
        @Test func onlyWebAddressesAreSavedOrImported() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let add = try device.run("add", "javascript:alert(1)", "--offline")
            #expect(add.status == 1 && add.stderr.contains("not a web address"), "\(add.stderr)")

            func article(_ url: String, _ title: String) -> String {
                #"{"id":"\#(UUID().uuidString)","url":"\#(url)","title":"\#(title)","savedAt":"2026-01-01T00:00:00.000Z","progress":0,"isArchived":false,"isFavorite":false,"tags":[],"note":"","isDeleted":false,"content":{"html":"","text":"","wordCount":0,"status":{"pending":{"reason":"x"}}}}"#
            }
            let json = #"{"format":"folio-export","version":1,"articles":["#
                + [article("https://example.com/good", "Good"), article("javascript:alert(1)", "Evil"),
                   article("file:///etc/passwd", "Local"), article("https://example.org/fine", "Fine")].joined(separator: ",") + "]}"
            let file = temp.path("export.json")
            try json.write(toFile: file, atomically: true, encoding: .utf8)
            let result = try device.run("import", file)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("skipped item 2: articles list: not an http or https address: javascript:alert(1)"), "\(result.stderr)")
            #expect(result.stderr.contains("skipped item 3: articles list: not an http or https address: file:///etc/passwd"), "\(result.stderr)")
            #expect(result.stdout.contains("Imported 2 new") && result.stdout.contains("2 skipped"), "\(result.stdout)")
            #expect(try device.listed().map(\.title).sorted() == ["Fine", "Good"])
        }

        /// Item 4: text from outside (an address typed or pasted, an import file's rows) reaches
        /// the terminal without escape sequences or line breaks, in errors and in skipped-row reports.
        @Test func outsideTextReachesTheTerminalDefused() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("home"))
            let add = try device.run("add", "https://exa\u{1B}[2Jmple.com/\u{1B}]0;pwned\u{07}", "--offline")
            let csv = temp.path("pocket.csv")
            try "title,url,time_added,tags,status\nGood,https://example.com/good,1700000000,,unread\nBad,\"javascript:\u{1B}[2J\nFAKE: all your files were deleted\",1700000000,,unread\n"
                .write(toFile: csv, atomically: true, encoding: .utf8)
            let imported = try device.run("import", csv, "--format", "pocket-csv")
            #expect(add.status == 1 && imported.status == 0 && imported.stderr.contains("skipped line 3"), "\(add.stderr)\(imported.stderr)")
            for result in [add, imported] {
                #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\u{07}"), "\(result.stderr.debugDescription)")
                #expect(!result.stderr.split(separator: "\n").contains { $0.hasPrefix("FAKE") }, "\(result.stderr.debugDescription)")
            }
        }

        /// Item 7: an address that could be read as an option (or is not a web address) stored by
        /// an older folio is never handed to the browser.
        @Test func openNeverHandsTheBrowserAnUnsafeAddress() throws {
            let temp = try TemporaryDirectory()
            let opened = temp.path("opened")
            let device = Device(home: temp.path("home"), environment: try browser("printf '%s\\n' \"$@\" >> '\(opened)'", in: temp))
            try device.ok("add", "https://example.com/page", "--offline", "--title", "Page")
            let id = String(try #require(try device.listed().first).id.prefix(8))
            try device.ok("open", id)
            #expect(try String(contentsOfFile: opened, encoding: .utf8) == "https://example.com/page\n")

            let database = temp.path("home/data/folio.sqlite")
            for hostile in ["--new-window=file:///etc/passwd", "javascript:alert(1)"] {
                try sqlite(database, "UPDATE register SET value = '\"\(hostile)\"' WHERE field = 'url'")
                let result = try device.run("open", id)
                #expect(result.status == 1 && result.stderr.contains("not an http or https address"), "\(result.stderr)")
            }
            #expect(try String(contentsOfFile: opened, encoding: .utf8) == "https://example.com/page\n", "the browser ran only once")
        }
    }
}
