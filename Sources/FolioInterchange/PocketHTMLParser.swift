import Foundation

/// Reads Pocket's HTML export (`ril_export.html`): an `<h1>Unread</h1>` list and an
/// `<h1>Read Archive</h1>` list of links with `time_added` (Unix seconds) and comma-separated `tags`.
enum PocketHTMLParser {
    static func parse(_ text: String) -> ImportBatch {
        let tokens = MarkupScanner.tokens(text)
        var items: [ImportedItem] = []
        var problems: [ImportProblem] = []
        var inArchive = false
        var index = 0
        while index < tokens.count {
            let located = tokens[index]
            index += 1
            switch located.token {
            case .start("h1", _):
                let (heading, next) = MarkupText.collect(tokens, from: index, closing: "h1")
                index = next
                inArchive = heading.lowercased().contains("archive")
            case .start("a", let attributes):
                let (title, next) = MarkupText.collect(tokens, from: index, closing: "a")
                index = next
                do throws(RecordError) {
                    var item = ImportedItem(url: try RecordError.url(attributes["href"]))
                    item.title = title.isEmpty ? nil : title
                    item.savedAt = try RecordError.date(attributes["time_added"], field: "time_added", Timestamp.unixTime)
                    item.tags = TagList.normalized((attributes["tags"] ?? "").split(separator: ",").map(String.init))
                    item.isArchived = inArchive
                    try item.checkRecordRules()
                    items.append(item)
                } catch {
                    problems.append(ImportProblem(.line(located.line), error.reason))
                }
            default:
                break
            }
        }
        return ImportBatch(merging: items, problems: problems)
    }
}
