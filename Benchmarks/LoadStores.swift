import ArgumentParser
import Foundation
import PostgresTestSupport

/// A store the server load phases run on.
enum LoadStore: String, CaseIterable, Sendable {
    case sqlite, postgres1, postgres2

    /// The variant label of its figures (a column of the side-by-side table).
    var label: String {
        switch self {
        case .sqlite: "SQLite, 1 process"
        case .postgres1: "PostgreSQL, 1 process"
        case .postgres2: "PostgreSQL, 2 processes"
        }
    }

    /// `folio-server` processes serving the store during the load.
    var processes: Int { self == .postgres2 ? 2 : 1 }

    /// The `serve` options of each process: several processes each get their share of the
    /// machine's cores (`--threads`), as an operator running them on one machine would give.
    var serveOptions: [String] {
        processes == 1 ? [] : ["--threads", String(max(1, ProcessInfo.processInfo.activeProcessorCount / processes))]
    }

    /// Parses `sqlite,postgres1,postgres2` (any subset, in any order; `postgres` means both PostgreSQL setups).
    static func parse(_ text: String) throws -> [LoadStore] {
        var stores: [LoadStore] = []
        for word in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !word.isEmpty {
            if word == "postgres" {
                stores += [.postgres1, .postgres2]
            } else if let store = LoadStore(rawValue: word) {
                stores.append(store)
            } else {
                throw ValidationError("unknown load store \(word): choose from sqlite, postgres1, postgres2 (or postgres for both)")
            }
        }
        guard !stores.isEmpty else { throw ValidationError("--load-stores names no store") }
        return allCases.filter(stores.contains)
    }
}

/// The load phases on every chosen store, from one server data directory that holds the library:
/// its SQLite store is copied (`folio-server migrate`) into a fresh database of a throwaway
/// PostgreSQL cluster for each PostgreSQL setup before any load runs, so every store starts from
/// the same state; a CHECKPOINT after the copies keeps the cluster idle while SQLite is measured.
struct LoadStores {
    let context: BenchContext
    let report: Report

    /// Settings of the benchmark's cluster beyond PostgreSQL's defaults. Durability stays as a
    /// server keeps it (fsync, full page writes and synchronous commit on); the buffers fit the
    /// library and checkpoints stay rare during the copy.
    static let postgresSettings = ["shared_buffers=512MB", "max_wal_size=4GB", "checkpoint_timeout=15min"]

    /// Runs the phases on `context.loadStores`. `dataDirectory` is a stopped server's, whose
    /// user ``ServerProcess/user`` holds the library.
    func run(dataDirectory: URL, library: GeneratedLibrary) async throws {
        let postgresStores = context.loadStores.filter { $0 != .sqlite }
        var databases: [LoadStore: String] = [:]
        var cluster: PostgresCluster?
        defer { cluster?.stop() }
        if !postgresStores.isEmpty {
            if !PostgresCluster.isInstalled {
                for store in postgresStores { report.skip(store.label, because: "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on PATH)") }
            } else {
                let started = Stopwatch.now
                let statements = context.postgresStatements ? ["shared_preload_libraries=pg_stat_statements"] : []
                let postgres = try PostgresCluster(durable: true, settings: Self.postgresSettings + statements)
                cluster = postgres
                Console.line("  PostgreSQL cluster in \(Figure.format(Stopwatch.now - started)) s (\(postgres.binaries.path))")
                report.note("PostgreSQL load phases: a throwaway cluster of \(postgres.binaries.path) on a Unix socket, durability defaults (fsync, full page writes, synchronous commit on), \(Self.postgresSettings.joined(separator: ", ")); the store copied with `folio-server migrate` (which ends with VACUUM ANALYZE).")
                for store in postgresStores {
                    let url = try postgres.database()
                    let copy = try ChildProcess(executable: context.folioServer, arguments: ["migrate", "--from", dataDirectory.path, "--to", url])
                        .check(scratch: context.scratch)
                    Console.line("  \(store.label): the server's store copied to PostgreSQL in \(Figure.format(copy.seconds)) s")
                    databases[store] = url
                    if context.postgresStatements { try postgres.execute("CREATE EXTENSION pg_stat_statements", in: url) }
                }
                // Write the copies out now, so the checkpointer does not work through them during
                // the load phases of the stores measured before them.
                if let url = databases.values.first { try postgres.execute("CHECKPOINT", in: url) }
            }
        }
        for store in context.loadStores {
            let arguments: [String]
            if store == .sqlite {
                arguments = ["--data", dataDirectory.path]
            } else if let url = databases[store] {
                arguments = ["--database", url]
            } else {
                continue
            }
            var servers: [ServerProcess] = []
            defer { for server in servers { server.stop() } }
            for index in 0..<store.processes {
                servers.append(try await ServerProcess(context: context, name: "load-\(store.rawValue)-\(library.size)-\(index)", storeArguments: arguments, serveOptions: store.serveOptions))
            }
            if !store.serveOptions.isEmpty {
                report.note("\(store.label): each process serves with `\(store.serveOptions.joined(separator: " "))`, its share of the machine's cores.")
            }
            Console.line("  load on \(store.label): folio-server pid \(servers.map { String($0.pid) }.joined(separator: ", "))")
            let output = context.repository.appendingPathComponent("bench-out/postgres-statements-\(store.rawValue)-\(library.size).txt")
            let statements = context.postgresStatements
                ? databases[store].flatMap { url in cluster.map { StatementStatistics(cluster: $0, database: url, output: output) } }
                : nil
            try await LoadBench(context: context, report: report, store: store, statements: statements).run(servers: servers, library: library)
        }
    }
}

/// PostgreSQL's own account of the statements of the one-change load phase
/// (`--postgres-statements`, from `pg_stat_statements`): reset as the phase starts, written out
/// as it ends, the statements that took the most time first.
struct StatementStatistics {
    let cluster: PostgresCluster
    let database: String
    let output: URL

    func reset() throws {
        try cluster.execute("SELECT pg_stat_statements_reset()", in: database)
    }

    /// Writes each statement's calls per sync, and per call its time, rows, buffers and WAL.
    func write(syncs: Int) throws {
        let table = try cluster.execute("""
            SELECT round(calls::numeric / \(max(syncs, 1)), 2) AS per_sync, round((total_exec_time / calls)::numeric, 3) AS ms_per_call,
                   round(rows::numeric / calls, 1) AS rows, round((shared_blks_hit + shared_blks_read)::numeric / calls, 1) AS buffers,
                   round(wal_bytes / calls) AS wal_bytes, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS statement
            FROM pg_stat_statements
            WHERE calls > 0 AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time DESC LIMIT 20
            """, in: database)
        try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "\(syncs) one-change syncs\n\n\(table)".write(to: output, atomically: true, encoding: .utf8)
        Console.line("  PostgreSQL's statements in the one-change phase: \(output.path)")
    }
}
