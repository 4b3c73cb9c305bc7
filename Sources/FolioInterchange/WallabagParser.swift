import FolioModel
import Foundation

/// Reads Wallabag's v2 JSON export: a list of entries with `url`, `title`, `is_archived`,
/// `is_starred` (as booleans or 0/1), `created_at`, `tags`, the article `content` as HTML
/// (sanitised here), metadata (`language`, `preview_picture`, `published_at`, `published_by`)
/// and `annotations` (quote and note), which become highlights.
///
/// Wallabag v1 exports are read too: `is_read` (archived, as v2 imports it) and `is_fav` for
/// the flags, as strings `"0"`/`"1"`, and `tags` as one comma-separated string.
enum WallabagParser {
    /// The title Wallabag stores when it found none.
    private static let noTitle = "No title found"

    static func parse(_ text: String) throws(ImportError) -> ImportBatch {
        try ImportBatchBuilder.batch(JSONInput.array(text, format: .wallabag), item)
    }

    private static func item(_ entry: [String: JSONValue]) throws(RecordError) -> ImportedItem {
        let url = try RecordError.url(entry["url"]?.text)
        var item = ImportedItem(url: url)
        item.title = entry["title"]?.text.flatMap { $0 == noTitle ? nil : $0 }
        item.savedAt = try RecordError.date(entry["created_at"]?.text, field: "created_at", Timestamp.iso8601)
        item.isArchived = (entry["is_archived"] ?? entry["is_read"])?.flag
        item.isFavorite = (entry["is_starred"] ?? entry["is_fav"])?.flag
        let tags = entry["tags"]?.arrayValue?.compactMap { $0.text ?? $0.objectValue?["label"]?.text }
            ?? (entry["tags"]?.text ?? "").split(separator: ",").map(String.init)
        item.tags = TagList.normalized(tags)
        let metadata = ArticleContent(
            byline: entry["published_by"]?.arrayValue?.compactMap(\.text).joined(separator: ", ").nonEmpty,
            leadImageURL: entry["preview_picture"]?.text,
            language: entry["language"]?.text,
            publishedAt: try RecordError.date(entry["published_at"]?.text, field: "published_at", Timestamp.iso8601)
        )
        item.content = ImportedContent.make(html: entry["content"]?.text, url: url, metadata: metadata, service: "Wallabag")
        item.highlights = try (entry["annotations"]?.arrayValue ?? []).map(annotation)
        return item
    }

    private static func annotation(_ value: JSONValue) throws(RecordError) -> ImportedHighlight {
        guard let annotation = value.objectValue, let quote = annotation["quote"]?.text else {
            throw RecordError("an annotation has no quote")
        }
        return ImportedHighlight(
            quote: quote,
            note: annotation["text"]?.text,
            createdAt: try RecordError.date(annotation["created_at"]?.text, field: "annotation created_at", Timestamp.iso8601)
        )
    }
}
