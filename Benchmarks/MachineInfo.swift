import Foundation

/// The machine and build a run was measured on, for the header of BENCHMARKS.md.
struct MachineInfo: Sendable {
    var cores: Int
    var cpu: String
    var memory: String
    var kernel: String
    var swift: String
    var sqlite: String
    var commit: String

    /// The 1, 5 and 15 minute load averages (/proc/loadavg): other work on the machine skews every figure.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// Reads /proc, `git` and `swift --version` (best effort: unknown parts say so).
    static func current(repository: URL, sqliteVersion: String, scratch: URL) -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let totalKB = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Double($0) } }
        let kernel = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
        func command(_ arguments: [String]) -> String {
            let child = ChildProcess(executable: "/usr/bin/env", arguments: arguments)
            guard let outcome = try? child.run(scratch: scratch), outcome.status == 0 else { return "unknown" }
            return outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var commit = command(["git", "-C", repository.path, "rev-parse", "--short", "HEAD"])
        if command(["git", "-C", repository.path, "status", "--porcelain", "--untracked-files=no"]).isEmpty == false { commit += " (with uncommitted changes)" }
        let swift = command(["swift", "--version"]).split(separator: "\n").first.map(String.init) ?? "unknown"
        return MachineInfo(
            cores: ProcessInfo.processInfo.activeProcessorCount, cpu: model,
            memory: totalKB.map { String(format: "%.1f GiB", $0 / 1_048_576) } ?? "unknown",
            kernel: kernel, swift: swift, sqlite: sqliteVersion, commit: commit)
    }
}
