import FolioModel

/// Why a whole file cannot be imported. Problems with single rows are ``ImportProblem``s instead.
public enum ImportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file holds nothing but whitespace.
    case emptyFile
    /// The bytes are not UTF-8; `line` and `byteOffset` locate the first bad byte.
    case invalidEncoding(line: Int, byteOffset: Int, looksLikeUTF16: Bool)
    /// The content matches none of the supported formats.
    case unrecognizedFormat(fileName: String?)
    /// The file was read as `expected` but is not that format; `detected` is what it looks like.
    case wrongFormat(expected: ImportFormat, detected: ImportFormat?)
    /// The file is the right kind but cannot be read at all (for example JSON with a syntax error).
    case malformed(format: ImportFormat, reason: String)
    /// A Folio export written by a newer version of Folio.
    case unsupportedVersion(Int)

    /// The message shown to the user, with what to do about it.
    public var description: String {
        switch self {
        case .emptyFile:
            return "the file is empty: nothing to import"
        case .invalidEncoding(let line, let offset, let utf16):
            let hint = utf16
                ? "it looks like UTF-16; re-save it as UTF-8"
                : "re-save it as UTF-8 (for example with `iconv -f WINDOWS-1252 -t UTF-8`)"
            return "the file is not valid UTF-8 (first bad byte at line \(line), byte \(offset)): \(hint)"
        case .unrecognizedFormat(let fileName):
            let name = fileName.map { "\($0) " } ?? "the file "
            let formats = ImportFormat.allCases.map(\.displayName).joined(separator: ", ")
            return "\(name)is not in a format Folio can import; it reads these, recognised by their content: \(formats)"
        case .wrongFormat(let expected, let detected):
            let looks = detected.map { "; it looks like a \($0.displayName): try --format \($0.rawValue)" } ?? ""
            return "the file is not a \(expected.displayName)\(looks)"
        case .malformed(let format, let reason):
            return "cannot read the \(format.displayName): \(reason.terminalSafe)"
        case .unsupportedVersion(let version):
            return "this Folio export has version \(version), newer than this Folio understands (1): update Folio"
        }
    }
}
