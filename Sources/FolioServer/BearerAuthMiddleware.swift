import Foundation
import Hummingbird

/// Authenticates `Authorization: Bearer <device token>` against the store's token hashes and puts
/// the user in the context; 401 for a missing, wrong or revoked token.
///
/// With a ``TokenCache`` (on the routes whose store operation confirms the token: pull and push),
/// a token checked in full in the last minute admits the request at once, and the store confirms
/// it in the operation's first read; a token it refuses leaves the cache.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = FolioRequestContext

    let store: any SyncStore
    var tokens: TokenCache?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { throw ServerError.missingToken }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].utf8.count == 6, parts[0].lowercased() == "bearer" else { throw ServerError.missingToken }
        let token = String(parts[1].trimmingHeaderSpace)
        let hash = DeviceToken.hash(token)
        guard !token.isEmpty, token.utf8.count <= 256 else { throw ServerError.unknownToken }
        let now = Date()
        var context = context
        context.tokenHash = hash
        if let tokens, let user = tokens.user(tokenHash: hash, now: now) {
            context.user = user
            context.confirmToken = hash
            context.logger[metadataKey: "user"] = "\(user)"
            do {
                return try await next(request, context)
            } catch let error as ServerError where error == .revokedToken || error == .unknownToken {
                tokens.remove(tokenHash: hash)
                throw error
            }
        }
        let user: UserID
        switch try await store.authenticate(tokenHash: hash, now: now) {
        case .valid(let owner): user = owner
        case .revoked: throw ServerError.revokedToken
        case .unknown: throw ServerError.unknownToken
        }
        tokens?.insert(tokenHash: hash, user: user, now: now)
        context.user = user
        context.logger[metadataKey: "user"] = "\(user)"
        return try await next(request, context)
    }
}
