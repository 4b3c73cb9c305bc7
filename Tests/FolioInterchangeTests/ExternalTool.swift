import Foundation
import Testing

/// The validators the readers of each export format use (cmark, epubcheck, Python's csv module
/// and html5lib), run as processes.
///
/// A test that needs one is skipped, with the message of ``missing(_:)``, when it is not
/// installed; under `CI=true` it runs anyway and fails on the missing tool, since `.ci/run`
/// installs them all.
enum ExternalTool {
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The path of `name` on `PATH`, if it is there.
    static func path(_ name: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A python3 that can import `module`: the one on `PATH`, else the system's (Debian's
    /// `python3-…` packages install for `/usr/bin/python3`, which a pyenv on `PATH` hides).
    static func python(with module: String) -> String? {
        [path("python3"), "/usr/bin/python3"].compactMap { $0 }.first { python in
            FileManager.default.isExecutableFile(atPath: python) && (try? run(python, ["-c", "import \(module)"]).status) == 0
        }
    }

    static let hasCmark = path("cmark") != nil
    static let hasEpubcheck = path("epubcheck") != nil
    static let hasPython = path("python3") != nil
    static let html5libPython = python(with: "html5lib")

    /// Whether a test needing a tool runs: when it is installed, and always in CI.
    static func runs(_ available: Bool) -> Bool { available || isCI }

    /// The skip message for a missing tool and the Debian package that provides it.
    static func missing(_ tool: String, package: String) -> Comment {
        "\(tool) is not installed (apt-get install \(package)); CI installs it and runs this test"
    }

    /// Runs `executable` with `arguments` and `input` on standard input; the output holds what
    /// it wrote to standard output and standard error.
    static func run(_ executable: String, _ arguments: [String], input: Data = Data()) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), output = Pipe()
        process.standardInput = stdin
        process.standardOutput = output
        process.standardError = output
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: text, as: UTF8.self))
    }
}
