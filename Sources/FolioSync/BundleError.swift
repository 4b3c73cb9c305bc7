import FolioModel

/// Why a bundle file was refused. Nothing is changed when a bundle is refused.
public enum BundleError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case notABundle(path: String)
    case newerVersion(Int)
    case olderVersion(Int)
    /// A record breaks the protocol's rules (``RecordRules``).
    case refused(record: Int, reason: String)
    case truncated(expectedBytes: Int, actualBytes: Int)
    case checksumMismatch
    case corrupt(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .notABundle(let path): "\(path) is not a Folio bundle (made by `folio bundle create`)"
        case .newerVersion(let version): "this bundle uses format version \(version), newer than this folio understands; upgrade folio"
        case .olderVersion(let version): "this bundle uses format version \(version), made by an older folio, whose checksum does not cover the header; create it again with this version"
        case .refused(let record, let reason): "the bundle was refused: its record \(record) breaks the sync rules (\(reason.terminalSafe)); nothing was changed"
        case .truncated(let expected, let actual): "the bundle is truncated: \(actual) of \(expected) bytes; copy it again"
        case .checksumMismatch: "the bundle is corrupted (checksum mismatch); copy it again"
        case .corrupt(let detail): "the bundle is corrupted: \(detail)"
        }
    }
}
