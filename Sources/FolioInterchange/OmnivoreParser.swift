import FolioModel
import Foundation

/// Reads Omnivore's JSON export (`metadata_*.json`): a list of items with `url`, `title`,
/// `description`, `author`, `thumbnail`, `labels`, `state` (`Active`, `Archived`, `Deleted`),
/// `readingProgress` in percent and ISO 8601 `savedAt`/`publishedAt`. Optional `content` (HTML,
/// sanitised here) and `highlights` (`quote`, `annotation`, `createdAt`) are read when present.
/// Items Omnivore had deleted are reported and skipped.
enum OmnivoreParser {
    static func parse(_ text: String) throws(ImportError) -> ImportBatch {
        parse(entries: try JSONInput.array(text, format: .omnivore))
    }

    /// The items of metadata entries, numbered from 1 in the order given.
    static func parse(entries: [JSONValue]) -> ImportBatch {
        ImportBatchBuilder.batch(entries, item)
    }

    private static func item(_ entry: [String: JSONValue]) throws(RecordError) -> ImportedItem {
        let url = try RecordError.url(entry["url"]?.text)
        let state = entry["state"]?.text
        if state == "Deleted" { throw RecordError("deleted in Omnivore: not imported") }
        var item = ImportedItem(url: url)
        item.title = entry["title"]?.text
        item.savedAt = try RecordError.date(entry["savedAt"]?.text, field: "savedAt", Timestamp.iso8601)
        if let state { item.isArchived = state == "Archived" }
        if let percent = (entry["readingProgress"] ?? entry["readingProgressPercent"])?.numberValue {
            item.progress = min(max(percent / 100, 0), 1)
        }
        item.tags = TagList.normalized((entry["labels"]?.arrayValue ?? []).compactMap { $0.text ?? $0.objectValue?["name"]?.text })
        let metadata = ArticleContent(
            byline: entry["author"]?.text,
            excerpt: entry["description"]?.text,
            leadImageURL: entry["thumbnail"]?.text,
            publishedAt: try RecordError.date(entry["publishedAt"]?.text, field: "publishedAt", Timestamp.iso8601)
        )
        item.content = ImportedContent.make(html: entry["content"]?.text, url: url, metadata: metadata, service: "Omnivore")
        item.highlights = try (entry["highlights"]?.arrayValue ?? []).map(highlight)
        return item
    }

    private static func highlight(_ value: JSONValue) throws(RecordError) -> ImportedHighlight {
        guard let highlight = value.objectValue, let quote = highlight["quote"]?.text else {
            throw RecordError("a highlight has no quote")
        }
        return ImportedHighlight(
            quote: quote,
            note: highlight["annotation"]?.text,
            createdAt: try RecordError.date(highlight["createdAt"]?.text, field: "highlight createdAt", Timestamp.iso8601)
        )
    }
}
