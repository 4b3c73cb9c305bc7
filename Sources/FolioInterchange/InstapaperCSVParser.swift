import Foundation

/// Reads Instapaper's CSV export in both generations: `URL,Title,Selection,Folder` and the newer
/// `URL,Title,Selection,Folder,Timestamp,Tags` (tags as a JSON array, times in Unix seconds).
///
/// The folder `Unread` is the reading list, `Archive` archived, `Starred` liked; any other folder
/// becomes a tag. The selection (text the user picked when saving) becomes the note.
enum InstapaperCSVParser {
    static func parse(_ text: String) throws(ImportError) -> ImportBatch {
        var builder = ImportBatchBuilder()
        try CSVTable.read(text, format: .instapaper) { table, row in
            builder.add(at: .line(row.line)) { () throws(RecordError) in try item(table, row) }
        }
        return builder.batch
    }

    private static func item(_ table: CSVTable, _ row: CSVRow) throws(RecordError) -> ImportedItem {
        var item = ImportedItem(url: try RecordError.url(table.value("url", in: row)))
        item.title = table.value("title", in: row)
        item.note = table.value("selection", in: row)
        item.savedAt = try RecordError.date(table.value("timestamp", in: row), field: "Timestamp", Timestamp.unixTime)
        var tags = try self.tags(table.value("tags", in: row))
        let folder = table.value("folder", in: row)
        switch folder?.lowercased() {
        case "unread": item.isArchived = false
        case "archive": item.isArchived = true
        case "starred": item.isFavorite = true
        case nil: break
        default: if let folder { tags.append(folder) }
        }
        item.tags = TagList.normalized(tags)
        return item
    }

    /// The Tags column: a JSON array of strings, or (from other tools) comma-separated names.
    private static func tags(_ value: String?) throws(RecordError) -> [String] {
        guard let value else { return [] }
        guard value.hasPrefix("[") else { return value.split(separator: ",").map(String.init) }
        guard let tags = try? JSONDecoder().decode([String].self, from: Data(value.utf8)) else {
            throw RecordError("Tags is not a JSON list of names: \(value.prefix(40))")
        }
        return tags
    }
}
