import FolioModel

/// Reads Readability's JSON export: `bookmarks` with `article__url`, `article__title`,
/// `article__excerpt`, `archive`, `favorite` and `date_added` (ISO 8601 without an offset, UTC).
enum ReadabilityParser {
    static func parse(_ text: String) throws(ImportError) -> ImportBatch {
        let file = try JSONInput.object(text, format: .readability)
        guard let bookmarks = file["bookmarks"]?.arrayValue else {
            throw .malformed(format: .readability, reason: "no \"bookmarks\" list")
        }
        return ImportBatchBuilder.batch(bookmarks) { bookmark throws(RecordError) in
            var item = ImportedItem(url: try RecordError.url(bookmark["article__url"]?.text))
            item.title = bookmark["article__title"]?.text
            item.savedAt = try RecordError.date(bookmark["date_added"]?.text, field: "date_added", Timestamp.iso8601AssumingUTC)
            item.isArchived = bookmark["archive"]?.flag
            item.isFavorite = bookmark["favorite"]?.flag
            if let excerpt = bookmark["article__excerpt"]?.text {
                item.content = ArticleContent(excerpt: HTMLEntities.decode(excerpt), status: .pending(reason: "imported from Readability without the article text"))
            }
            return item
        }
    }
}
