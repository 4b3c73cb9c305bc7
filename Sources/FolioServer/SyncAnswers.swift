import FolioProtocol
import Foundation
import ServiceLifecycle

// The protocol's answers (SPEC §5) made from what the store returns, the same for every transport.

extension ServerInfo {
    /// The answer to `GET /v1/info` for a user's space.
    public init(_ space: UserSpace, serverTime: Date) {
        self.init(epoch: space.epoch, replica: space.replica, knowledge: space.knowledge, holds: space.holds,
                  replicas: space.replicaNames, serverTime: serverTime)
    }
}

extension PullResponse {
    /// The answer to `POST /v1/pull` carrying one page.
    public init(_ page: PullPage, serverTime: Date) {
        self.init(epoch: page.space.epoch, knowledge: page.space.knowledge, records: page.records, cursor: page.next?.description,
                  conflicts: page.conflicts, conflictSeq: page.conflictSeq, replicas: page.space.replicaNames, serverTime: serverTime)
    }
}

extension PushResponse {
    /// The answer to `POST /v1/push` once the batch is committed.
    public init(_ outcome: PushOutcome, serverTime: Date) {
        self.init(epoch: outcome.space.epoch, changed: outcome.changed, conflicts: outcome.conflicts,
                  knowledge: outcome.space.knowledge, holds: outcome.space.holds, replicas: outcome.space.replicaNames, serverTime: serverTime)
    }
}

extension SyncStore {
    /// Answers `POST /v1/push`: merges the batch, announces a changed space to the requests
    /// waiting on it (`changes`), and carries the page pulled along (``PushBatch/pullAlong``), if
    /// any. The pull's options are checked before anything is merged. `confirmToken` is
    /// ``PushBatch/confirmToken``.
    public func answer(push request: PushRequest, user: UserID, tokenHash: String?, confirmToken: String? = nil, limits: ServerLimits,
                       changes: SpaceChanges, now: Date) async throws -> PushAnswer {
        var batch = try PushBatch(request, tokenHash: tokenHash, limits: limits)
        batch.confirmToken = confirmToken
        let outcome = try await push(user: user, batch, now: now)
        if outcome.changed > 0 { changes.announce(user) }
        var response = PushResponse(outcome, serverTime: Date())
        response.pull = outcome.page.map { PullResponse($0, serverTime: response.serverTime) }
        return PushAnswer(outcome: outcome, response: response)
    }

    /// Answers `POST /v1/wait` (SPEC §5.4): at once when the space has something the request's
    /// knowledge lacks, else once a change announced in `changes` makes it so, or with
    /// `changed: false` after the request's timeout (clamped to 1 … `limits.maxWaitSeconds`).
    /// A server shutting down answers at once: the device asks again, and reaches the next server.
    public func answer(wait request: WaitRequest, user: UserID, changes: SpaceChanges, limits: ServerLimits) async throws -> WaitResponse {
        let deadline = ContinuousClock.now + .seconds(min(max(request.timeout ?? limits.maxWaitSeconds / 2, 1), limits.maxWaitSeconds))
        while true {
            let generation = changes.generation(of: user)
            let current = try await space(user: user)
            let changed = current.hasNews(for: request.knowledge)
            let left = deadline - ContinuousClock.now
            if changed || left <= .zero {
                return WaitResponse(changed: changed, epoch: current.epoch, knowledge: current.knowledge, holds: current.holds, serverTime: Date())
            }
            let end = await cancelWhenGracefulShutdown { await changes.wait(for: user, after: generation, timeout: left) }
            if end == .full { throw ServerError(.serverBusy, "too many devices are waiting for changes; try again shortly", retryAfter: 30) }
            if Task.isShuttingDownGracefully || Task.isCancelled {
                return WaitResponse(changed: false, epoch: current.epoch, knowledge: current.knowledge, holds: current.holds, serverTime: Date())
            }
        }
    }
}

/// A push's answer (``SyncStore/answer(push:user:tokenHash:confirmToken:limits:changes:now:)``) with what made it.
public struct PushAnswer: Sendable {
    public var outcome: PushOutcome
    public var response: PushResponse
}

extension UserSpace {
    /// ``devices`` as answers carry them: absent when no device has pushed yet.
    var replicaNames: ReplicaNames? { devices.isEmpty ? nil : ReplicaNames(devices) }
}
