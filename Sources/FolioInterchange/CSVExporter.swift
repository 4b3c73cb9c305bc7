import CSV
import FolioModel
import Foundation

/// Writes one CSV row per article with CSV.swift: `url,title,tags,saved_at,state,favorite,read_at,progress,note`.
///
/// Tags are separated by `|` (as in Pocket's export), dates are ISO 8601 in UTC, `state` is
/// `unread`, `read` or `archived`. `url` is the address to open (as the user gave it). Line
/// breaks in titles and notes are kept, inside quoted fields (RFC 4180). Cells a spreadsheet
/// would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a line break) get a
/// leading `'`.
enum CSVExporter {
    static let header = ["url", "title", "tags", "saved_at", "state", "favorite", "read_at", "progress", "note"]

    static func data(_ library: ExportLibrary) throws(ExportError) -> Data {
        let stream = OutputStream(toMemory: ())
        stream.open()
        defer { stream.close() }
        do {
            let writer = try CSVWriter(stream: stream)
            try writer.write(row: header)
            for article in library.visibleArticles {
                try writer.write(row: row(article))
            }
        } catch {
            throw .cannotWrite(path: "CSV", reason: "\(error)")
        }
        return stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
    }

    private static func row(_ article: Article) -> [String] {
        let state = article.isArchived ? "archived" : article.isRead ? "read" : "unread"
        return [
            article.addressToOpen,
            cell(article.title),
            cell(article.tags.joined(separator: "|")),
            ExportDate.format(article.savedAt),
            state,
            article.isFavorite ? "true" : "false",
            article.readAt.map(ExportDate.format) ?? "",
            String(article.progress),
            cell(article.note),
        ]
    }

    /// User text that a spreadsheet will show as text, never evaluate: a cell starting with
    /// `=`, `+`, `-`, `@`, a tab or a line break (OWASP's list, with line feeds, which carriage
    /// returns become) gets a leading `'`. Line breaks are kept (as LF); other control
    /// characters are dropped.
    static func cell(_ text: String) -> String {
        let cleaned = String(text.filter { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || !$0.isControlCharacter })
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        guard let first = cleaned.unicodeScalars.first, "=+-@\t\r\n".unicodeScalars.contains(first) else { return cleaned }
        return "'" + cleaned
    }
}
