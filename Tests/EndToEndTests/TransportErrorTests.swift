import Foundation
import Testing

extension EndToEnd {
    /// Every transport failure of `folio login` and `folio sync` is told in plain words (item 9 of
    /// "Sync that no input can break"): not a Folio server, TLS to a plain-HTTP server, DNS,
    /// refused, too large, and a hostile server's answer nested 100,000 deep. No library type
    /// names, error numbers or HTML pages reach the user, and nothing crashes.
    @Suite(.serialized, .enabled(if: Processes.built("folio") && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
                                 "needs the built folio and python3"))
    struct TransportErrorTests {
        /// A web server on a loopback port that is not Folio: `html` answers every request with
        /// an HTML 404 page; `deep` logs in and then answers with JSON nested 100,000 deep;
        /// `large` logs in, answers info, and refuses every push with an HTML 413 page, as a proxy does;
        /// `hostile` refuses the user eve with a Folio error whose message holds escape sequences
        /// and a line break, and answers everyone else's sync with a 507 whose reason phrase and
        /// message do.
        static let script = #"""
            import http.server, json, sys
            mode = sys.argv[2]
            hostile = "\x1b[2J\x1b]0;pwned\x07\nFAKE: all your files were deleted"
            class Handler(http.server.BaseHTTPRequestHandler):
                def log_message(self, *args): pass
                def answer(self, status, body, kind):
                    data = body.encode()
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                def handle_any(self):
                    length = int(self.headers.get("Content-Length") or 0)
                    body = self.rfile.read(length) if length else b""
                    if mode == "html":
                        return self.answer(404, "<html><body><h1>404 Not Found</h1>nginx</body></html>", "text/html")
                    if mode == "hostile" and (self.path != "/v1/login" or b'"eve"' in body):
                        status, code = (403, "forbidden") if self.path == "/v1/login" else (507, "insufficient_storage")
                        data = json.dumps({"error": {"code": code, "message": hostile}}).encode()
                        self.send_response(status, "Insufficient \x1b[31mStorage\x07")
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        return self.wfile.write(data)
                    if self.path == "/v1/login":
                        return self.answer(200, json.dumps({"token": "t", "epoch": "e"}), "application/json")
                    if mode == "deep":
                        return self.answer(200, "[" * 100000 + "]" * 100000, "application/json")
                    if self.path == "/v1/info":
                        return self.answer(200, json.dumps({"epoch": "e", "knowledge": {}, "protocolVersion": 2, "replica": "00000000000000aa",
                                                            "serverTime": "2026-11-29T00:00:00.000Z", "supportedVersions": [2]}), "application/json")
                    return self.answer(413, "<html><body>413 Request Entity Too Large</body></html>", "text/html")
                do_GET = do_POST = handle_any
            http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
            """#

        final class FakeServer {
            let process = Process()
            let port = Int.random(in: 20_000...60_000)

            init(mode: String, in temp: TemporaryDirectory) throws {
                let path = temp.path("fake-\(mode).py")
                try Data(TransportErrorTests.script.utf8).write(to: URL(fileURLWithPath: path))
                process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
                process.arguments = [path, String(port), mode]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                for _ in 0..<100 where RawHTTP.send(port: port, RawHTTP.request("GET", "/"), timeout: 1).status == 0 { usleep(50_000) }
            }

            var url: String { "http://127.0.0.1:\(port)" }

            deinit {
                // SIGKILL: children of the test runner may ignore SIGTERM.
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }

        /// The failure is exit 1 with a message that says `meaning`, and nothing of the internals.
        func expectPlainFailure(_ result: Processes.Result, _ meaning: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(result.status == 1, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stderr.contains(meaning), "\(result.stderr)", sourceLocation: sourceLocation)
            for leak in ["HTTPClientError", "errno", "NSCocoaErrorDomain", "NIO", "<html", "Swift.", "DecodingError"] {
                #expect(!result.stderr.contains(leak), "\(leak) in: \(result.stderr)", sourceLocation: sourceLocation)
            }
        }

        func login(_ device: Device, _ server: String) throws -> Processes.Result {
            try device.run("login", "--server", server, "--user", "alice", "--password-stdin", stdin: "pw\n")
        }

        @Test func transportFailuresInPlainWords() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("a"))
            let html = try FakeServer(mode: "html", in: temp)
            expectPlainFailure(try login(device, html.url), "not a Folio sync server")
            expectPlainFailure(try login(device, "https://127.0.0.1:\(html.port)"), "secure (TLS) connection failed")
            let closed = Int.random(in: 20_000...60_000)
            expectPlainFailure(try login(device, "http://127.0.0.1:\(closed)"), "connection refused")
            expectPlainFailure(try login(device, "http://folio.invalid:8080"), "host name was not found")
        }

        @Test func hostileAnswersAreRefusedNotCrashedOn() throws {
            let temp = try TemporaryDirectory()
            let deep = try FakeServer(mode: "deep", in: temp)
            let device = Device(home: temp.path("a"))
            #expect(try login(device, deep.url).status == 0)
            expectPlainFailure(try device.run("sync"), "could not be read")

            let large = try FakeServer(mode: "large", in: temp)
            let other = Device(home: temp.path("b"))
            #expect(try login(other, large.url).status == 0)
            try other.ok("add", "https://example.com/a", "--offline", "--title", "A")
            expectPlainFailure(try other.run("sync"), "too large (413)")
            #expect(try other.listed().count == 1, "the library is unchanged")
        }

        /// Issue 16 item 4: what a hostile server says (an error message, a reason phrase) reaches
        /// the terminal without escape sequences or line breaks, so it cannot clear the screen,
        /// set the window title or forge a line of folio's own output.
        @Test func serverTextReachesTheTerminalDefused() throws {
            let temp = try TemporaryDirectory()
            let hostile = try FakeServer(mode: "hostile", in: temp)
            let device = Device(home: temp.path("a"))
            let refused = try device.run("login", "--server", hostile.url, "--user", "eve", "--password-stdin", stdin: "pw\n")
            #expect(try login(device, hostile.url).status == 0)
            let failed = try device.run("sync")
            for result in [refused, failed] {
                #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
                #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\u{07}"), "\(result.stderr.debugDescription)")
                #expect(!result.stderr.split(separator: "\n").contains { $0.hasPrefix("FAKE") }, "\(result.stderr.debugDescription)")
            }
            #expect(refused.stderr.contains("403 (forbidden)") && refused.stderr.contains("FAKE: all your files were deleted"), "\(refused.stderr)")
            #expect(failed.stderr.contains("507"), "\(failed.stderr)")
        }
    }
}
