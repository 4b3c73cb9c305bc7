import Foundation
import Testing

extension EndToEnd {
    /// `folio add URL` against a real web server on 127.0.0.1 (python3's http.server), and the
    /// offline-first path: a save while the site is down is kept as pending and fetched later.
    @Suite(.enabled(if: Processes.built("folio") && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs the built folio and python3"))
    struct FetchTests {
        static let page = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lighthouse keepers | Harbour Gazette</title>
            <meta property="og:site_name" content="Harbour Gazette"><meta name="author" content="Ada Quill"></head>
            <body><nav><a href="/">Home</a><a href="/sub">Subscribe</a></nav>
            <article><h1>Lighthouse keepers</h1>
            <p>The last lighthouse keepers left the rock in 1998, when the light was automated and the station closed for good.</p>
            <p>For a century, three men at a time kept the lamp turning, wound the clockwork and logged every passing ship by hand.</p>
            <p>Their logbooks, now in the county archive, describe storms, shipwrecks and long weeks with nothing to do but paint.</p>
            <div class="newsletter">Sign up for our free newsletter</div></article></body></html>
            """

        /// Starts `python3 -m http.server` on a free loopback port serving `directory`.
        func startWebServer(_ directory: String) throws -> (Process, Int) {
            for _ in 0..<5 {
                let port = Int.random(in: 20_000...60_000)
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
                process.arguments = ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", directory]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                for _ in 0..<100 {
                    if let data = try? Processes.runSystem("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/"]),
                       String(decoding: data, as: UTF8.self) == "200" { return (process, port) }
                    if !process.isRunning { break }
                    usleep(50_000)
                }
                Self.stop(process)
            }
            throw E2EError.failed("could not start a local web server")
        }

        /// Stops the web server with SIGKILL: the test runner's children may inherit an ignored SIGTERM.
        static func stop(_ process: Process) {
            guard process.isRunning else { return }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        @Test func fetchesExtractsAndRetriesPendingSaves() throws {
            let temp = try TemporaryDirectory()
            let site = temp.path("site")
            try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
            try Self.page.write(toFile: site + "/keepers.html", atomically: true, encoding: .utf8)
            try "plain notes\nsecond line".write(toFile: site + "/notes.txt", atomically: true, encoding: .utf8)
            try Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A]).write(to: URL(fileURLWithPath: site + "/report.pdf"))
            let device = Device(home: temp.path("home"))

            // Saved while the site is down: kept as a pending link, nothing lost.
            let downPort = Int.random(in: 20_000...60_000)
            let offline = try device.ok("add", "http://127.0.0.1:\(downPort)/keepers.html", "--tag", "sea")
            #expect(offline.contains("pending"))

            let (server, port) = try startWebServer(site)
            defer { Self.stop(server) }
            let saved = try device.ok("add", "http://127.0.0.1:\(port)/keepers.html")
            #expect(saved.contains("Lighthouse keepers") && !saved.contains("pending"))
            let id = String(saved.split(separator: " ")[1])
            let text = try device.ok("read", id, "--no-pager")
            #expect(text.contains("logbooks") && !text.contains("Sign up for our free newsletter") && !text.contains("Subscribe"))
            #expect(try device.ok("show", id).contains("Ada Quill"))

            #expect(try device.ok("add", "http://127.0.0.1:\(port)/notes.txt").contains("Saved"))
            #expect(try device.ok("add", "http://127.0.0.1:\(port)/report.pdf").contains("link only"))
            #expect(try device.ok("search", "logbooks").contains("Lighthouse"))
            // The pending save from before still has its tag; a refetch now that the page moved
            // fails cleanly and keeps the article.
            #expect(try device.ok("list", "--tag", "sea").contains("keepers"))
            let refetch = try device.run("fetch", "--pending")
            #expect(refetch.status == 1 && refetch.stderr.contains("still pending"))
        }
    }
}
