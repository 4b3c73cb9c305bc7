import FolioModel
import FolioProtocol

/// Why a sync did not complete, in words a user can act on. The local database is left
/// consistent: anything already applied stays, and the next sync resumes.
public enum SyncError: Error, CustomStringConvertible, Equatable {
    case unreachable(server: String, reason: String)
    case badCredentials
    /// The server refused the device token; `reason` is its own explanation (revoked, or unknown to it).
    case tokenRejected(reason: String?)
    case incompatibleProtocol(server: [Int])
    case throttled
    case server(status: Int, code: String, message: String)
    /// An HTTP error answer without a Folio error body: another web server, or a proxy.
    case notFolio(server: String, status: Int, reason: String)
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .unreachable(let server, let reason):
            "cannot reach the sync server at \(server): \(reason); your library is unchanged and works offline"
        case .badCredentials:
            "the server refused the user name or password"
        case .tokenRejected(let reason?):
            "the server refused this device's token: \(reason.terminalSafe)"
        case .tokenRejected(nil):
            "the server no longer accepts this device's token (revoked, or the user was removed); run `folio login` again"
        case .incompatibleProtocol(let versions):
            "the server speaks sync protocol \(versions.map(String.init).joined(separator: ", ")) and this folio speaks \(ProtocolVersion.current); upgrade the older side"
        case .throttled:
            "the server is refusing requests for now (too many attempts); wait a minute and try again"
        case .server(let status, let code, let message):
            "the server answered \(status) (\(code)): \(message.terminalSafe)"
        case .notFolio(let server, let status, let reason):
            status == 413
                ? "\(server) (or a proxy in front of it) refused the request as too large (413); raise the proxy's body size limit (nginx: client_max_body_size 65m)"
                : "\(server) answered \(status) \(reason.terminalSafe) without a Folio error: it is not a Folio sync server, or a proxy in front of it failed; check the --server address"
        case .malformedResponse(let detail):
            "the server's answer could not be read (\(detail.terminalSafe)); is this a Folio server?"
        }
    }
}

extension SyncError {
    /// What an HTTP error answer means to the device: its status and Folio error body, if it had
    /// one. `authorized` tells a request with the device token from a login. Nil for an answer
    /// that is not a Folio error (``notFolio(server:status:reason:)``).
    public init?(status: Int, answer: ErrorResponse?, authorized: Bool) {
        switch (status, answer?.error.code) {
        case (401, _): self = authorized ? .tokenRejected(reason: answer?.error.message) : .badCredentials
        case (429, _): self = .throttled
        case (_, .unsupportedProtocol?): self = .incompatibleProtocol(server: Array(ProtocolVersion.supported))
        case (_, let code?):
            let reference = answer?.error.requestId.map { " (request id \($0), for the server's operator)" } ?? ""
            self = .server(status: status, code: code.rawValue, message: (answer?.error.message ?? "") + reference)
        case (_, nil): return nil
        }
    }
}
