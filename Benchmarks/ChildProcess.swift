import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program as a child process and reports its wall time, exit status, output and peak
/// resident memory (from `wait4`'s rusage, so it is the child's own peak, not ours).
struct ChildProcess {
    /// What a finished child did.
    struct Outcome: Sendable {
        var status: Int32
        var seconds: Double
        /// Peak resident set of the child, in bytes.
        var peakBytes: Int
        var stdout: Data
        var stderr: Data

        var output: String { String(decoding: stdout, as: UTF8.self) }
        var errorText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Why a child could not be run.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var executable: String
    var arguments: [String]
    var environment: [String: String] = ProcessInfo.processInfo.environment
    /// A file fed to the child's standard input (nil: /dev/null).
    var stdinPath: String?

    /// Starts the child, waits for it and returns what it did.
    func run(scratch: URL) throws -> Outcome {
        let outPath = scratch.appendingPathComponent("child-\(UUID().uuidString).out").path
        let errPath = scratch.appendingPathComponent("child-\(UUID().uuidString).err").path
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        let start = Stopwatch.now
        let pid = try spawn(stdout: outPath, stderr: errPath)
        Cleanup.shared.track(pid: pid)
        defer { Cleanup.shared.untrack(pid: pid) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw Failure(description: "wait4 failed for \(executable): errno \(errno)") }
        }
        let seconds = Stopwatch.now - start
        let exit: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Outcome(
            status: exit, seconds: seconds, peakBytes: Int(usage.ru_maxrss) * 1024,
            stdout: FileManager.default.contents(atPath: outPath) ?? Data(),
            stderr: FileManager.default.contents(atPath: errPath) ?? Data())
    }

    /// Runs the child and fails with its standard error when it exits non-zero.
    func check(scratch: URL) throws -> Outcome {
        let outcome = try run(scratch: scratch)
        guard outcome.status == 0 else {
            throw Failure(description: "\(([executable] + arguments).joined(separator: " ")) exited with \(outcome.status): \(outcome.errorText.prefix(800))")
        }
        return outcome
    }

    /// Starts the child without waiting, with its output going to the given files.
    func spawn(stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard result == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(result)))") }
        return pid
    }
}
