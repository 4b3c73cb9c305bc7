/// A format `folio export` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// Folio's lossless JSON export, readable by ``Importer`` (format `folio`).
    case json
    /// One row per article: `url,title,tags,saved_at,state,favorite,read_at,progress,note`.
    case csv
    /// A Netscape bookmark file that browsers and read-later services import.
    case netscape
    /// A directory with one Markdown file per article, with YAML front matter.
    case markdown
    /// An EPUB 3 book with one chapter per article and a table of contents.
    case epub

    /// Whether the destination is a directory rather than a file.
    public var writesDirectory: Bool { self == .markdown }

    /// The usual file name extension of the output (none for a directory).
    public var fileExtension: String {
        switch self {
        case .json: "json"
        case .csv: "csv"
        case .netscape: "html"
        case .markdown: ""
        case .epub: "epub"
        }
    }
}
