import Foundation

/// Reads Pocket's 2025 CSV export: `title,url,time_added,tags,status` (tags separated by `|`,
/// status `unread` or `archive`, times in Unix seconds). Columns are found by name, so exports
/// with extra columns (`cursor`, `favorite`) read too.
enum PocketCSVParser {
    static func parse(_ text: String) throws(ImportError) -> ImportBatch {
        var builder = ImportBatchBuilder()
        try CSVTable.read(text, format: .pocketCSV) { table, row in
            builder.add(at: .line(row.line)) { () throws(RecordError) in try item(table, row) }
        }
        return builder.batch
    }

    private static func item(_ table: CSVTable, _ row: CSVRow) throws(RecordError) -> ImportedItem {
        var item = ImportedItem(url: try RecordError.url(table.value("url", in: row)))
        item.title = table.value("title", in: row)
        item.savedAt = try RecordError.date(table.value("time_added", in: row), field: "time_added", Timestamp.unixTime)
        item.tags = TagList.normalized((table.value("tags", in: row) ?? "").split(separator: "|").map(String.init))
        switch table.value("status", in: row)?.lowercased() {
        case "archive", "archived", "read": item.isArchived = true
        case "unread": item.isArchived = false
        case nil: break
        case let other?: throw RecordError("unknown status \"\(other.prefix(20))\" (expected unread or archive)")
        }
        if let favorite = table.value("favorite", in: row) {
            item.isFavorite = favorite == "1" || favorite.lowercased() == "true"
        }
        return item
    }
}
