import FolioProtocol
import Foundation
import Hummingbird
import Logging

/// `POST /v1/login`: a user name and password for a new device token.
struct LoginController: Sendable {
    let store: any SyncStore
    let throttle: LoginThrottle
    let limits: ServerLimits
    /// A bcrypt hash checked when the user does not exist, so both cases take as long.
    let decoyHash: String

    static let maxDeviceNameLength = 200

    func addRoutes(to group: RouterGroup<FolioRequestContext>) {
        group.post("login", use: login)
    }

    @Sendable func login(_ request: Request, context: FolioRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(LoginRequest.self, from: request, limit: limits.maxLoginBytes)
        guard !body.user.isEmpty, body.user.utf8.count <= 64, !body.password.isEmpty, body.password.utf8.count <= 1024 else {
            throw ServerError(.unauthorized, "wrong user name or password")
        }
        let device = String(body.device.trimmingCharacters(in: .whitespacesAndNewlines).filter { !$0.isNewline }.prefix(Self.maxDeviceNameLength))
        let key = body.user.lowercased() + "|" + context.clientAddress
        try await throttle.begin(key, now: Date())
        let credentials = try await store.credentials(user: body.user)
        let matches = await PasswordHasher.verify(body.password, hash: credentials?.passwordHash ?? decoyHash)
        guard matches, let credentials else {
            context.logger.notice("failed login", metadata: ["login.user": "\(body.user)", "client": "\(context.clientAddress)"])
            throw ServerError(.unauthorized, "wrong user name or password")
        }
        await throttle.succeeded(key)
        let token = DeviceToken.generate()
        let info = try await store.createToken(user: credentials.user, tokenHash: DeviceToken.hash(token), device: device.isEmpty ? "unnamed device" : device, now: Date())
        context.logger.info("device logged in", metadata: ["login.user": "\(info.user)", "token.id": "\(info.id)", "device": "\(info.device)"])
        return try Response.json(LoginResponse(token: token, epoch: credentials.epoch))
    }
}
