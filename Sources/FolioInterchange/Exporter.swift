import Foundation

/// Writes a library in the formats people take elsewhere.
public enum Exporter {
    /// Writes `library` as `format` to `url`: a file, or for Markdown a directory (created if missing).
    ///
    /// Files are written to a temporary sibling and moved into place when complete, so an
    /// interrupted export never leaves a truncated file. Every format but JSON leaves out
    /// deleted articles and highlights; JSON keeps everything, for a lossless round trip.
    public static func export(_ library: ExportLibrary, format: ExportFormat, to url: URL) throws(ExportError) {
        switch format {
        case .json: try JSONExporter.write(library, to: url)
        case .csv: try OutputFile.write(CSVExporter.data(library), to: url)
        case .netscape: try OutputFile.write(Data(NetscapeExporter.html(library).utf8), to: url)
        case .markdown: try MarkdownExporter.write(library, to: url)
        case .epub: try EPUBExporter.write(library, to: url)
        }
    }
}
