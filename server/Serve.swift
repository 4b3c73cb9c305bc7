import ArgumentParser
import Foundation
import FolioServer
import FolioServerPostgres
import Hummingbird
import Logging
import NIOCore

/// `folio-server serve`: runs the server until SIGTERM or SIGINT, finishing requests in flight.
struct Serve: AsyncParsableCommand, UsesDataDirectory {
    static let configuration = CommandConfiguration(
        abstract: "Run the sync server (the default command).",
        discussion: "Limits and what they protect against are in SECURITY.md.")

    @Option(help: ArgumentHelp("The address to listen on (env FOLIO_SERVER_HOST; default 127.0.0.1).", valueName: "address"))
    var host: String?

    @Option(help: ArgumentHelp("The port to listen on (env FOLIO_SERVER_PORT; default 8080).", valueName: "port"))
    var port: Int?

    @OptionGroup var dataOptions: DataOptions

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (env FOLIO_SERVER_LOG_LEVEL; default info).", valueName: "level"))
    var logLevel: String?

    @Option(help: ArgumentHelp("The largest push body accepted, in bytes (env FOLIO_SERVER_MAX_PUSH_BYTES; default 64 MiB).", valueName: "bytes"))
    var maxPushBytes: Int?

    @Option(help: ArgumentHelp("Connections served at once; more are answered 503 (env FOLIO_SERVER_MAX_CONNECTIONS; default 1000).", valueName: "count"))
    var maxConnections: Int?

    @Option(help: ArgumentHelp("Seconds a new connection has to send a request's headers (env FOLIO_SERVER_HEADER_TIMEOUT; default 10).", valueName: "seconds"))
    var headerTimeout: Double?

    @Option(help: ArgumentHelp("Seconds a request has to send its body (env FOLIO_SERVER_REQUEST_TIMEOUT; default 120).", valueName: "seconds"))
    var requestTimeout: Double?

    @Option(help: ArgumentHelp("Seconds an idle kept-alive connection stays open (env FOLIO_SERVER_IDLE_TIMEOUT; default 60).", valueName: "seconds"))
    var idleTimeout: Double?

    @Option(help: ArgumentHelp(
        "The longest a device's wait for changes (folio sync --watch) is held, in seconds; keep it below your proxy's read timeout (env FOLIO_SERVER_MAX_WAIT; default 60).",
        valueName: "seconds"))
    var maxWait: Int?

    @Option(help: ArgumentHelp(
        "The address of a reverse proxy whose X-Forwarded-For header names the client; repeat or separate with commas (env FOLIO_SERVER_TRUSTED_PROXIES).",
        valueName: "address"))
    var trustedProxy: [String] = []

    @Option(help: ArgumentHelp(
        "Serve GET /metrics (Prometheus) to requests with 'Authorization: Bearer TOKEN'; prefer the env FOLIO_SERVER_METRICS_TOKEN, which other users cannot see.",
        valueName: "token"))
    var metricsToken: String?

    @Option(help: ArgumentHelp("The largest the database may grow, in MiB; writes past it answer 507 (env FOLIO_SERVER_MAX_DATABASE_MB).", valueName: "MiB"))
    var maxDatabaseMB: Int?

    @Option(help: ArgumentHelp(
        "PostgreSQL connections (each with a thread) this process uses at once (env FOLIO_SERVER_DATABASE_CONNECTIONS; default twice the cores, at least 4).",
        valueName: "count"))
    var databaseConnections: Int?

    @Option(help: ArgumentHelp(
        "Threads that serve connections (env FOLIO_SERVER_THREADS; default the machine's cores). Running several processes on one machine? Give each its share of the cores.",
        valueName: "count"))
    var threads: Int?

    func configuration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration(dataDirectory: dataOptions.directory)
        configuration.host = host ?? Environment.value("FOLIO_SERVER_HOST") ?? configuration.host
        if let port = try Setting.integer(port, "FOLIO_SERVER_PORT", in: 0...65535, what: "the port") { configuration.port = port }
        if let text = logLevel ?? Environment.value("FOLIO_SERVER_LOG_LEVEL") {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ValidationError("unknown log level \(text): use trace, debug, info, notice, warning, error or critical")
            }
            configuration.logLevel = level
        }
        if let bytes = try Setting.integer(maxPushBytes, "FOLIO_SERVER_MAX_PUSH_BYTES", in: 1024...(1 << 30), what: "the push size limit") {
            configuration.limits.maxPushBytes = bytes
        }
        if let count = try Setting.integer(maxConnections, "FOLIO_SERVER_MAX_CONNECTIONS", in: 1...1_000_000, what: "the connection limit") {
            configuration.connections.maxConnections = count
        }
        if let seconds = try Setting.integer(maxWait, "FOLIO_SERVER_MAX_WAIT", in: 1...3600, what: "the longest wait") { configuration.limits.maxWaitSeconds = seconds }
        if let seconds = try Setting.seconds(headerTimeout, "FOLIO_SERVER_HEADER_TIMEOUT", what: "the header timeout") { configuration.connections.headerTimeout = seconds }
        if let seconds = try Setting.seconds(requestTimeout, "FOLIO_SERVER_REQUEST_TIMEOUT", what: "the request timeout") { configuration.connections.requestTimeout = seconds }
        if let seconds = try Setting.seconds(idleTimeout, "FOLIO_SERVER_IDLE_TIMEOUT", what: "the idle timeout") { configuration.connections.idleTimeout = seconds }
        let proxies = (trustedProxy.isEmpty ? Environment.value("FOLIO_SERVER_TRUSTED_PROXIES").map { [$0] } ?? [] : trustedProxy)
            .flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for proxy in proxies where !ClientAddressResolver.looksLikeAddress(proxy) {
            throw ValidationError("\(proxy) is not an IP address; --trusted-proxy takes the proxy's address as the server sees it, such as 127.0.0.1")
        }
        configuration.trustedProxies = Set(proxies)
        configuration.metricsToken = metricsToken ?? Environment.value("FOLIO_SERVER_METRICS_TOKEN")
        if let token = configuration.metricsToken, token.utf8.count < 16 {
            throw ValidationError("the metrics token must be at least 16 characters long")
        }
        if let megabytes = try Setting.integer(maxDatabaseMB, "FOLIO_SERVER_MAX_DATABASE_MB", in: 1...(1 << 30), what: "the database size limit") {
            configuration.maxDatabaseBytes = Int64(megabytes) << 20
        }
        return configuration
    }

    func run() async throws {
        let configuration = try configuration()
        // Before anything starts the event loops: the value only counts until their first use.
        if let threads = try Setting.integer(threads, "FOLIO_SERVER_THREADS", in: 1...256, what: "the number of threads") {
            NIOSingletons.groupLoopCountSuggestion = threads
        }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = EscapingLogHandler(StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
        let openFiles = ProcessLimits.raiseOpenFileLimit()
        if openFiles < configuration.connections.maxConnections + 64 {
            throw CommandError("the process may open only \(openFiles) files, too few for \(configuration.connections.maxConnections) connections; lower --max-connections or raise `ulimit -n`")
        }
        let connections = try Setting.integer(databaseConnections, "FOLIO_SERVER_DATABASE_CONNECTIONS", in: 1...512, what: "the number of database connections")
        let store = try await dataOptions.openStore(maxBytes: configuration.maxDatabaseBytes, connections: connections)
        let users = try await store.users()
        // Several processes may serve one PostgreSQL database; one SQLite data directory has one server.
        if try dataOptions.postgresURL() == nil { try ServeLock.acquire(in: configuration.dataDirectory) }
        let location = try dataOptions.location(), option = try dataOptions.optionText()
        let app = try await buildApplication(configuration, store: store) { url in
            let banner = """
                folio-server: data in \(location), listening on \(url)
                \(users.isEmpty ? "No users yet. Add one (also while the server runs):" : "\(users.count) user(s). Add another with:") folio-server user add NAME \(option)
                Connect a device: folio login --server \(url) --user NAME

                """
            FileHandle.standardOutput.write(Data(banner.utf8))
        }
        do {
            try await app.runService()
        } catch let error as IOError where [EADDRINUSE, EACCES, EADDRNOTAVAIL].contains(error.errnoCode) {
            let why = switch error.errnoCode {
            case EADDRINUSE: "is already in use (another folio-server, or another program)"
            case EACCES: "needs privileges this user lacks (ports below 1024)"
            default: "is not an address of this machine"
            }
            throw CommandError("cannot listen on \(configuration.host) port \(configuration.port): it \(why); choose another with --host or --port")
        }
    }
}

/// Reading a setting from its option or its `FOLIO_SERVER_*` variable, checked.
enum Setting {
    /// A whole number in `range`.
    static func integer(_ option: Int?, _ variable: String, in range: ClosedRange<Int>, what: String) throws -> Int? {
        guard let text = option.map(String.init) ?? Environment.value(variable) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ValidationError("\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(text)")
        }
        return value
    }

    /// A positive number of seconds, at most a day.
    static func seconds(_ option: Double?, _ variable: String, what: String) throws -> Duration? {
        guard let text = option.map({ String($0) }) ?? Environment.value(variable) else { return nil }
        guard let value = Double(text), value > 0, value <= 86_400 else {
            throw ValidationError("\(what) must be a number of seconds above 0 and at most 86400, not \(text)")
        }
        return .milliseconds(Int64((value * 1000).rounded()))
    }
}
