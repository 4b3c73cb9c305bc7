import Foundation

/// Reads Netscape bookmark files, the common export of browsers (Firefox, Chromium), Pinboard,
/// Shaarli, Scuttle, linkding and others.
///
/// Each `<A HREF>` is an item: `ADD_DATE` in Unix seconds, milliseconds or microseconds (or ISO
/// 8601, or Shaarli's log form), `TAGS` split on commas (or on spaces when there is none), and the
/// folders (`<H3>`) it sits in become tags too, except the browser's own toolbar and "other"
/// folders. A `<DD>` after a bookmark (or Scuttle's `DESCRIPTION` attribute) is its description,
/// kept as the note with its line breaks. When any bookmark has a `TOREAD` attribute (Pinboard's
/// reading list, which Folio writes), the bookmarks without `TOREAD="1"` are archived.
///
/// An item whose `HREF` is missing or relative is a note with no web address (a Shaarli note,
/// `?abc123`): it becomes a text article whose text is its description. Addresses with another
/// scheme (`place:`, `javascript:`) are reported and skipped.
enum NetscapeParser {
    /// Folders this deep give their names as tags; deeper ones give none.
    static let maximumFolderDepth = 64

    static func parse(_ text: String) -> ImportBatch {
        let source = Array(text.utf8)
        let tokens = MarkupScanner.tokens(source)
        var items: [ImportedItem] = []
        var lines: [Int] = []
        var toRead: [Bool?] = []
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
                // Folders nested past the bound still nest, but give no more tags.
                folders.append(folders.count < maximumFolderDepth ? pendingFolder : nil)
                pendingFolder = nil
            case .end("dl"):
                _ = folders.popLast()
            case .start("a", let attributes):
                let (title, next) = MarkupText.collect(tokens, from: index, closing: "a")
                index = next
                described = nil
                do throws(RecordError) {
                    items.append(try bookmark(attributes, title: title, folders: folders.compactMap { $0 }))
                    lines.append(located.line)
                    toRead.append(attributes["toread"].map { ["1", "yes", "true"].contains($0.lowercased()) })
                    described = items.count - 1
                } catch {
                    problems.append(ImportProblem(.line(located.line), error.reason))
                }
            case .start("dd", _):
                let (description, next) = MarkupText.description(tokens, from: index, source: source)
                index = next
                if let described, !description.isEmpty { describe(&items[described], description) }
                described = nil
            default:
                break
            }
        }
        if toRead.contains(where: { $0 != nil }) {
            for position in items.indices { items[position].isArchived = toRead[position] != true }
        }
        var kept: [ImportedItem] = []
        for (item, line) in zip(items, lines) {
            do throws(RecordError) {
                if item.url.isEmpty, item.title == nil, item.content == nil { throw RecordError("no URL, title or text") }
                try item.checkRecordRules()
                kept.append(item)
            } catch {
                problems.append(ImportProblem(.line(line), error.reason))
            }
        }
        problems.sort { $0.position.line < $1.position.line }
        return ImportBatch(merging: kept, problems: problems)
    }

    private static func bookmark(_ attributes: [String: String], title: String, folders: [String]) throws(RecordError) -> ImportedItem {
        let href = (attributes["href"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let savedAt = try RecordError.date(attributes["add_date"], field: "ADD_DATE", Timestamp.bookmarkDate)
        var item: ImportedItem
        if hasScheme(href) {
            item = ImportedItem(url: try RecordError.url(href))
            item.title = title.isEmpty ? nil : title
            item.savedAt = savedAt
        } else {
            item = ImportedItem(noteTitled: title.isEmpty ? nil : title, savedAt: savedAt)
        }
        item.tags = TagList.normalized(TagList.splitBookmarkTags(attributes["tags"] ?? "") + folders)
        if let description = attributes["description"].map(MarkupText.keepingLineBreaks), !description.isEmpty { describe(&item, description) }
        return item
    }

    /// A description is a bookmark's note, and a note's text.
    private static func describe(_ item: inout ImportedItem, _ description: String) {
        if item.url.isEmpty { item.content = ImportedContent.text(description) } else { item.note = description }
    }

    /// Whether `href` starts with a URI scheme (`https:`, `place:`); relative addresses do not.
    private static func hasScheme(_ href: String) -> Bool {
        guard let colon = href.firstIndex(of: ":"), let first = href.first, first.isASCII, first.isLetter else { return false }
        return href[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    /// The bookmarks toolbar and "other bookmarks" folders are places in the browser, not topics.
    private static func isBrowserFolder(_ attributes: [String: String]) -> Bool {
        attributes["personal_toolbar_folder"] == "true" || attributes["unfiled_bookmarks_folder"] == "true"
    }
}
