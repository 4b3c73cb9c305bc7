import FolioModel

/// Reads Chrome's `Bookmarks` file (also Chromium, Edge, Brave, Vivaldi): JSON with `roots`
/// (`bookmark_bar`, `other`, `synced`) holding folders and `url` entries with `name`, `url`
/// and `date_added` (microseconds since 1601). Folders become tags, the roots do not.
enum ChromeBookmarksParser {
    private static let rootOrder = ["bookmark_bar", "other", "synced"]

    static func parse(_ text: String) throws(ImportError) -> ImportBatch {
        let file = try JSONInput.object(text, format: .chrome)
        guard let roots = file["roots"]?.objectValue else { throw .malformed(format: .chrome, reason: "no \"roots\" object") }
        let names = rootOrder.filter { roots[$0] != nil } + roots.keys.filter { !rootOrder.contains($0) }.sorted()
        // The roots are the browser's own folders: what is in them starts with no folder tag.
        let topLevel = names.flatMap { roots[$0]?.objectValue?["children"]?.arrayValue ?? [] }
        let tree = try BookmarkTree(roots: topLevel, format: .chrome) { folder in
            folder["name"]?.text.map { BookmarkTree.Folder.tag($0) } ?? .untagged
        }
        var builder = ImportBatchBuilder()
        for (offset, entry) in tree.entries.enumerated() where entry.value["type"]?.text ?? "url" == "url" {
            builder.add(at: .item(offset + 1)) { () throws(RecordError) in
                var item = ImportedItem(url: try RecordError.url(entry.value["url"]?.text))
                item.title = entry.value["name"]?.text
                item.savedAt = try RecordError.date(entry.value["date_added"]?.text, field: "date_added", Timestamp.webKitTime)
                item.tags = TagList.normalized(entry.tags)
                return item
            }
        }
        return builder.batch
    }
}
