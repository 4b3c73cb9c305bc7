import Foundation

/// Reads Netscape bookmark files, the common export of browsers (Firefox, Chromium), Pinboard,
/// Shaarli, linkding and others.
///
/// Each `<A HREF>` is an item: `ADD_DATE` in Unix seconds, milliseconds or microseconds (or ISO
/// 8601, or Shaarli's log form), `TAGS` split on commas (or on spaces when there is none), and the
/// folders (`<H3>`) it sits in become tags too, except the browser's own toolbar and "other"
/// folders. A `<DD>` after a bookmark is its description, kept as the note. Addresses that are not
/// web pages (`place:`, `javascript:`) are reported and skipped.
enum NetscapeParser {
    static func parse(_ text: String) -> ImportBatch {
        let tokens = MarkupScanner.tokens(text)
        var items: [ImportedItem] = []
        var problems: [ImportProblem] = []
        var folders: [String?] = []
        var pendingFolder: String?
        var described: Int?
        var index = 0
        while index < tokens.count {
            let located = tokens[index]
            index += 1
            switch located.token {
            case .start("h3", let attributes):
                let (name, next) = MarkupText.collect(tokens, from: index, closing: "h3")
                index = next
                pendingFolder = isBrowserFolder(attributes) || name.isEmpty ? nil : name
                described = nil
            case .start("dl", _):
                folders.append(pendingFolder)
                pendingFolder = nil
            case .end("dl"):
                _ = folders.popLast()
            case .start("a", let attributes):
                let (title, next) = MarkupText.collect(tokens, from: index, closing: "a")
                index = next
                described = nil
                do throws(RecordError) {
                    items.append(try bookmark(attributes, title: title, folders: folders.compactMap { $0 }))
                    described = items.count - 1
                } catch {
                    problems.append(ImportProblem(.line(located.line), error.reason))
                }
            case .start("dd", _):
                let (description, next) = MarkupText.collect(tokens, from: index, closing: "dd")
                index = next
                if let described, !description.isEmpty { items[described].note = description }
                described = nil
            default:
                break
            }
        }
        return ImportBatch(merging: items, problems: problems)
    }

    private static func bookmark(_ attributes: [String: String], title: String, folders: [String]) throws(RecordError) -> ImportedItem {
        var item = ImportedItem(url: try RecordError.url(attributes["href"]))
        item.title = title.isEmpty ? nil : title
        item.savedAt = try RecordError.date(attributes["add_date"], field: "ADD_DATE", Timestamp.bookmarkDate)
        item.tags = TagList.normalized(TagList.splitBookmarkTags(attributes["tags"] ?? "") + folders)
        return item
    }

    /// The bookmarks toolbar and "other bookmarks" folders are places in the browser, not topics.
    private static func isBrowserFolder(_ attributes: [String: String]) -> Bool {
        attributes["personal_toolbar_folder"] == "true" || attributes["unfiled_bookmarks_folder"] == "true"
    }
}
