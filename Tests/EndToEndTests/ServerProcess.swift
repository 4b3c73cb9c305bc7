import Foundation

/// A real `folio-server` process on a loopback port, with its own data directory.
final class ServerProcess: @unchecked Sendable {
    let data: String
    /// Extra environment for the server process (a fake clock, say).
    var environment: [String: String] = [:]
    /// Extra `serve` options.
    var options: [String] = []
    /// A PostgreSQL database URL the server and its admin commands use instead of the data directory.
    var database: String?
    /// Where the server's log (standard error) goes; discarded when nil.
    var logPath: String?
    /// The umask the server starts with (through `/bin/sh`), instead of the test runner's.
    var umask: String?
    private(set) var port: Int
    private var process: Process?

    init(data: String) {
        self.data = data
        port = Int.random(in: 20_000...60_000)
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// The running server's process id, nil when stopped.
    var processIdentifier: Int32? { process.map(\.processIdentifier) }

    /// `--data`, and `--database` when the server runs on PostgreSQL.
    var storeOptions: [String] { ["--data", data] + (database.map { ["--database", $0] } ?? []) }

    /// Runs a `folio-server` admin command on the same data directory.
    @discardableResult
    func admin(_ arguments: [String], stdin: String? = nil) throws -> Processes.Result {
        let result = try Processes.run("folio-server", arguments + storeOptions, stdin: stdin)
        guard result.status == 0 else { throw E2EError.failed("folio-server \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)") }
        return result
    }

    /// A started server in `temp` with the user alice (password "correct horse").
    static func withAlice(in temp: TemporaryDirectory, environment: [String: String] = [:]) throws -> ServerProcess {
        let server = ServerProcess(data: temp.path("server"))
        server.environment = environment
        try server.addUser("alice", password: "correct horse")
        try server.start()
        return server
    }

    func addUser(_ name: String, password: String) throws {
        try admin(["user", "add", name, "--password-stdin"], stdin: password + "\n")
    }

    /// Starts the server and waits (bounded) until /health answers; a port that turns out to be
    /// taken is replaced by another, up to five times.
    func start() throws {
        for attempt in 1...5 {
            do {
                return try startOnce()
            } catch where attempt < 5 {
                port = Int.random(in: 20_000...60_000)
            }
        }
    }

    private func startOnce() throws {
        let process = Process()
        FakeClock.configure(process, executable: Processes.binDirectory.appendingPathComponent("folio-server"),
                            arguments: ["serve", "--host", "127.0.0.1", "--port", String(port)] + storeOptions + options, environment: environment)
        if let umask, let executable = process.executableURL?.path {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", executable] + (process.arguments ?? [])
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.merging(["FAKETIME_DONT_FAKE_MONOTONIC": "1"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        if let logPath {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: logPath)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        self.process = process
        for _ in 0..<200 {
            if healthy() { return }
            guard process.isRunning else { throw E2EError.failed("folio-server exited with \(process.terminationStatus) on port \(port)") }
            usleep(50_000)
        }
        throw E2EError.failed("folio-server did not answer /health within 10 s")
    }

    /// Stops the server with SIGTERM, as systemd does, and waits for it.
    func stop() {
        guard let process, process.isRunning else { return }
        // Under `faketime` the server is the wrapper's child, and the wrapper does not pass
        // signals on: signal the child itself.
        if environment["FOLIO_TEST_FAKETIME"] != nil { _ = try? Processes.runSystem("/usr/bin/pkill", ["-TERM", "-P", String(process.processIdentifier)]) }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
    }

    deinit { stop() }

    func healthy() -> Bool {
        let result = try? Processes.runSystem("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "\(url)/health"])
        return result.map { String(decoding: $0, as: UTF8.self) } == "200"
    }

    /// The server's log so far (empty without a `logPath`).
    var log: String { logPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "" }

    /// Sends a raw HTTP request with curl and returns the status code.
    func status(_ method: String, _ path: String, token: String? = nil, body: String? = nil) throws -> Int {
        var arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", method, "\(url)\(path)", "-H", "Content-Type: application/json"]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        if let body { arguments += ["--data-binary", body] }
        return Int(String(decoding: try Processes.runSystem("/usr/bin/curl", arguments), as: UTF8.self)) ?? 0
    }
}
