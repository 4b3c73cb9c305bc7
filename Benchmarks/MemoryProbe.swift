import Foundation

/// Reads and resets the peak resident memory of a process through /proc (Linux).
enum MemoryProbe {
    /// A `Vm…` line of /proc/PID/status, in bytes (nil if unreadable).
    static func status(_ key: String, pid: Int32? = nil) -> Int? {
        let path = "/proc/\(pid.map(String.init) ?? "self")/status"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            let digits = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            return digits.map { $0 * 1024 }
        }
        return nil
    }

    /// The peak resident set (VmHWM) of a process, in bytes.
    static func peak(pid: Int32? = nil) -> Int? { status("VmHWM", pid: pid) }

    /// The current resident set (VmRSS) of a process, in bytes.
    static func resident(pid: Int32? = nil) -> Int? { status("VmRSS", pid: pid) }

    /// Resets VmHWM to the current resident set (writes 5 to /proc/PID/clear_refs).
    /// Returns false where the kernel does not allow it; peaks are then since process start.
    @discardableResult
    static func resetPeak(pid: Int32? = nil) -> Bool {
        let path = "/proc/\(pid.map(String.init) ?? "self")/clear_refs"
        guard let handle = FileHandle(forWritingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }
}
