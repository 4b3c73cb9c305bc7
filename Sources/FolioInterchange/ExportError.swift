/// Why an export could not be written.
public enum ExportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Writing to `path` failed (permissions, full disk, missing parent folder).
    case cannotWrite(path: String, reason: String)
    /// Markdown export needs a directory, and `path` is a file.
    case notADirectory(path: String)
    /// An EPUB needs at least one article.
    case nothingToExport(ExportFormat)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        case .notADirectory(let path):
            "\(path) is a file; Markdown export writes one file per article into a directory: pass a directory path"
        case .nothingToExport(let format):
            "no articles to export: a \(format.rawValue) book needs at least one (check the filters)"
        }
    }
}
