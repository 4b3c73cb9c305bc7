import Foundation
import PostgresTestSupport
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Everything the benchmark must undo when it ends, normally or on SIGINT/SIGTERM: child
/// processes to kill and temporary directories to remove.
final class Cleanup: Sendable {
    static let shared = Cleanup()

    private struct State {
        var pids: Set<pid_t> = []
        var directories: [URL] = []
    }

    private let state = Mutex(State())

    func track(pid: pid_t) { state.withLock { _ = $0.pids.insert(pid) } }
    func untrack(pid: pid_t) { state.withLock { _ = $0.pids.remove(pid) } }
    func track(directory: URL) { state.withLock { $0.directories.append(directory) } }

    /// A new temporary directory, removed at exit.
    func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        track(directory: url)
        return url
    }

    /// Removes a directory now (and forgets it).
    func remove(directory: URL) {
        state.withLock { $0.directories.removeAll { $0 == directory } }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Kills every tracked child, removes every tracked directory and stops the PostgreSQL clusters.
    func run() {
        let (pids, directories) = state.withLock { state in
            defer { state.pids = []; state.directories = [] }
            return (state.pids, state.directories)
        }
        for pid in pids { kill(pid, SIGKILL) }
        for pid in pids { var status: Int32 = 0; waitpid(pid, &status, 0) }
        for directory in directories { try? FileManager.default.removeItem(at: directory) }
        PostgresCluster.stopAll()
    }

    /// Cleans up and exits on SIGINT, SIGTERM or SIGHUP (not async-signal-safe, which is
    /// acceptable for a benchmark tool: the alternative is leaking servers and gigabytes).
    func installSignalHandlers() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { received in
                let message = "\nfolio-bench: interrupted, cleaning up\n"
                _ = message.withCString { write(2, $0, strlen($0)) }
                Cleanup.shared.run()
                _exit(128 + received)
            }
        }
    }
}
