import Foundation
import Hummingbird
import Logging

/// The `/health` answer.
struct HealthStatus: Codable, Sendable {
    var status: String
}

/// Builds the sync server on the embedded SQLite store in `configuration.dataDirectory`.
public func buildApplication(_ configuration: ServerConfiguration) async throws -> some ApplicationProtocol {
    let logger = {
        var logger = Logger(label: "folio-server")
        logger.logLevel = configuration.logLevel
        return logger
    }()
    let store = try SQLiteSyncStore(directory: configuration.dataDirectory)
    let router = await buildRouter(store: store, configuration: configuration)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "folio-server"),
        onServerRunning: { channel in
            let address = channel.localAddress.map { "\($0.ipAddress ?? configuration.host):\($0.port ?? configuration.port)" } ?? "\(configuration.host):\(configuration.port)"
            logger.notice("listening", metadata: ["address": "http://\(address)", "data": "\(configuration.dataDirectory.path)"])
        },
        logger: logger)
}

/// The router of every endpoint, over any ``SyncStore``: `GET /health`, `POST /v1/login`,
/// and, with a device token, `GET /v1/info`, `POST /v1/pull`, `POST /v1/push`.
public func buildRouter(store: any SyncStore, configuration: ServerConfiguration) async -> Router<FolioRequestContext> {
    let router = Router(context: FolioRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: ProtocolVersionMiddleware())
    router.get("health") { _, _ in try Response.json(HealthStatus(status: "ok")) }

    let v1 = router.group("v1")
    LoginController(
        store: store, throttle: LoginThrottle(policy: configuration.loginThrottle), limits: configuration.limits,
        decoyHash: await PasswordHasher.hash("folio decoy password", cost: configuration.bcryptCost)
    ).addRoutes(to: v1)
    SyncController(store: store, limits: configuration.limits)
        .addRoutes(to: v1.group().add(middleware: BearerAuthMiddleware(store: store)))
    return router
}
