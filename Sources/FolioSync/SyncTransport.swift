import FolioProtocol

/// A peer reachable through the sync protocol: the HTTP server, or an in-process one in tests.
public protocol SyncTransport: Sendable {
    /// The peer's epoch, knowledge and protocol versions.
    func info() async throws -> ServerInfo
    /// One page of what the peer has that the request's knowledge lacks.
    func pull(_ request: PullRequest) async throws -> PullResponse
    /// Records for the peer to merge; acknowledged only once committed.
    func push(_ request: PushRequest) async throws -> PushResponse
}

/// A peer that can hold a request until it has changes for the device (SPEC §5.4).
public protocol WaitingTransport: SyncTransport {
    /// Answers once the peer has something `request.knowledge` lacks, or after about
    /// `request.timeout` seconds with `changed: false`.
    func wait(_ request: WaitRequest) async throws -> WaitResponse
}
