import FolioModel
import Foundation

/// What every benchmark step needs: where things are, how many runs, and the shared corpus.
struct BenchContext: Sendable {
    var repository: URL
    /// The directory holding the release builds of `folio` and `folio-server`.
    var binaries: URL
    /// A temporary directory for this run, removed at exit.
    var scratch: URL
    var factory: ArticleFactory
    var searches: SearchCases
    /// Runs of quick measurements (queries, one-change syncs).
    var quickRuns: Int
    /// Runs of heavy measurements (full pulls, full applies) below 100,000 articles, and from there.
    var heavyRunsSmall: Int
    var heavyRunsLarge: Int
    /// Seconds of each server load phase.
    var loadSeconds: Double
    var loadClients: Int
    var loadUsers: Int
    /// The stores the load phases run on.
    var loadStores: [LoadStore]
    /// Whether the PostgreSQL load phases report what each statement cost (`--postgres-statements`).
    var postgresStatements: Bool
    /// True for the CI-sized run.
    var tiny: Bool

    /// Runs of heavy measurements at `size`.
    func heavyRuns(_ size: Int) -> Int { size >= 100_000 ? heavyRunsLarge : heavyRunsSmall }

    var folio: String { binaries.appendingPathComponent("folio").path }
    var folioServer: String { binaries.appendingPathComponent("folio-server").path }

    /// Runs `folio` with `FOLIO_HOME=home`.
    func folio(_ arguments: [String], home: URL, stdin: String? = nil) -> ChildProcess {
        var environment = ProcessInfo.processInfo.environment
        environment["FOLIO_HOME"] = home.path
        environment["NO_COLOR"] = "1"
        environment["COLUMNS"] = "120"
        return ChildProcess(executable: folio, arguments: arguments, environment: environment, stdinPath: stdin)
    }

    /// Writes `text` to a new scratch file and returns its path (for standard input).
    func scratchFile(_ text: String, name: String = UUID().uuidString) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
