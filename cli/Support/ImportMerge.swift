import FolioInterchange
import FolioModel
import FolioStore
import Foundation

/// How an imported item lands in the library: a new article gets everything the source had; an
/// article already here keeps its own state and gains only what it lacks (tags, a title, the
/// text, a note, the address as given, progress, and the archived/favourite/read marks the
/// source set). Writing only
/// differences makes a repeated import change nothing.
enum ImportMerge {
    /// The change for one imported article.
    static func change(for item: ImportedItem, now: Date, tally: ImportTally) -> LocalChange {
        LocalChange(id: item.id, kind: .article) { state in
            guard let state, !Article(state: state).isDeleted || item.isDeleted == true else {
                tally.imported += 1
                return item.article(savedAtFallback: now).savedFields()
            }
            let current = Article(state: state)
            var fields: [(field: String, value: JSONValue)] = []
            if let title = item.title, !title.isEmpty, current.title.isEmpty || current.title == current.url {
                fields.append((Field.title, .string(title)))
            }
            if let content = item.content, case .complete = content.status, current.content.status != .complete {
                fields.append((Field.content, (try? JSONValue(encoding: content)) ?? .null))
            }
            if item.isArchived == true { fields.append((Field.archived, .bool(true))) }
            if item.isFavorite == true { fields.append((Field.favorite, .bool(true))) }
            if current.readAt == nil, let readAt = item.readAt ?? (item.isRead == true ? item.savedAt ?? current.savedAt : nil) {
                fields.append((Field.readAt, .string(JSONCoding.formatDate(readAt))))
            }
            if let progress = item.progress, progress > current.progress { fields.append((Field.progress, .number(progress))) }
            if let note = item.note, !note.isEmpty, current.note.isEmpty { fields.append((Field.note, .string(note))) }
            if let given = current.givenURLField(savingAgainWith: item.givenURL) { fields.append(given) }
            for tag in item.tags.compactMap(Tag.init) { fields.append((Field.tag(tag), .string(tag.display))) }
            if fields.contains(where: { !state.holds($0.field, $0.value) }) { tally.merged += 1 } else { tally.unchanged += 1 }
            return fields
        }
    }

    /// The changes for an item's highlights (new ones only; existing ones are left alone).
    static func highlightChanges(for item: ImportedItem) -> [LocalChange] {
        item.highlightRecords(createdAtFallback: item.savedAt ?? Date(timeIntervalSince1970: 0)).map { highlight in
            LocalChange(id: highlight.id, kind: .highlight) { state in state == nil ? highlight.createdFields() : [] }
        }
    }
}

/// Counts of what an import did, filled in as its changes are applied.
final class ImportTally {
    var imported = 0
    var merged = 0
    var unchanged = 0
}
