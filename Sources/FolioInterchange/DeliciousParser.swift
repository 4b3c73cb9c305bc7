import FolioModel

/// Reads Delicious's JSON export: `u` (the address), `d` (the title), `n` (the note), `t`
/// (a list of tags, or one space-separated string) and ISO 8601 `dt`.
enum DeliciousParser {
    static func parse(_ text: String) throws(ImportError) -> ImportBatch {
        try ImportBatchBuilder.batch(JSONInput.array(text, format: .delicious)) { post throws(RecordError) in
            var item = ImportedItem(url: try RecordError.url(post["u"]?.text))
            item.title = post["d"]?.text
            item.note = post["n"]?.text
            item.savedAt = try RecordError.date(post["dt"]?.text, field: "dt", Timestamp.iso8601)
            let tags = post["t"]?.arrayValue?.compactMap(\.text)
                ?? (post["t"]?.text ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
            item.tags = TagList.normalized(tags)
            return item
        }
    }
}
