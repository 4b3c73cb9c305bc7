import FolioModel

/// Reads Firefox's JSON bookmark backup: a tree of `text/x-moz-place-container` folders and
/// `text/x-moz-place` entries with `uri`, `title`, `dateAdded` (microseconds), comma-separated
/// `tags` and, in older backups, a description among `annos`. Folders become tags; the
/// built-in roots (menu, toolbar, other, mobile) do not, and the old tag index is not walked.
/// `place:` queries are reported and skipped; separators are left out.
enum FirefoxBookmarksParser {
    static func parse(_ text: String) throws(ImportError) -> ImportBatch {
        let root = try JSONInput.object(text, format: .firefox)
        let tree = try BookmarkTree(roots: [.object(root)], format: .firefox) { folder in
            switch folder["root"]?.text {
            case "tagsFolder": .skipped
            case .some(_): .untagged
            case nil: folder["title"]?.text.map { BookmarkTree.Folder.tag($0) } ?? .untagged
            }
        }
        var builder = ImportBatchBuilder()
        for (offset, entry) in tree.entries.enumerated() where entry.value["type"]?.text == "text/x-moz-place" {
            builder.add(at: .item(offset + 1)) { () throws(RecordError) in
                var item = ImportedItem(url: try RecordError.url(entry.value["uri"]?.text))
                item.title = entry.value["title"]?.text
                item.savedAt = try RecordError.date(entry.value["dateAdded"]?.text, field: "dateAdded", Timestamp.unixTime)
                item.tags = TagList.normalized(entry.tags + (entry.value["tags"]?.text ?? "").split(separator: ",").map(String.init))
                item.note = (entry.value["annos"]?.arrayValue ?? [])
                    .first { $0.objectValue?["name"]?.text == "bookmarkProperties/description" }?
                    .objectValue?["value"]?.text
                return item
            }
        }
        return builder.batch
    }
}
