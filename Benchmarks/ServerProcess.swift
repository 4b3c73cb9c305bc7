import AsyncHTTPClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `folio-server` process on 127.0.0.1: on a data directory (SQLite) with one user, or
/// on a PostgreSQL database that several such processes may share.
final class ServerProcess {
    let pid: pid_t
    let port: Int
    /// The store options of every `folio-server` command on this server's store: `--data DIR` or `--database URL`.
    let storeArguments: [String]
    let logPath: String
    private var stopped = false
    static let user = "bench"
    static let password = "bench-password-1234"

    var url: URL { URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/") }

    /// A new data directory under the scratch directory with the benchmark user, served.
    convenience init(context: BenchContext, name: String) async throws {
        let directory = Self.dataDirectory(context: context, name: name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.addUser(Self.user, storeArguments: ["--data", directory.path], context: context)
        try await self.init(context: context, name: name, storeArguments: ["--data", directory.path])
    }

    /// The data directory of the server named `name`.
    static func dataDirectory(context: BenchContext, name: String) -> URL {
        context.scratch.appendingPathComponent("server-\(name)")
    }

    /// Starts a server on an existing store (`--data DIR` or `--database URL`) on a free loopback
    /// port, with `serveOptions` besides; returns once /health answers.
    init(context: BenchContext, name: String, storeArguments: [String], serveOptions: [String] = []) async throws {
        self.storeArguments = storeArguments
        port = try Self.freePort()
        logPath = context.scratch.appendingPathComponent("server-\(name).log").path
        let child = ChildProcess(executable: context.folioServer,
                                 arguments: ["serve", "--host", "127.0.0.1", "--port", String(port), "--log-level", "warning"] + storeArguments + serveOptions)
        pid = try child.spawn(stdout: logPath, stderr: logPath + ".err")
        Cleanup.shared.track(pid: pid)
        let deadline = Stopwatch.now + 30
        while true {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                Cleanup.shared.untrack(pid: pid)
                stopped = true
                let log = (try? String(contentsOfFile: logPath + ".err", encoding: .utf8)) ?? ""
                throw BenchError("folio-server exited at start: \(log.suffix(800))")
            }
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(2)),
               response.status.code == 200 { break }
            guard Stopwatch.now < deadline else {
                stop()
                throw BenchError("folio-server did not answer /health within 30 s on port \(port)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Adds a user (with the benchmark password) to a store, served or not.
    static func addUser(_ name: String, storeArguments: [String], context: BenchContext) throws {
        let passwordFile = try context.scratchFile(Self.password + "\n", name: "server-password")
        _ = try ChildProcess(executable: context.folioServer, arguments: ["user", "add", name, "--password-stdin"] + storeArguments,
                             stdinPath: passwordFile).check(scratch: context.scratch)
    }

    /// Adds another user (with the benchmark password) to the running server's store.
    func addUser(_ name: String, context: BenchContext) throws {
        try Self.addUser(name, storeArguments: storeArguments, context: context)
    }

    /// Peak resident memory of the server since the last reset, in bytes.
    var peak: Int { MemoryProbe.peak(pid: pid) ?? 0 }
    func resetPeak() { MemoryProbe.resetPeak(pid: pid) }

    /// SIGTERM (graceful shutdown), then SIGKILL if the server is still there after 5 s.
    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(pid, SIGTERM)
        let deadline = Stopwatch.now + 5
        var status: Int32 = 0
        while Stopwatch.now < deadline {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && kill(pid, 0) != 0) { break }
            usleep(20_000)
        }
        if kill(pid, 0) == 0 {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
        Cleanup.shared.untrack(pid: pid)
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0 else { throw BenchError("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
