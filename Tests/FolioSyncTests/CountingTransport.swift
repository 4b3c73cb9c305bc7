import FolioProtocol
import FolioSync
import Foundation

/// Passes requests on to another transport, counting them; can drop the connection after some
/// pull pages or push batches.
struct CountingTransport: SyncTransport {
    let base: any SyncTransport
    /// When set, pull fails after this many pages (a dropped connection).
    var failPullAfterPages: Int?
    /// When set, push fails after this many batches.
    var failPushAfterBatches: Int?
    let pulls = Counter()
    let pushes = Counter()
    let infos = Counter()

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
        var count: Int { lock.withLock { value } }
    }

    init(_ base: any SyncTransport, failPullAfterPages: Int? = nil, failPushAfterBatches: Int? = nil) {
        self.base = base
        self.failPullAfterPages = failPullAfterPages
        self.failPushAfterBatches = failPushAfterBatches
    }

    func info() async throws -> ServerInfo {
        _ = infos.next()
        return try await base.info()
    }

    func pull(_ request: PullRequest) async throws -> PullResponse {
        let pull = pulls.next()
        if let limit = failPullAfterPages, pull > limit { throw Self.dropped }
        return try await base.pull(request)
    }

    func push(_ request: PushRequest) async throws -> PushResponse {
        let push = pushes.next()
        if let limit = failPushAfterBatches, push > limit { throw Self.dropped }
        return try await base.push(request)
    }

    static let dropped = SyncError.unreachable(server: "test", reason: "connection dropped")
}
