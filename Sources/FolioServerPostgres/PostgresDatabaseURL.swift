import Foundation
import PostgresNIO

/// A `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` URL, as `--database` takes it.
///
/// `?host=/path/to/dir` connects through the Unix socket in that directory instead (as libpq
/// does); `HOST` may then be left out: `postgres://folio@/folio?host=/run/postgresql`.
/// Connections are not encrypted: run PostgreSQL on the same machine or a private network.
public struct PostgresDatabaseURL: Sendable, CustomStringConvertible {
    /// What the store connects with.
    public let configuration: PostgresConnection.Configuration
    /// The URL without its password, for messages and logs.
    public let description: String

    /// True when `text` names a PostgreSQL database rather than a data directory.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `text`, throwing a message that says what is wrong with it.
    public init(_ text: String) throws {
        guard Self.isPostgres(text), let url = URLComponents(string: text) else {
            throw PostgresStoreError("\"\(text)\" is not a database URL; use postgres://USER@HOST/DATABASE (or postgres://USER:PASSWORD@HOST:PORT/DATABASE)")
        }
        guard let user = url.user, !user.isEmpty else {
            throw PostgresStoreError("the database URL names no user; use postgres://USER@HOST/DATABASE")
        }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresStoreError("the database URL names no database; use postgres://USER@HOST/DATABASE")
        }
        let options = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        for name in options.keys where name != "host" {
            throw PostgresStoreError("the database URL option \"\(name)\" is not supported (only host=SOCKET_DIRECTORY is)")
        }
        let port = url.port ?? 5432
        let password = url.password.map { $0.removingPercentEncoding ?? $0 }
        if let socketDirectory = options["host"] {
            guard socketDirectory.hasPrefix("/") else { throw PostgresStoreError("host= in the database URL must be the absolute path of a socket directory") }
            configuration = .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password, database: database)
            description = "postgres://\(user)@/\(database)?host=\(socketDirectory)"
        } else {
            guard let host = url.host, !host.isEmpty else {
                throw PostgresStoreError("the database URL names no host; use postgres://USER@HOST/DATABASE")
            }
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: .disable)
            description = "postgres://\(user)@\(host):\(port)/\(database)"
        }
    }
}

/// Why the PostgreSQL store cannot go on, in words an operator can act on.
public struct PostgresStoreError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }

    /// The plain-words form of an error from the database at `url`; other errors are returned as they are.
    static func explaining(_ error: any Error, url: String) -> any Error {
        guard let error = error as? PSQLError else { return error }
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState] ?? ""
            if state == "28P01" || state == "28000" {
                return PostgresStoreError("PostgreSQL at \(url) refused the login: \(message); check the user and password in the database URL")
            }
            if state == "3D000" {
                return PostgresStoreError("PostgreSQL at \(url) has no such database: \(message); create it with `createdb`")
            }
            return PostgresStoreError("PostgreSQL at \(url): \(message)")
        }
        switch error.code {
        case .connectionError:
            return PostgresStoreError("cannot reach PostgreSQL at \(url)\(error.underlying.map { " (\($0))" } ?? ""); check that it runs and the URL's host and port")
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return PostgresStoreError("the connection to PostgreSQL at \(url) was closed; the request can be retried")
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return PostgresStoreError("PostgreSQL at \(url) wants a login this URL cannot give (\(error.code)); put the password in the URL")
        default:
            return PostgresStoreError("PostgreSQL at \(url): \(error.code)")
        }
    }
}
