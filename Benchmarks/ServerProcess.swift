import AsyncHTTPClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `folio-server` process on 127.0.0.1 with a temporary data directory and one user.
final class ServerProcess {
    let pid: pid_t
    let port: Int
    let dataDirectory: URL
    let logPath: String
    static let user = "bench"
    static let password = "bench-password-1234"

    var url: URL { URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/") }

    /// Adds the user and starts the server on a free loopback port; returns once /health answers.
    init(context: BenchContext, name: String) async throws {
        dataDirectory = context.scratch.appendingPathComponent("server-\(name)")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let passwordFile = try context.scratchFile(Self.password + "\n", name: "server-password")
        _ = try ChildProcess(executable: context.folioServer,
                             arguments: ["user", "add", Self.user, "--password-stdin", "--data", dataDirectory.path],
                             stdinPath: passwordFile).check(scratch: context.scratch)
        port = try Self.freePort()
        logPath = context.scratch.appendingPathComponent("server-\(name).log").path
        let child = ChildProcess(executable: context.folioServer,
                                 arguments: ["serve", "--host", "127.0.0.1", "--port", String(port), "--data", dataDirectory.path, "--log-level", "warning"])
        pid = try child.spawn(stdout: logPath, stderr: logPath + ".err")
        Cleanup.shared.track(pid: pid)
        let deadline = Stopwatch.now + 30
        while true {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                Cleanup.shared.untrack(pid: pid)
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

    /// Adds another user (with the benchmark password) to the running server's data directory.
    func addUser(_ name: String, context: BenchContext) throws {
        let passwordFile = try context.scratchFile(Self.password + "\n", name: "server-password")
        _ = try ChildProcess(executable: context.folioServer, arguments: ["user", "add", name, "--password-stdin", "--data", dataDirectory.path],
                             stdinPath: passwordFile).check(scratch: context.scratch)
    }

    /// Peak resident memory of the server since the last reset, in bytes.
    var peak: Int { MemoryProbe.peak(pid: pid) ?? 0 }
    func resetPeak() { MemoryProbe.resetPeak(pid: pid) }

    /// SIGTERM (graceful shutdown), then SIGKILL if the server is still there after 5 s.
    func stop() {
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
