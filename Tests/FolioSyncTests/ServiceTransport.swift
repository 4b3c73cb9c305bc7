import FolioProtocol
import FolioServer
import FolioSync
import Foundation

/// The real server core in-process: one user's space in a ``SyncStore``, asked the way
/// `SyncController` asks it (without HTTP and JSON), its refusals reported the way
/// ``HTTPTransport`` reports the answers they make.
struct ServiceTransport: WaitingTransport {
    private(set) var store: any SyncStore
    let user: UserID
    /// The hash of the device token the requests carry: a push names its replica with it.
    let tokenHash: String
    let limits: ServerLimits
    /// The waits on the space, woken by pushes through this transport.
    let changes = SpaceChanges()

    /// A new user of `store` named `name`, with one device token.
    init(newUserOf store: any SyncStore, name: String = "reader", limits: ServerLimits = ServerLimits()) async throws {
        self.store = store
        self.limits = limits
        user = try await store.createUser(name: name, passwordHash: "unused", now: Date()).id
        tokenHash = UUID().uuidString.lowercased()
        _ = try await store.createToken(user: user, tokenHash: tokenHash, device: "test device", now: Date())
    }

    /// The same user and token on `other`, a copy of this transport's store.
    func on(_ other: any SyncStore) -> ServiceTransport {
        var transport = self
        transport.store = other
        return transport
    }

    func info() async throws -> ServerInfo {
        try await answering { ServerInfo(try await store.space(user: user), serverTime: Date()) }
    }

    func pull(_ request: PullRequest) async throws -> PullResponse {
        try await answering { PullResponse(try await store.pull(user: user, PullQuery(request, limits: limits)), serverTime: Date()) }
    }

    func push(_ request: PushRequest) async throws -> PushResponse {
        try await answering { try await store.answer(push: request, user: user, tokenHash: tokenHash, limits: limits, changes: changes, now: Date()).response }
    }

    func wait(_ request: WaitRequest) async throws -> WaitResponse {
        try await answering { try await store.answer(wait: request, user: user, changes: changes, limits: limits) }
    }

    /// Runs one request; a refusal by the server's rules becomes the ``SyncError`` its HTTP answer
    /// would. Anything else (a storage failure) is passed on as it is, failing the test.
    private func answering<Answer>(_ request: () async throws -> Answer) async throws -> Answer {
        do {
            return try await request()
        } catch {
            guard let refusal = ServerError(answering: error),
                  let reported = SyncError(status: refusal.status.code, answer: refusal.body(requestID: nil), authorized: true)
            else { throw error }
            throw reported
        }
    }
}
