import Synchronization

/// Wakes the requests that wait for a user's space to change (`POST /v1/wait`, SPEC §5.4).
///
/// A push that changed the space announces it, and every request waiting on that user then
/// looks at the space again. A waiting request holds no thread and costs nothing until then.
/// Announcements reach the requests of this process; ``SpaceChangeRelay`` forwards those of
/// other processes sharing the store (PostgreSQL's `NOTIFY`).
public final class SpaceChanges: Sendable {
    /// How a wait ended.
    public enum WaitEnd: Sendable, Equatable {
        /// The space was announced after the generation the waiter saw (maybe before it waited).
        case announced
        /// The timeout passed, or the waiting request was cancelled.
        case timedOut
        /// Too many requests wait already; the caller should answer "busy".
        case full
    }

    private struct State {
        var generations: [UserID: UInt64] = [:]
        /// Bumped by ``announceAll()``: part of every user's generation.
        var everyone: UInt64 = 0
        var waiters: [UserID: [UInt64: CheckedContinuation<WaitEnd, Never>]] = [:]
        var waiting = 0
        var nextID: UInt64 = 0

        func generation(of user: UserID) -> UInt64 {
            generations[user, default: 0] &+ everyone
        }
    }

    private let state = Mutex(State())
    /// The most requests that may wait at once, over all users.
    public let capacity: Int

    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// How many times `user`'s space was announced: read it before looking at the space and pass
    /// it to ``wait(for:after:timeout:)``, so a change made in between is not missed.
    public func generation(of user: UserID) -> UInt64 {
        state.withLock { $0.generation(of: user) }
    }

    /// Tells everyone waiting on `user` that the space changed.
    public func announce(_ user: UserID) {
        let woken = state.withLock { state in
            state.generations[user, default: 0] &+= 1
            let woken = state.waiters.removeValue(forKey: user) ?? [:]
            state.waiting -= woken.count
            return Array(woken.values)
        }
        for continuation in woken { continuation.resume(returning: .announced) }
    }

    /// Tells every waiter that its space may have changed: for when announcements could have
    /// been missed, as while the connection that brings other processes' announcements was down.
    public func announceAll() {
        let woken = state.withLock { state in
            state.everyone &+= 1
            let woken = state.waiters.values.flatMap(\.values)
            state.waiters = [:]
            state.waiting = 0
            return woken
        }
        for continuation in woken { continuation.resume(returning: .announced) }
    }

    /// Waits until `user`'s space is announced after `generation`, at most `timeout`.
    public func wait(for user: UserID, after generation: UInt64, timeout: Duration) async -> WaitEnd {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        // The timer is not a child task, so it also frees a waiter whose request was cancelled
        // before it was registered.
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.release(user, id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let early: WaitEnd? = state.withLock { state in
                    if state.generation(of: user) != generation { return .announced }
                    // Cancelled before now: the cancellation handler found nothing to release.
                    if Task.isCancelled { return .timedOut }
                    if state.waiting >= capacity { return .full }
                    state.waiters[user, default: [:]][id] = continuation
                    state.waiting += 1
                    return nil
                }
                if let early { continuation.resume(returning: early) }
            }
        } onCancel: {
            self.release(user, id)
        }
    }

    /// Ends the wait `id` of `user` as timed out, if it is still waiting.
    private func release(_ user: UserID, _ id: UInt64) {
        let continuation = state.withLock { state -> CheckedContinuation<WaitEnd, Never>? in
            guard let continuation = state.waiters[user]?.removeValue(forKey: id) else { return nil }
            state.waiting -= 1
            if state.waiters[user]?.isEmpty == true { state.waiters[user] = nil }
            return continuation
        }
        continuation?.resume(returning: .timedOut)
    }
}
