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
                let postgres = try PostgresCluster(durable: true, settings: Self.postgresSettings)
                cluster = postgres
                Console.line("  PostgreSQL cluster in \(Figure.format(Stopwatch.now - started)) s (\(postgres.binaries.path))")
                report.note("PostgreSQL load phases: a throwaway cluster of \(postgres.binaries.path) on a Unix socket, durability defaults (fsync, full page writes, synchronous commit on), \(Self.postgresSettings.joined(separator: ", ")); the store copied with `folio-server migrate` (which ends with VACUUM ANALYZE).")
                for store in postgresStores {
                    let url = try postgres.database()
                    let copy = try ChildProcess(executable: context.folioServer, arguments: ["migrate", "--from", dataDirectory.path, "--to", url])
                        .check(scratch: context.scratch)
                    Console.line("  \(store.label): the server's store copied to PostgreSQL in \(Figure.format(copy.seconds)) s")
                    databases[store] = url
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
                servers.append(try await ServerProcess(context: context, name: "load-\(store.rawValue)-\(library.size)-\(index)", storeArguments: arguments))
            }
            Console.line("  load on \(store.label): folio-server pid \(servers.map { String($0.pid) }.joined(separator: ", "))")
            try await LoadBench(context: context, report: report, store: store).run(servers: servers, library: library)
        }
    }
}
