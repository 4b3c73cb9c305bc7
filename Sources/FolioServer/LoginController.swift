import FolioProtocol
import Foundation
import Hummingbird
import Logging

/// `POST /v1/login`: a user name and password for a new device token.
struct LoginController: Sendable {
    let store: any SyncStore
    let throttle: LoginThrottle
    /// How long a refused login is held before its answer (``LoginThrottle/Policy/refusalDelay``).
    let refusalDelay: Duration
    let passwordChecks: PasswordCheckQueue
    let clientAddress: ClientAddressResolver
    let limits: ServerLimits
    let metrics: ServerMetrics
    /// A bcrypt hash checked when the user does not exist, so both cases take as long.
    let decoyHash: String

    func addRoutes(to group: RouterGroup<FolioRequestContext>) {
        group.post("login", use: login)
    }

    @Sendable func login(_ request: Request, context: FolioRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(LoginRequest.self, from: request, limit: limits.maxLoginBytes)
        let device = try AccountRules.deviceName(body.device)
        let client = clientAddress.resolve(peer: context.peerAddress, headers: request.headers)
        var logger = context.logger
        logger[metadataKey: "client"] = "\(client)"
        // A name no account can have, or an unusable password, is refused without any hashing.
        guard (try? AccountRules.checkUserName(body.user)) != nil, !body.password.isEmpty, body.password.utf8.count <= 1024 else {
            metrics.login(.failed)
            logger.notice("failed login", metadata: ["login.user": "\(body.user.prefix(100))"])
            throw ServerError(.unauthorized, "wrong user name or password")
        }
        let attempt: LoginThrottle.Attempt
        do {
            attempt = try await throttle.begin(user: body.user, address: client, now: Date())
        } catch {
            metrics.login(.throttled)
            logger.notice("login throttled", metadata: ["login.user": "\(body.user)"])
            try? await Task.sleep(for: refusalDelay)
            throw error
        }
        let credentials = try await store.credentials(user: body.user)
        let matches: Bool
        do {
            matches = try await passwordChecks.verify(body.password, hash: credentials?.passwordHash ?? decoyHash)
        } catch {
            await throttle.succeeded(attempt)
            metrics.login(.busy)
            try? await Task.sleep(for: refusalDelay)
            throw error
        }
        guard matches, let credentials else {
            metrics.login(.failed)
            logger.notice("failed login", metadata: ["login.user": "\(body.user)"])
            throw ServerError(.unauthorized, "wrong user name or password")
        }
        await throttle.succeeded(attempt)
        metrics.login(.succeeded)
        let token = DeviceToken.generate()
        let info = try await store.createToken(user: credentials.user, tokenHash: DeviceToken.hash(token), device: device, now: Date())
        logger.info("device logged in", metadata: ["login.user": "\(info.user)", "token.id": "\(info.id)", "device": "\(info.device)"])
        return try Response.json(LoginResponse(token: token, epoch: credentials.epoch))
    }
}
