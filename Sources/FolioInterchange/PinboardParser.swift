import FolioModel

/// Reads Pinboard's JSON export: `href`, `description` (the title), `extended` (the note),
/// space-separated `tags`, ISO 8601 `time` and `toread` (`yes` or `no`). As for bookmark files
/// with a reading list, a bookmark not marked to read is archived.
enum PinboardParser {
    static func parse(_ text: String) throws(ImportError) -> ImportBatch {
        try ImportBatchBuilder.batch(JSONInput.array(text, format: .pinboard)) { post throws(RecordError) in
            var item = ImportedItem(url: try RecordError.url(post["href"]?.text))
            item.title = post["description"]?.text
            item.note = post["extended"]?.text
            item.savedAt = try RecordError.date(post["time"]?.text, field: "time", Timestamp.iso8601)
            item.tags = TagList.normalized((post["tags"]?.text ?? "").split(whereSeparator: \.isWhitespace).map(String.init))
            if let toRead = post["toread"]?.flag { item.isArchived = !toRead }
            return item
        }
    }
}
