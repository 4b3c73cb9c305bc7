import FolioModel
import FolioProtocol
import Foundation
import Hummingbird

/// The authenticated endpoints: `GET /v1/info`, `POST /v1/pull`, `POST /v1/push`, `POST /v1/wait`,
/// `POST /v1/logout`.
struct SyncController: Sendable {
    let store: any SyncStore
    let limits: ServerLimits
    let metrics: ServerMetrics
    let changes: SpaceChanges

    /// Adds the routes to `group`, whose bearer middleware checks every token in full, and pull
    /// and push to `syncGroup`, whose middleware may leave the check to their store operation
    /// (``TokenCache``).
    func addRoutes(to group: RouterGroup<FolioRequestContext>, syncGroup: RouterGroup<FolioRequestContext>) {
        group.get("info", use: info)
        syncGroup.post("pull", use: pull)
        syncGroup.post("push", use: push)
        group.post("wait", use: wait)
        group.post("logout", use: logout)
    }

    /// Revokes the token the request came with: the device is logged out.
    @Sendable func logout(_ request: Request, context: FolioRequestContext) async throws -> Response {
        _ = try context.requireUser()
        if let hash = context.tokenHash { try await store.revokeToken(hash: hash, now: Date()) }
        return try Response.json(LogoutResponse(revoked: true))
    }

    @Sendable func info(_ request: Request, context: FolioRequestContext) async throws -> Response {
        let space = try await store.space(user: try context.requireUser())
        return Response.json(for: request, ServerInfo(space, serverTime: Date()))
    }

    @Sendable func pull(_ request: Request, context: FolioRequestContext) async throws -> Response {
        let (user, confirmToken) = try context.requireSyncUser()
        let body = try await JSONBody.decode(PullRequest.self, from: request, limit: limits.maxPullBytes)
        var query = try PullQuery(body, limits: limits)
        query.confirmToken = confirmToken
        let page = try await store.pull(user: user, query)
        metrics.pull(records: page.records.count, firstPage: query.cursor == nil)
        return Response.json(for: request, PullResponse(page, serverTime: Date()))
    }

    @Sendable func push(_ request: Request, context: FolioRequestContext) async throws -> Response {
        let (user, confirmToken) = try context.requireSyncUser()
        let body = try await JSONBody.decode(PushRequest.self, from: request, limit: limits.maxPushBytes)
        let answer = try await store.answer(push: body, user: user, tokenHash: context.tokenHash, confirmToken: confirmToken,
                                            limits: limits, changes: changes, now: Date())
        let outcome = answer.outcome
        metrics.push(records: body.records.count, changed: outcome.changed, conflicts: outcome.conflicts.count)
        if let page = outcome.page { metrics.pull(records: page.records.count, firstPage: false) }
        if outcome.changed > 0 || !outcome.conflicts.isEmpty {
            context.logger.info("push merged", metadata: ["records": "\(body.records.count)", "changed": "\(outcome.changed)", "conflicts": "\(outcome.conflicts.count)"])
        }
        return Response.json(for: request, answer.response)
    }

    /// Answers once the space has something the request's knowledge lacks, or when the wait
    /// times out (`changed: false`); the device then syncs, or asks again.
    @Sendable func wait(_ request: Request, context: FolioRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONBody.decode(WaitRequest.self, from: request, limit: limits.maxPullBytes)
        return Response.json(for: request, try await store.answer(wait: body, user: user, changes: changes, limits: limits))
    }
}

/// The answer to `POST /v1/logout`.
struct LogoutResponse: Codable, Sendable {
    var revoked: Bool
}
