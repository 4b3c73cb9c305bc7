import Foundation
import Hummingbird
import HummingbirdCore
import Logging

/// The `/health` answer.
struct HealthStatus: Codable, Sendable {
    var status: String
}

/// Builds the sync server on `store`, by default the embedded SQLite store in
/// `configuration.dataDirectory`; `onListening` is called with the server's URL once its port is bound.
public func buildApplication(
    _ configuration: ServerConfiguration, store: (any SyncStore)? = nil, onListening: @escaping @Sendable (String) -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let logger = {
        var logger = Logger(label: "folio-server")
        logger.logLevel = configuration.logLevel
        return logger
    }()
    let store = try store ?? SQLiteSyncStore(directory: configuration.dataDirectory, maxBytes: configuration.maxDatabaseBytes)
    let metrics = ServerMetrics()
    let changes = SpaceChanges()
    let router = await buildRouter(store: store, configuration: configuration, metrics: metrics, changes: changes)
    let connections = configuration.connections
    return Application(
        router: router,
        server: .guardedHTTP1(policy: connections, metrics: metrics),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "folio-server",
            backlog: 1024, availableConnectionsDelegate: MaximumAvailableConnections(connections.acceptCeiling)),
        services: [SpaceChangeRelay(store: store, changes: changes)],
        onServerRunning: { channel in
            let host = channel.localAddress?.ipAddress ?? configuration.host
            let url = "http://\(host.contains(":") ? "[\(host)]" : host):\(channel.localAddress?.port ?? configuration.port)"
            logger.notice("listening", metadata: ["address": "\(url)"])
            onListening(url)
        },
        logger: logger)
}

/// The router of every endpoint, over any ``SyncStore``: `GET /health`, `GET /ready`, `POST /v1/login`,
/// with a device token `GET /v1/info`, `POST /v1/pull`, `POST /v1/push`, `POST /v1/logout`,
/// and `GET /metrics` with the metrics token when one is configured. `changes` wakes the requests
/// waiting on a space (`POST /v1/wait`).
public func buildRouter(
    store: any SyncStore, configuration: ServerConfiguration, metrics: ServerMetrics = ServerMetrics(), changes: SpaceChanges = SpaceChanges()
) async -> Router<FolioRequestContext> {
    let router = Router(context: FolioRequestContext.self)
    let routes = RouteTable()
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: ErrorMiddleware(routes: routes))
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: ProtocolVersionMiddleware())
    router.get("health") { _, _ in try Response.json(HealthStatus(status: "ok")) }
    let readiness = ReadinessProbe(store: store, timeout: configuration.readinessTimeout)
    router.get("ready") { _, context in
        switch await readiness.probe() {
        case .ready:
            return try Response.json(HealthStatus(status: "ok"))
        case .failed(let error):
            context.logger.warning("not ready: the database could not be read", metadata: ["error": "\(error)"])
        case .silent:
            context.logger.warning("not ready: the database did not answer within \(configuration.readinessTimeout)")
        }
        throw ServerError(.storageUnavailable, "this server cannot reach its database; another server may (the server log says why)", retryAfter: 5)
    }
    if let token = configuration.metricsToken {
        MetricsController(metrics: metrics, tokenHash: DeviceToken.hash(token)).addRoutes(to: router)
    }

    let v1 = router.group("v1")
    LoginController(
        store: store, throttle: LoginThrottle(policy: configuration.loginThrottle), refusalDelay: configuration.loginThrottle.refusalDelay,
        passwordChecks: PasswordCheckQueue(policy: configuration.passwordChecks),
        clientAddress: ClientAddressResolver(trustedProxies: configuration.trustedProxies),
        limits: configuration.limits, metrics: metrics,
        decoyHash: await PasswordHasher.hash("folio decoy password", cost: configuration.bcryptCost)
    ).addRoutes(to: v1)
    SyncController(store: store, limits: configuration.limits, metrics: metrics, changes: changes).addRoutes(
        to: v1.group().add(middleware: BearerAuthMiddleware(store: store)),
        syncGroup: v1.group().add(middleware: BearerAuthMiddleware(store: store, tokens: TokenCache())))
    routes.record(router.routes)
    return router
}
