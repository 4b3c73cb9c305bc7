import Foundation

/// Runs the built `folio` and `folio-server` executables as real processes.
enum Processes {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The directory holding the built executables: `$FOLIO_BIN_DIR`, else the debug build.
    static var binDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["FOLIO_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        return packageRoot.appendingPathComponent(".build/debug")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs an executable to completion, with a time limit.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, timeout: TimeInterval = 60) throws -> Result {
        let process = Process()
        FakeClock.configure(process, executable: binDirectory.appendingPathComponent(executable), arguments: arguments, environment: environment)
        if let mask = environment[umaskKey], let wrapped = process.executableURL {
            process.arguments = ["-c", "umask \(mask) && exec \"$0\" \"$@\"", wrapped.path] + (process.arguments ?? [])
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
        }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        // Read both pipes concurrently so a full pipe cannot block the child.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The environment entry that runs a process under the file mode creation mask `mask`
    /// (through `/bin/sh -c 'umask MASK && exec …'`).
    static func umask(_ mask: String) -> [String: String] { [umaskKey: mask] }
    static let umaskKey = "FOLIO_TEST_UMASK"

    /// True when the executables have been built (they are, by `make test`).
    static func built(_ names: String...) -> Bool {
        names.allSatisfy { FileManager.default.isExecutableFile(atPath: binDirectory.appendingPathComponent($0).path) }
    }
}

/// A wall clock shifted by Debian's `faketime` (libfaketime), for the processes of clock tests.
enum FakeClock {
    static let wrapper = "/usr/bin/faketime"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: wrapper) }

    /// The environment entry that runs a process with its wall clock shifted by `offset`
    /// ("+3d", "-365d"); monotonic time stays true, so timeouts behave.
    static func shifted(_ offset: String) -> [String: String] { ["FOLIO_TEST_FAKETIME": offset] }

    /// Runs `executable` directly, or through `faketime` when `environment` asks for it.
    static func configure(_ process: Process, executable: URL, arguments: [String], environment: [String: String]) {
        if let offset = environment["FOLIO_TEST_FAKETIME"] {
            process.executableURL = URL(fileURLWithPath: wrapper)
            process.arguments = ["-f", offset, executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
    }
}

/// A temporary directory removed at the end of the test.
final class TemporaryDirectory: @unchecked Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("folio-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// One `folio` installation: its own FOLIO_HOME.
struct Device {
    let home: String
    /// Extra environment for every command (a fake clock, say).
    var environment: [String: String] = [:]

    @discardableResult
    func run(_ arguments: String..., stdin: String? = nil) throws -> Processes.Result {
        try run(arguments, stdin: stdin)
    }

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil) throws -> Processes.Result {
        try Processes.run("folio", arguments, environment: environment.merging(["FOLIO_HOME": home]) { $1 }, stdin: stdin)
    }

    /// Runs a command that must succeed and returns its standard output.
    @discardableResult
    func ok(_ arguments: String..., stdin: String? = nil) throws -> String {
        try ok(arguments, stdin: stdin)
    }

    @discardableResult
    func ok(_ arguments: [String], stdin: String? = nil) throws -> String {
        let result = try run(arguments, stdin: stdin)
        guard result.status == 0 else {
            throw E2EError.failed("folio \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }
}

/// One row of `folio list --json`, as the end-to-end tests compare them.
struct ListedArticle: Decodable, Equatable {
    var id: String
    var title: String
    var tags: [String]
    var isArchived: Bool
    var isFavorite: Bool
    var progress: Double
}

extension Device {
    /// `folio list --json` with extra arguments, decoded.
    func listed(_ arguments: String...) throws -> [ListedArticle] {
        try JSONDecoder().decode([ListedArticle].self, from: Data(try ok(["list", "--json"] + arguments).utf8))
    }
}

enum E2EError: Error, CustomStringConvertible {
    case failed(String)
    var description: String { if case .failed(let message) = self { message } else { "" } }
}

/// The shared data sets, when present next to the repository (`../shared/data`).
enum SharedData {
    static let root = Processes.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    static var available: Bool { FileManager.default.fileExists(atPath: root.path) }
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}
