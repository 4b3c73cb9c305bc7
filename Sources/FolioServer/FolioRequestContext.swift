import Hummingbird
import NIOCore

/// The request context of every route: the authenticated user, once the bearer middleware ran,
/// and the peer's address.
public struct FolioRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``BearerAuthMiddleware`` on authenticated routes.
    public var user: UserID?
    /// The SHA-256 of the bearer token that authenticated the request (for logout).
    public var tokenHash: String?
    /// The same hash when the request was admitted on ``TokenCache``: the store operation the
    /// route runs must confirm it (``requireSyncUser()``).
    public var confirmToken: String?
    /// The peer's socket address, kept as it is: most routes never need its text.
    private let peer: SocketAddress?

    /// A context for a request arriving on `source`'s channel.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peer = source.channel.remoteAddress
    }

    /// The peer's IP address; behind a reverse proxy, the proxy's (``ClientAddressResolver``
    /// finds the client's).
    public var peerAddress: String { peer?.ipAddress ?? "unknown" }

    /// The authenticated user, or 401 when the route was reached without authentication, or
    /// with a token still to be confirmed (only the sync routes confirm one).
    func requireUser() throws(ServerError) -> UserID {
        guard let user, confirmToken == nil else { throw ServerError.missingToken }
        return user
    }

    /// The user, and the token (hash) the route's store operation must confirm, if any.
    func requireSyncUser() throws(ServerError) -> (user: UserID, confirmToken: String?) {
        guard let user else { throw ServerError.missingToken }
        return (user, confirmToken)
    }
}
