/// The sync protocol version (Protocol/SPEC.md §Versioning).
public enum ProtocolVersion {
    /// The version this build speaks.
    public static let current = 2
    /// Versions a server built from this code accepts.
    public static let supported: ClosedRange<Int> = 2...2
    /// The HTTP header carrying the client's version on every request.
    public static let header = "Folio-Protocol"
}
