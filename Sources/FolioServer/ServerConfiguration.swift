import FolioModel
import Foundation
import Logging

/// Everything `folio-server serve` can be told: where to listen, where the data lives, and limits.
public struct ServerConfiguration: Sendable {
    /// The address to bind; `127.0.0.1` keeps the server local (put a TLS reverse proxy in front).
    public var host: String
    /// The TCP port; 0 picks a free one (tests).
    public var port: Int
    /// The directory holding the embedded database, created if missing.
    public var dataDirectory: URL
    public var logLevel: Logger.Level
    public var limits: ServerLimits
    public var loginThrottle: LoginThrottle.Policy
    /// How many password checks run and wait at once.
    public var passwordChecks: PasswordCheckQueue.Policy
    /// Connection limit and timeouts.
    public var connections: ConnectionPolicy
    /// Reverse proxies whose `X-Forwarded-For` names the client (exact addresses).
    public var trustedProxies: Set<String>
    /// The token `GET /metrics` needs; without one the route does not exist.
    public var metricsToken: String?
    /// The largest the database may grow, in bytes; nil for no limit but the disk's.
    public var maxDatabaseBytes: Int64?
    /// The bcrypt cost used for the timing decoy of logins to unknown users (4...31).
    public var bcryptCost: UInt8
    /// How long `GET /ready` waits for the database to answer before it answers 503.
    public var readinessTimeout: Duration = .seconds(5)

    /// A configuration with the defaults of `folio-server serve`.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        dataDirectory: URL = URL(fileURLWithPath: "data"),
        logLevel: Logger.Level = .info,
        limits: ServerLimits = ServerLimits(),
        loginThrottle: LoginThrottle.Policy = LoginThrottle.Policy(),
        passwordChecks: PasswordCheckQueue.Policy = PasswordCheckQueue.Policy(),
        connections: ConnectionPolicy = ConnectionPolicy(),
        trustedProxies: Set<String> = [],
        metricsToken: String? = nil,
        maxDatabaseBytes: Int64? = nil,
        bcryptCost: UInt8 = PasswordHasher.defaultCost
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.logLevel = logLevel
        self.limits = limits
        self.loginThrottle = loginThrottle
        self.passwordChecks = passwordChecks
        self.connections = connections
        self.trustedProxies = trustedProxies
        self.metricsToken = metricsToken
        self.maxDatabaseBytes = maxDatabaseBytes
        self.bcryptCost = bcryptCost
    }
}

/// Request and page size limits (Protocol/SPEC.md §Limits).
public struct ServerLimits: Sendable, Equatable {
    /// Largest accepted `POST /v1/push` body.
    public var maxPushBytes: Int
    /// Largest accepted `POST /v1/pull` body.
    public var maxPullBytes: Int
    /// Largest accepted `POST /v1/login` body.
    public var maxLoginBytes: Int
    /// Records per pull page when the request names no limit.
    public var defaultPageSize: Int
    /// The most records a pull page may hold, whatever the request asks.
    public var maxPageSize: Int
    /// A pull page stops growing once its register values reach this many bytes (at least one record is sent).
    public var maxPageBytes: Int
    /// The most conflict log entries returned with one pull page.
    public var maxConflictsPerPage: Int
    /// The most conflict log entries the server keeps per user.
    public var conflictLogSize: Int
    /// How far ahead of the server clock a received stamp may be.
    public var maxClockSkew: TimeInterval
    /// The longest `POST /v1/wait` holds a request, in seconds, whatever it asks.
    public var maxWaitSeconds: Int

    /// The defaults: 64 MiB pushes (the largest record a device can make fits in one),
    /// pages of 500 (at most 2000) records.
    public init(
        maxPushBytes: Int = 64 << 20,
        maxPullBytes: Int = 1 << 20,
        maxLoginBytes: Int = 64 << 10,
        defaultPageSize: Int = 500,
        maxPageSize: Int = 2000,
        maxPageBytes: Int = 8 << 20,
        maxConflictsPerPage: Int = 500,
        conflictLogSize: Int = 10_000,
        maxClockSkew: TimeInterval = HybridClock.maximumOffset,
        maxWaitSeconds: Int = 60
    ) {
        self.maxPushBytes = maxPushBytes
        self.maxPullBytes = maxPullBytes
        self.maxLoginBytes = maxLoginBytes
        self.defaultPageSize = defaultPageSize
        self.maxPageSize = maxPageSize
        self.maxPageBytes = maxPageBytes
        self.maxConflictsPerPage = maxConflictsPerPage
        self.conflictLogSize = conflictLogSize
        self.maxClockSkew = maxClockSkew
        self.maxWaitSeconds = maxWaitSeconds
    }
}
