/// The release of this build of `folio` and `folio-server`.
public enum FolioRelease {
    /// The release number (semantic versioning).
    public static let version = "0.7.0"

    /// What `--version` prints: the release and the sync protocol it speaks.
    public static var versionLine: String { "\(version) (sync protocol \(ProtocolVersion.current))" }
}
