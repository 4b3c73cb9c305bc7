import Foundation
import Testing

extension EndToEnd {
    /// `folio read` as a person runs it, on a real pseudo-terminal: the pager shows the article,
    /// `q` returns, and the place reached is kept for next time. Also what `read` and `list`
    /// write when piped.
    @Suite(.serialized, .enabled(if: Processes.built("folio") && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
                                 "needs the built folio and python3"))
    struct ReadTests {
        /// A library holding one article of 120 one-line paragraphs (242 lines: ten screens of
        /// 24 rows), with a highlight on paragraph 3. Returns the device and the article's id.
        static func library(_ temp: TemporaryDirectory) throws -> (Device, String) {
            let device = Device(home: temp.path("home"))
            let body = (1...120).map { "Paragraph \($0): the tide turns twice a day." }.joined(separator: "\n\n")
            try device.ok("add", "--file", "-", stdin: "Tide notes\n\n" + body)
            let id = String(try #require(try device.listed().first).id.prefix(8))
            try device.ok("highlight", id, "Paragraph 3: the tide")
            return (device, id)
        }

        /// With $PAGER unset, less shows the article with its highlight in reverse video, `q`
        /// returns, the screen shown becomes the progress, and the next `read` opens there.
        @Test func lessShowsTheArticleAndKeepsThePlace() throws {
            let temp = try TemporaryDirectory()
            let (device, id) = try Self.library(temp)
            let first = try device.onTerminal(["read", id], steps: [("Paragraph 10:", "q")])
            #expect(first.status == 0 && first.missing.isEmpty, "\(first.output)")
            #expect(first.output.contains("\u{1B}[7mParagraph 3: the tide\u{1B}[27m"), "\(first.output)")
            let progress = try #require(try device.listed().first).progress
            #expect(progress > 0.05 && progress < 0.15, "one screen of ten: \(progress)")

            let second = try device.onTerminal(["read", id], steps: [("Paragraph 12:", " "), ("Paragraph 25:", "q")])
            #expect(second.status == 0 && second.missing.isEmpty, "\(second.output)")
            #expect(!second.output.contains("Paragraph 2:"), "opens where the first read stopped")
            #expect(try #require(try device.listed().first).progress > progress + 0.05)
        }

        /// `PAGER=more` shows the article, `q` returns, and the screen shown becomes the progress.
        @Test func moreShowsTheArticle() throws {
            let temp = try TemporaryDirectory()
            let (device, id) = try Self.library(temp)
            let session = try device.onTerminal(["read", id], environment: ["PAGER": "more"], steps: [("Paragraph 10:", "q")])
            #expect(session.status == 0 && session.missing.isEmpty, "\(session.output)")
            let progress = try #require(try device.listed().first).progress
            #expect(progress > 0.05 && progress < 0.15, "one screen of ten: \(progress)")
        }

        /// With $PAGER unset and no less installed, `more` is used; with neither, the article is printed.
        @Test func fallsBackToMoreThenToPrinting() throws {
            let temp = try TemporaryDirectory()
            let (device, id) = try Self.library(temp)
            let onlyMore = temp.path("only-more")
            try FileManager.default.createDirectory(atPath: onlyMore, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: onlyMore + "/more", withDestinationPath: "/usr/bin/more")
            let more = try device.onTerminal(["read", id], environment: ["PATH": onlyMore], steps: [("--More--", "q")])
            #expect(more.status == 0 && more.missing.isEmpty, "\(more.output)")
            #expect(more.output.contains("Paragraph 10:"))

            let progress = try #require(try device.listed().first).progress
            #expect(progress > 0)
            let nothing = temp.path("no-pager")
            try FileManager.default.createDirectory(atPath: nothing, withIntermediateDirectories: true)
            let printed = try device.onTerminal(["read", id], environment: ["PATH": nothing], steps: [])
            #expect(printed.status == 0, "\(printed.output)")
            #expect(printed.output.contains("Paragraph 120:"))
            #expect(try #require(try device.listed().first).progress == progress, "printing is not reading")
        }

        /// Piped, `read` marks highlights with brackets and leaves progress alone; `list` keeps
        /// whole titles and tags, and its columns line up after wide (CJK) titles.
        @Test func pipedOutputIsWholeAndAligned() throws {
            let temp = try TemporaryDirectory()
            let (device, id) = try Self.library(temp)
            let read = try device.ok("read", id)
            #expect(read.contains("[[Paragraph 3: the tide]]"))
            #expect(try #require(try device.listed().first).progress == 0)

            let title = "日本語の記事についての長いタイトルです、そして折り返しのない見出しがさらに続きます"
            try device.ok("add", "--file", "-", "--tag", "a-rather-long-tag-name", "--tag", "another-long-tag-name", "--tag", "and-a-third-one",
                          stdin: title + "\n\nBody text.")
            let lines = try device.ok("list").split(separator: "\n").map(String.init)
            let row = try #require(lines.first { $0.contains(title) }, "the whole title: \(lines)")
            #expect(["a-rather-long-tag-name", "another-long-tag-name", "and-a-third-one"].allSatisfy(row.contains), "\(row)")
            // The TIME column starts at the same column on every line.
            let timeColumns = lines.compactMap { line in line.firstMatch(of: /TIME|\d+ min/).map { Self.columns(line[..<$0.range.lowerBound]) } }
            #expect(timeColumns.count == 3 && Set(timeColumns).count == 1, "\(lines)")
        }

        /// Terminal columns of text holding only ASCII and CJK.
        static func columns(_ text: Substring) -> Int {
            text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
        }
    }
}

/// What a pseudo-terminal showed while `folio` ran on it.
struct TerminalSession: Decodable {
    /// The exit status, nil when the process had to be killed.
    var status: Int32?
    /// The texts of steps that never appeared.
    var missing: [String]
    /// Everything written to the terminal, escape sequences included.
    var output: String
}

extension Device {
    /// Runs `folio` on an 80×24 pseudo-terminal (python3's pty module), with TERM=xterm and no
    /// pager settings from the test's environment: for each step, waits until its text appears
    /// (20 s at most), then types its keys; then waits 20 s at most for the exit.
    func onTerminal(_ arguments: [String], environment: [String: String] = [:], steps: [(text: String, keys: String)]) throws -> TerminalSession {
        var env = ProcessInfo.processInfo.environment
        for name in ["NO_COLOR", "PAGER", "LESS", "LESSOPEN", "LESSCLOSE", "MORE", "COLUMNS", "LINES"] { env[name] = nil }
        env["TERM"] = "xterm"
        env["LESSHISTFILE"] = "-"
        env["FOLIO_HOME"] = home
        env.merge(self.environment.merging(environment) { $1 }) { $1 }
        let config: [String: Any] = [
            "argv": [Processes.binDirectory.appendingPathComponent("folio").path] + arguments,
            "env": env, "steps": steps.map { [$0.text, $0.keys] }, "timeout": 20,
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
        return try JSONDecoder().decode(TerminalSession.self, from: try Processes.runSystem("/usr/bin/python3", ["-c", Self.ptyDriver, json]))
    }

    /// The program behind ``onTerminal(_:environment:steps:)``; prints `{"status", "missing", "output"}`.
    static let ptyDriver = #"""
        import fcntl, json, os, pty, select, struct, sys, termios, time
        config = json.loads(sys.argv[1])
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execve(config["argv"][0], config["argv"], config["env"])
        output, missing, status = b"", [], None

        def read(timeout):
            global output
            if select.select([fd], [], [], timeout)[0]:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    data = b""
                output += data
                return len(data) > 0
            return False

        for text, keys in config["steps"]:
            start, deadline = len(output), time.time() + config["timeout"]
            while text.encode() not in output[start:] and time.time() < deadline:
                read(0.1)
            if text.encode() not in output[start:]:
                missing.append(text)
                break
            time.sleep(0.3)
            os.write(fd, keys.encode())
        deadline = time.time() + config["timeout"]
        while status is None and time.time() < deadline:
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(code)
            read(0.05)
        if status is None:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        while read(0.2):
            pass
        print(json.dumps({"status": status, "missing": missing, "output": output.decode("utf-8", "replace")}))
        """#
}
