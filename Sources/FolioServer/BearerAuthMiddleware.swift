import Foundation
import Hummingbird

/// Authenticates `Authorization: Bearer <device token>` against the store's token hashes and puts
/// the user in the context; 401 for a missing, wrong or revoked token.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = FolioRequestContext

    let store: any SyncStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { throw ServerError.missingToken }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].utf8.count == 6, parts[0].lowercased() == "bearer" else { throw ServerError.missingToken }
        let token = String(parts[1].trimmingHeaderSpace)
        let hash = DeviceToken.hash(token)
        guard !token.isEmpty, token.utf8.count <= 256 else { throw ServerError.unknownToken }
        let user: UserID
        switch try await store.authenticate(tokenHash: hash, now: Date()) {
        case .valid(let owner): user = owner
        case .revoked: throw ServerError.revokedToken
        case .unknown: throw ServerError.unknownToken
        }
        var context = context
        context.user = user
        context.tokenHash = hash
        context.logger[metadataKey: "user"] = "\(user)"
        return try await next(request, context)
    }
}
