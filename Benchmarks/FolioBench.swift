import ArgumentParser
import FolioModel
import Foundation
import GRDB

/// `folio-bench`: generates libraries of several sizes from the shared extraction pages and
/// measures Folio locally, through its sync engine, over HTTP against a real `folio-server`,
/// under load, and side by side with plain SQLite, trafilatura, readability-lxml and pycrdt; prints a table and
/// writes it, with the machine and the command, to BENCHMARKS.md.
@main
struct FolioBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio-bench",
        abstract: "Measure Folio at 1,000, 10,000 and 100,000 articles and write BENCHMARKS.md.",
        discussion: """
            Run through `make bench` (full) or `make bench-tiny` (CI: 200 articles, one run).
            Needs release builds of folio and folio-server next to this executable and the data in
            ../shared/data/extraction-dev relative to the repository.
            """)

    @Option(name: .long, parsing: .upToNextOption, help: "Library sizes to measure.")
    var sizes: [Int] = [1_000, 10_000, 100_000]

    @Option(name: .long, help: "Runs of quick measurements (queries, small syncs).")
    var runs = 15

    @Option(name: .long, help: "Runs of heavy measurements (whole-library pulls and applies) below 100,000 articles.")
    var heavyRuns = 3

    @Option(name: .long, help: "Runs of heavy measurements at 100,000 articles and more.")
    var heavyRunsLarge = 1

    @Option(name: .long, help: "Seconds of each server load phase.")
    var loadSeconds = 30.0

    @Option(name: .long, help: "Concurrent clients of the load generator.")
    var clients = 50

    @Option(name: .long, help: "Users the load generator's clients belong to (client i is a device of user i mod users).")
    var loadUsers = 10

    @Option(name: .long, parsing: .upToNextOption, help: "Sizes at which the server load test runs (default: the smallest and the largest).")
    var loadSizes: [Int] = []

    @Option(name: .long, help: ArgumentHelp(
        "Stores the server load phases run on, comma-separated: sqlite (one process), postgres1 (one process), postgres2 (two processes on one database); postgres means both. PostgreSQL phases start a throwaway cluster and are skipped when PostgreSQL is not installed.",
        valueName: "stores"))
    var loadStores = "sqlite,postgres1,postgres2"

    @Flag(name: .long, help: "On the PostgreSQL load phases, write what each statement cost PostgreSQL in the one-change phase (pg_stat_statements) to bench-out/postgres-statements-STORE-SIZE.txt.")
    var postgresStatements = false

    @Option(name: .long, help: "`folio add --file` processes per size.")
    var adds = 20

    @Option(name: .long, help: "Rows of the generated Pocket CSV for `folio import` (default: the largest size).")
    var importRows: Int?

    @Option(name: .long, help: "Python with trafilatura, readability-lxml and pycrdt (default: .build/bench-venv/bin/python, else python3).")
    var python: String?

    @Option(name: .long, help: "Where to write the Markdown report.")
    var output = "BENCHMARKS.md"

    @Option(name: .long, help: "The command line to record in the report.")
    var command = "make bench"

    @Flag(name: .long, help: "CI mode: a tiny library, one run, short load, fewer pages.")
    var tiny = false

    @Flag(name: .long, help: "Skip the F1 scoring of extraction (it runs a process per page).")
    var noScore = false

    @Flag(name: .long, help: "Measure only the server load: at each load size, send the library to a server and run the load phases (on --load-stores).")
    var loadOnly = false

    @Flag(name: .long, help: "Measure only applying a whole library: the in-process apply against plain SQLite inserts, and a new device's `folio sync` pull over HTTP.")
    var pullOnly = false

    @Flag(name: .long, help: "Measure only extraction: Folio and its peers on the development pages (speed, F1, per-page F1 in bench-out/extraction-pages.tsv).")
    var extractionOnly = false

    mutating func run() async throws {
        if tiny {
            sizes = [200]
            runs = min(runs, 3)
            heavyRuns = 1
            heavyRunsLarge = 1
            loadSeconds = min(loadSeconds, 2)
            adds = min(adds, 3)
            importRows = importRows ?? 200
            noScore = true
        }
        sizes = Array(Set(sizes.filter { $0 > 0 })).sorted()
        guard let largest = sizes.last, let smallest = sizes.first else { throw ValidationError("give at least one size") }
        if loadSizes.isEmpty { loadSizes = Array(Set([smallest, largest])).sorted() }
        _ = try LoadStore.parse(loadStores)
        Cleanup.shared.installSignalHandlers()
        do {
            try await measure(largest: largest)
        } catch {
            Cleanup.shared.run()
            throw error
        }
        Cleanup.shared.run()
    }

    func measure(largest: Int) async throws {
        let started = Date()
        let loadAtStart = MachineInfo.loadAverage()
        let repository = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let binaries = executable.deletingLastPathComponent()
        for tool in extractionOnly ? ["folio"] : ["folio", "folio-server"] where !FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent(tool).path) {
            throw BenchError("\(binaries.appendingPathComponent(tool).path) is missing: build with `swift build -c release --product folio` and `--product folio-server` (or run bench/run.sh)")
        }
        let scratch = try Cleanup.shared.temporaryDirectory("run")
        Console.line("folio-bench: sizes \(sizes.map(Report.sizeLabel).joined(separator: ", ")), scratch \(scratch.path)")
        let corpus = try Corpus.load(repository: repository, scratch: scratch, limit: tiny ? 20 : nil)
        Console.line("corpus: \(corpus.pages.count) pages, \(corpus.pages.map(\.paragraphs.count).reduce(0, +)) paragraphs")
        let factory = ArticleFactory(corpus: corpus)
        let context = BenchContext(
            repository: repository, binaries: binaries, scratch: scratch, factory: factory, searches: SearchCases(corpus: corpus),
            quickRuns: runs, heavyRunsSmall: heavyRuns, heavyRunsLarge: heavyRunsLarge, loadSeconds: loadSeconds, loadClients: clients, loadUsers: max(1, min(loadUsers, clients)),
            loadStores: try LoadStore.parse(loadStores), postgresStatements: postgresStatements, tiny: tiny)
        let report = Report(sizes: sizes)
        let sqliteVersion = try DatabaseQueue().inDatabase { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") } ?? "?"
        let machine = MachineInfo.current(repository: repository, sqliteVersion: sqliteVersion, scratch: scratch)
        let pythonPath = python ?? [repository.appendingPathComponent(".build/bench-venv/bin/python").path, "/usr/bin/python3"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }

        for size in sizes where !extractionOnly && (!loadOnly || loadSizes.contains(size)) {
            Console.line("\n== \(Report.sizeLabel(size)) articles")
            let library = try GeneratedLibrary.build(size: size, factory: factory, scratch: scratch)
            report.add("Local", "generate the library (apply records in pages of 500)", unit: "articles/s", size: size, value: Double(size) / library.seconds)
            if loadOnly {
                try await HTTPSyncBench(context: context, report: report).loadOnly(library)
                Cleanup.shared.remove(directory: library.home)
                continue
            }
            if pullOnly {
                try SyncEngineBench(context: context, report: report).fullApply(library)
                try await HTTPSyncBench(context: context, report: report).pullOnly(library)
                Cleanup.shared.remove(directory: library.home)
                continue
            }
            let local = LocalBench(context: context, report: report)
            try local.size(library)
            try local.queries(library)
            let engine = SyncEngineBench(context: context, report: report)
            try engine.oneChange(library)
            try engine.fullApply(library)
            try engine.wireReading(library)
            try await HTTPSyncBench(context: context, report: report).run(library, load: loadSizes.contains(size))
            try PeerBench(context: context, report: report, python: pythonPath).crdt(library)
            try local.add(library, count: adds)
            Cleanup.shared.remove(directory: library.home)
        }
        if !loadOnly && !pullOnly {
            Console.line("\n== import and extraction")
            if !extractionOnly { try LocalBench(context: context, report: report).importCSV(rows: importRows ?? largest) }
            let pagesFile = repository.appendingPathComponent("bench-out/extraction-pages.tsv")
            try PeerBench(context: context, report: report, python: pythonPath)
                .extraction(corpus, iterations: tiny ? 1 : 5, score: !noScore, pagesFile: pagesFile)
        }

        let elapsed = Date().timeIntervalSince(started)
        Console.line("\n" + report.terminalTable())
        for note in report.notes { Console.line("- " + note) }
        let tally = report.tally
        Console.line("\n\(tally.pass) PASS, \(tally.miss) MISS; \(Int(elapsed)) s")
        let markdown = MarkdownReport(report: report, machine: machine, command: command, started: started, seconds: elapsed,
                                      tiny: tiny, repository: repository, searches: context.searches, loadUsers: context.loadUsers,
                                      load: (loadAtStart, MachineInfo.loadAverage())).render()
        let outputURL = URL(fileURLWithPath: output, relativeTo: repository)
        try FileManager.default.createDirectory(at: outputURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(markdown.utf8).write(to: outputURL)
        Console.line("wrote \(outputURL.path)")
    }
}
