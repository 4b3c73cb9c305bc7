import Foundation
import Testing

extension EndToEnd {
    /// Edges of the command line found by trying Folio as a new user would (issue 14).
    @Suite(.enabled(if: Processes.built("folio", "folio-server") && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"),
                    "needs the built folio and folio-server, and curl"))
    struct CLIEdgeTests {
        /// `bundle create -` writes to standard output and `bundle apply -` reads standard input,
        /// so two devices sync through a pipe; no file named `-` appears.
        @Test func bundlesGoThroughAPipe() throws {
            let temp = try TemporaryDirectory()
            let a = Device(home: temp.path("a")), b = Device(home: temp.path("b"))
            try a.ok("add", "https://example.com/piped", "--offline", "--title", "Through a pipe")
            let folio = Processes.binDirectory.appendingPathComponent("folio").path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "FOLIO_HOME=\"$1\" \"$0\" bundle create - | FOLIO_HOME=\"$2\" \"$0\" bundle apply -", folio, a.home, b.home]
            process.currentDirectoryURL = temp.url
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(try b.listed("--all").map(\.title) == ["Through a pipe"])
            #expect(!FileManager.default.fileExists(atPath: temp.path("-")))
        }

        /// `status` counts what the next sync sends the way `sync` reports it: records, not writes.
        @Test func statusCountsWhatSyncSends() throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp)
            let device = Device(home: temp.path("device"))
            try device.ok("login", "--server", server.url, "--user", "alice", "--password-stdin", stdin: "correct horse\n")
            try device.ok("add", "https://example.com/status/1", "--offline", "--title", "One")
            let id = try #require(try device.listed("--all").first?.id)
            for command in [["fav", id], ["archive", id], ["tag", id, "swift"], ["note", id, "a note"]] { try device.ok(command) }
            try device.ok("add", "https://example.com/status/2", "--offline", "--title", "Two")
            #expect(try device.ok("status").contains("2 articles or highlights to send"))
            #expect(try device.ok("sync").contains("sent 2"))
            #expect(try device.ok("status").contains("nothing to send"))
        }
    
        /// `config.toml` sets the reading width and colour; a broken or unknown setting is an
        /// error naming the file and the line, for every command.
        @Test func settingsFileIsReadAndChecked() throws {
            let temp = try TemporaryDirectory()
            var device = Device(home: temp.path("device"))
            device.environment["NO_COLOR"] = ""  // the test runner sets it; empty means unset (no-color.org)
            let page = temp.path("long.txt")
            try ("Width\n\n" + String(repeating: "A sentence that goes on for a while so that it has to wrap. ", count: 20))
                .write(toFile: page, atomically: true, encoding: .utf8)
            try device.ok("add", "--file", page, "--url", "https://example.com/width")
            let id = try #require(try device.listed("--all").first?.id)
            let config = temp.path("device/config/config.toml")
            try FileManager.default.createDirectory(atPath: temp.path("device/config"), withIntermediateDirectories: true)

            try "width = 40\ncolour = \"always\"\n".write(toFile: config, atomically: true, encoding: .utf8)
            let narrow = try device.ok("read", id, "--no-pager")
            #expect(narrow.split(separator: "\n").allSatisfy { $0.replacing(/\u{1B}\[[0-9;]*m/, with: "").count <= 40 }, "\(narrow)")
            #expect(narrow.contains("\u{1B}["), "colour = always colours piped output")
            var plain = device
            plain.environment["NO_COLOR"] = "1"
            #expect(!(try plain.ok("read", id, "--no-pager")).contains("\u{1B}["), "NO_COLOR wins over the setting")

            try "default-tags = [\"inbox\", \"to sort\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
            try device.ok("add", "https://example.com/tagged", "--offline", "--tag", "swift")
            let tagged = try #require(try device.listed("--all").first { $0.title != "Width" })
            #expect(Set(tagged.tags) == ["inbox", "to sort", "swift"])

            try "width = 40\nwidth = 50\n".write(toFile: config, atomically: true, encoding: .utf8)
            let broken = try device.run("list")
            #expect(broken.status == 1)
            #expect(broken.stderr.contains("config.toml, line 2"), "\(broken.stderr)")
            try "colour = \"blue\"\n".write(toFile: config, atomically: true, encoding: .utf8)
            #expect(try device.run("list").stderr.contains("colour must be"))
            try "pagr = \"less\"\n".write(toFile: config, atomically: true, encoding: .utf8)
            let unknown = try device.run("status")
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("unknown setting \"pagr\""), "\(unknown.stderr)")
        }
    }
}
