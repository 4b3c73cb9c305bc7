import Foundation
import PostgresNIO

/// A `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` URL, as `--database` takes it.
///
/// `?host=/path/to/dir` connects through the Unix socket in that directory instead (as libpq
/// does); `HOST` may then be left out: `postgres://folio@/folio?host=/run/postgresql`.
/// Over TCP, `?sslmode=` chooses TLS as libpq does: `disable`, `prefer` (the default: TLS when
/// the server offers it, unverified), `require` (TLS, unverified), `verify-ca` (the certificate
/// chains to a trusted root) or `verify-full` (and names the host); `sslrootcert=FILE` trusts the
/// PEM roots in FILE instead of the system's.
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
        for name in options.keys where !["host", "sslmode", "sslrootcert"].contains(name) {
            throw PostgresStoreError("the database URL option \"\(name)\" is not supported (only host, sslmode and sslrootcert are)")
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
            let mode = options["sslmode"] ?? "prefer"
            configuration = .init(host: host, port: port, username: user, password: password, database: database,
                                  tls: try Self.tls(mode: mode, rootCertificates: options["sslrootcert"]))
            description = "postgres://\(user)@\(host):\(port)/\(database)" + (options["sslmode"].map { "?sslmode=\($0)" } ?? "")
        }
    }
}

extension PostgresDatabaseURL {
    /// The TLS of a TCP connection for a libpq `sslmode`, trusting the roots in `rootCertificates` when given.
    static func tls(mode: String, rootCertificates: String?) throws -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case "disable": return .disable
        case "prefer", "require": configuration.certificateVerification = .none
        case "verify-ca": configuration.certificateVerification = .noHostnameVerification
        case "verify-full": configuration.certificateVerification = .fullVerification
        default: throw PostgresStoreError("sslmode in the database URL must be disable, prefer, require, verify-ca or verify-full, not \"\(mode)\"")
        }
        if let rootCertificates {
            guard mode.hasPrefix("verify-") else {
                throw PostgresStoreError("sslrootcert in the database URL needs sslmode=verify-ca or sslmode=verify-full")
            }
            guard FileManager.default.isReadableFile(atPath: rootCertificates) else {
                throw PostgresStoreError("sslrootcert in the database URL names \(rootCertificates), which cannot be read")
            }
            configuration.trustRoots = .file(rootCertificates)
        }
        do {
            let context = try NIOSSLContext(configuration: configuration)
            return mode == "prefer" ? .prefer(context) : .require(context)
        } catch {
            throw PostgresStoreError("cannot set up TLS for the database URL: \(error)")
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
        case .sslUnsupported:
            return PostgresStoreError("PostgreSQL at \(url) does not offer TLS, which the URL's sslmode requires; turn on ssl in postgresql.conf or use sslmode=prefer")
        case .connectionError:
            if let tls = error.underlying as? NIOSSLError {
                let reason = "\(tls)".contains("CERTIFICATE_VERIFY_FAILED") ? "its certificate was not trusted" : "\(tls)"
                return PostgresStoreError("TLS with PostgreSQL at \(url) failed: \(reason); check sslrootcert, and that the certificate names the URL's host")
            }
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
