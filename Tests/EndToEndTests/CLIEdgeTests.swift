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
    }
}
