import Foundation

/// A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` in a temporary directory,
/// listening only on a Unix socket there, stopped and deleted when the process exits (or at ``stop()``).
///
/// Tests run it without durability (`fsync=off`); `folio-bench` starts one with the defaults a
/// server keeps (fsync, full page writes and synchronous commit on) and its own settings.
///
/// One cluster serves the whole test process; each test takes a fresh database from it
/// (``database()``). `initdb` refuses to run as root, so as root the cluster is made and run
/// as `nobody` (through `runuser`), in a directory `nobody` owns.
///
/// Without PostgreSQL (no `initdb`), tests that need it skip (``isAvailable`` is false) on a
/// developer machine; with `CI=true` they run and fail instead, so CI never skips them silently.
public final class PostgresCluster: Sendable {
    /// The directory with the server programs (`initdb`, `pg_ctl`, `postgres`, `createdb`).
    public let binaries: URL
    let directory: URL
    /// The port of the socket (and of 127.0.0.1 when the settings listen there).
    public let port: Int
    var socketDirectory: String { directory.appendingPathComponent("socket").path }

    /// True when tests that need PostgreSQL should run: it is installed, or this is CI (where a missing one must fail).
    public static var isAvailable: Bool {
        findBinaries() != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// Why a PostgreSQL test is skipped, for the test's trait.
    public static let skipReason = "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin): install the postgresql package to run the PostgreSQL tests"

    /// The process's cluster, started on first use.
    public static func shared() throws -> PostgresCluster {
        try sharedCluster.get()
    }

    private static let sharedCluster = Result { try PostgresCluster(durable: false) }

    /// Whether `initdb` was found (without the CI rule of ``isAvailable``).
    public static var isInstalled: Bool { findBinaries() != nil }

    /// A new empty database, as a `postgres://` URL the store takes. With `original` (a URL this
    /// cluster gave), a copy of that database instead; nothing may be connected to it.
    public func database(copying original: String? = nil) throws -> String {
        let name = "folio_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))"
        let template: [String] = try original.map { url in
            guard let original = Self.databaseName(url) else { throw ClusterError("\(url) is not a database of this cluster") }
            try waitUntilUnused(original)
            return ["-T", original]
        } ?? []
        try run("createdb", ["-h", socketDirectory, "-p", String(port), "-U", "folio"] + template + [name], asOwner: false)
        return url(database: name)
    }

    /// Waits, at most 30 s, until no session is connected to database `name` (one this cluster
    /// named): the backend of a connection just closed may take a moment to go, longer than the
    /// 5 s that `CREATE DATABASE … TEMPLATE` waits for it on a busy machine.
    private func waitUntilUnused(_ name: String) throws {
        let deadline = Date().addingTimeInterval(30)
        while true {
            let sessions = try run("psql", ["-h", socketDirectory, "-p", String(port), "-U", "folio", "-d", "postgres", "-Atc",
                                            "SELECT count(*) FROM pg_stat_activity WHERE datname = '\(name)'"], asOwner: false)
            if sessions.trimmingCharacters(in: .whitespacesAndNewlines) == "0" || Date() > deadline { return }
            usleep(100_000)
        }
    }

    /// Runs `sql` with psql in the database at `databaseURL` (one that ``database()`` made);
    /// returns what psql printed.
    @discardableResult
    public func execute(_ sql: String, in databaseURL: String) throws -> String {
        guard let name = Self.databaseName(databaseURL) else { throw ClusterError("\(databaseURL) is not a database of this cluster") }
        return try run("psql", ["-h", socketDirectory, "-p", String(port), "-U", "folio", "-d", name, "-v", "ON_ERROR_STOP=1", "-c", sql], asOwner: false)
    }

    /// The URL of a database of this cluster, through its socket.
    public func url(database: String) -> String {
        "postgres://folio@\(port == 5432 ? "" : ":\(port)")/\(database)?host=\(socketDirectory)"
    }

    /// The database a URL of this cluster names.
    public static func databaseName(_ url: String) -> String? {
        URLComponents(string: url).map { String($0.path.drop { $0 == "/" }) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Starts a new cluster. Not `durable`: fsync and full page writes off (for tests); `settings`
    /// are further `name=value` server settings (`-c`); `port` names the socket (and the TCP port
    /// when the settings listen on an address).
    public init(durable: Bool, settings: [String] = [], port: Int = 5432) throws {
        guard let binaries = Self.findBinaries() else {
            throw ClusterError("PostgreSQL is not installed, and CI=true makes that a failure: install the postgresql package (.ci/run does)")
        }
        self.binaries = binaries
        self.port = port
        // As root the cluster runs as nobody, who must reach the directory: /tmp, not a private TMPDIR.
        directory = URL(fileURLWithPath: getuid() == 0 ? "/tmp" : NSTemporaryDirectory()).appendingPathComponent("folio-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("socket"), withIntermediateDirectories: true)
        if getuid() == 0 {
            for path in [directory.path, socketDirectory] {
                try FileManager.default.setAttributes([.ownerAccountID: 65534, .groupOwnerAccountID: 65534, .posixPermissions: 0o700], ofItemAtPath: path)
            }
        }
        let data = directory.appendingPathComponent("data").path
        try run("initdb", ["-D", data, "-U", "folio", "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C"], asOwner: true)
        let options = ["listen_addresses=''", "max_connections=200", "port=\(port)"] + (durable ? [] : ["fsync=off", "full_page_writes=off"]) + settings
        try run("pg_ctl", [
            "-D", data, "-l", directory.appendingPathComponent("log").path, "-w", "-t", "60",
            "-o", "-k \(socketDirectory)" + options.map { " -c \($0)" }.joined(),
            "start",
        ], asOwner: true)
        let cluster = (pgCtl: binaries.appendingPathComponent("pg_ctl").path, data: data, directory: directory.path, asNobody: getuid() == 0)
        Self.lock.withLock { Self.running.append(cluster) }
        _ = Self.stopAtExit
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var running: [(pgCtl: String, data: String, directory: String, asNobody: Bool)] = []
    private static let stopAtExit: Void = { atexit { PostgresCluster.stopAll() } }()

    /// Stops this cluster and deletes its directory now.
    public func stop() {
        let path = directory.path
        Self.stop { $0 == path }
    }

    /// Stops every cluster still running and deletes their directories (at exit, or from a signal handler).
    public static func stopAll() {
        stop { _ in true }
    }

    private static func stop(where chosen: (_ directory: String) -> Bool) {
        let stopping = lock.withLock {
            defer { running.removeAll { chosen($0.directory) } }
            return running.filter { chosen($0.directory) }
        }
        for cluster in stopping {
            let stop = [cluster.pgCtl, "-D", cluster.data, "-m", "immediate", "-w", "stop"]
            shell(cluster.asNobody ? ["/usr/sbin/runuser", "-u", "nobody", "--"] + stop : stop)
            try? FileManager.default.removeItem(atPath: cluster.directory)
        }
    }

    /// Runs a PostgreSQL program, as the cluster's owner (`nobody` when we are root) when `asOwner`.
    @discardableResult
    private func run(_ program: String, _ arguments: [String], asOwner: Bool) throws -> String {
        let outputPath = directory.appendingPathComponent("\(program).out").path
        let command = [binaries.appendingPathComponent(program).path] + arguments
        let status = Self.shell((asOwner && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "nobody", "--"] : []) + command, output: outputPath)
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else { throw ClusterError("\(program) \(arguments.joined(separator: " ")) exited \(status): \(text)") }
        return text
    }

    /// Runs a command through `system` and returns its exit status; its output goes to `output`.
    /// Not Foundation's Process: its wait can miss the exit of a program that leaves a daemon
    /// behind (`pg_ctl start`).
    @discardableResult
    static func shell(_ command: [String], output: String = "/dev/null") -> Int32 {
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let status = system("\(quoted) >'\(output)' 2>&1 </dev/null")
        return status == -1 ? -1 : (status >> 8) & 0xff
    }

    /// The newest `/usr/lib/postgresql/N/bin` (Debian), else the directory of `initdb` on PATH.
    static func findBinaries() -> URL? {
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? []).compactMap(Int.init).sorted()
        if let newest = versions.last { return URL(fileURLWithPath: "\(debian)/\(newest)/bin") }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(directory)/initdb") {
            return URL(fileURLWithPath: String(directory)).resolvingSymlinksInPath()
        }
        return nil
    }
}

/// A cluster that could not be made or started.
public struct ClusterError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
