import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// A fixed number of PostgreSQL connections, each used by one thread of its own at a time.
///
/// The sync core is synchronous (``SyncStorage``), so a transaction runs on one of these
/// threads and waits there for each statement's answer: never on an event-loop thread or a
/// Swift concurrency thread. There are as many threads as connections, so a thread always
/// finds a free connection; a connection that broke is replaced by a new one when next needed.
final class PostgresConnections: Sendable {
    let url: PostgresDatabaseURL
    private let threads: NIOThreadPool
    private let idle = NIOLockedValueBox<[Pooled]>([])
    private let nextID = NIOLockedValueBox(0)
    private let logger: Logger

    init(url: PostgresDatabaseURL, size: Int, logger: Logger) {
        self.url = url
        self.logger = logger
        threads = NIOThreadPool(numberOfThreads: size)
        threads.start()
    }

    /// A connection and the statements prepared on it.
    struct Pooled: Sendable {
        let connection: PostgresConnection
        let statements: PreparedStatements
    }

    /// Runs `body` with a connection on one of the pool's threads.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await runPooled { try body($0.connection) }
    }

    /// Runs `body` with a connection and its prepared statements on one of the pool's threads.
    func runPooled<T: Sendable>(_ body: @escaping @Sendable (Pooled) throws -> T) async throws -> T {
        do {
            return try await threads.runIfActive { try self.withConnection(body) }
        } catch {
            throw PostgresStoreError.explaining(error, url: url.description)
        }
    }

    /// Runs `body` in a transaction opened with `begin`: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ begin: PostgresQuery, _ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await run { connection in
            try connection.execute(begin, self.logger)
            do {
                let result = try body(connection)
                try connection.execute("COMMIT", self.logger)
                return result
            } catch {
                _ = try? connection.execute("ROLLBACK", self.logger)
                throw error
            }
        }
    }

    /// Closes every connection and stops the threads.
    func close() async {
        try? await threads.shutdownGracefully()
        for pooled in idle.withLockedValue({ connections in defer { connections = [] }; return connections }) {
            try? await pooled.connection.close()
        }
    }

    private func withConnection<T>(_ body: (Pooled) throws -> T) throws -> T {
        let pooled = try idle.withLockedValue { $0.popLast() }.flatMap { $0.connection.isClosed ? nil : $0 } ?? connect()
        defer { if !pooled.connection.isClosed { idle.withLockedValue { $0.append(pooled) } } }
        return try body(pooled)
    }

    private func connect() throws -> Pooled {
        let id = nextID.withLockedValue { id in id += 1; return id }
        // The sync statements filter on keys, so one plan fits every run; by default PostgreSQL
        // plans `= ANY(array)` statements again at every run (a fifth of its time under load).
        var configuration = url.configuration
        configuration.options.additionalStartupParameters.append(("plan_cache_mode", "force_generic_plan"))
        let connection = try PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger
        ).wait()
        return Pooled(connection: connection, statements: PreparedStatements())
    }
}

extension PostgresConnection {
    /// Runs one statement and waits for all its rows: only on a thread that may block.
    func rows(_ query: PostgresQuery, _ logger: Logger) throws -> PostgresQueryResult {
        try self.query(query, logger: logger).wait()
    }

    /// Runs one statement and waits for it; returns the number of rows it changed.
    @discardableResult
    func execute(_ query: PostgresQuery, _ logger: Logger) throws -> Int {
        try self.query(query, logger: logger).wait().metadata.rows ?? 0
    }
}
