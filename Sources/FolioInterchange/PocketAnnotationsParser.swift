import FolioModel

/// Reads Pocket's annotation files (`annotations/part_000000.json` in its 2025 export): a list
/// of articles with `url`, `title` and `highlights` (`quote`, `created_at` in Unix seconds).
/// Imported after (or before) the CSV, the highlights join the same articles.
enum PocketAnnotationsParser {
    static func parse(_ text: String) throws(ImportError) -> ImportBatch {
        try ImportBatchBuilder.batch(JSONInput.array(text, format: .pocketAnnotations)) { article throws(RecordError) in
            var item = ImportedItem(url: try RecordError.url(article["url"]?.text))
            item.title = article["title"]?.text
            item.highlights = try (article["highlights"]?.arrayValue ?? []).map(highlight)
            return item
        }
    }

    private static func highlight(_ value: JSONValue) throws(RecordError) -> ImportedHighlight {
        guard let highlight = value.objectValue, let quote = highlight["quote"]?.text else {
            throw RecordError("a highlight has no quote")
        }
        let created = try RecordError.date(highlight["created_at"]?.text, field: "highlight created_at", Timestamp.unixTime)
        return ImportedHighlight(quote: quote, createdAt: created)
    }
}
