import FolioProtocol

/// Why a sync did not complete, in words a user can act on. The local database is left
/// consistent: anything already applied stays, and the next sync resumes.
public enum SyncError: Error, CustomStringConvertible, Equatable {
    case unreachable(server: String, reason: String)
    case badCredentials
    case tokenRejected
    case incompatibleProtocol(server: [Int])
    case throttled
    case server(status: Int, code: String, message: String)
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .unreachable(let server, let reason):
            "cannot reach the sync server at \(server): \(reason); your library is unchanged and works offline"
        case .badCredentials:
            "the server refused the user name or password"
        case .tokenRejected:
            "the server no longer accepts this device's token (revoked, or the user was removed); run `folio login` again"
        case .incompatibleProtocol(let versions):
            "the server speaks sync protocol \(versions.map(String.init).joined(separator: ", ")) and this folio speaks \(ProtocolVersion.current); upgrade the older side"
        case .throttled:
            "the server is refusing requests for now (too many attempts); wait a minute and try again"
        case .server(let status, let code, let message):
            "the server answered \(status) (\(code)): \(message)"
        case .malformedResponse(let detail):
            "the server's answer could not be read (\(detail)); is this a Folio server?"
        }
    }
}
