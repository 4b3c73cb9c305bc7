import FolioModel
import Foundation
import GRDB

/// A tag in use, with how many articles outside the trash carry it.
public struct TagCount: Sendable, Equatable, Codable {
    /// The spelling most of its articles use.
    public var tag: String
    public var count: Int
}

extension FolioDatabase {
    // MARK: - Tags

    /// Every tag on articles outside the trash, with its count, sorted by name.
    public func tagCounts() throws -> [TagCount] {
        let lists = try read { db in
            try String.fetchAll(db, sql: "SELECT a.tags FROM article a WHERE a.deleted = 0 AND \(ArticleState.trashed.negatedSQLCondition) AND a.tags != ''")
        }
        var spellings: [String: [String: Int]] = [:]
        for list in lists {
            for display in list.components(separatedBy: "\u{1F}") { spellings[Tag.normalize(display), default: [:]][display, default: 0] += 1 }
        }
        return spellings.values.map { counts in
            let tag = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
            return TagCount(tag: tag, count: counts.values.reduce(0, +))
        }
        .sorted { $0.tag.localizedCaseInsensitiveCompare($1.tag) == .orderedAscending }
    }

    /// Renames a tag on every article that has it, in the trash too (so a restored article shows
    /// the new name): on each, one write that removes the old tag and adds the new one. Tags are
    /// add-wins registers, so a device that adds the old tag while this runs elsewhere keeps it.
    /// A new spelling of the same tag (`swift` to `Swift`) rewrites its display. Returns how
    /// many articles changed.
    @discardableResult
    public func renameTag(_ old: Tag, to new: Tag, now: Date = Date()) throws -> Int {
        let fields: [(field: String, value: JSONValue)] = (old == new ? [] : [(Field.tag(old), .null)]) + [(Field.tag(new), .string(new.display))]
        return try write { db in
            let ids = try String.fetchAll(
                db, sql: "SELECT a.id FROM article_tag t JOIN article a ON a.rowid = t.article WHERE t.tag = ? AND a.deleted = 0", arguments: [old.key])
            return try Self.change(db, ids.compactMap(UUID.init(uuidString:)).map { LocalChange(id: $0, kind: .article) { _ in fields } }, now: now)
        }
    }

    // MARK: - Highlights

    /// Adds a highlight to an article.
    public func addHighlight(_ highlight: Highlight, now: Date = Date()) throws {
        try requireLive(highlight.articleID)
        try change(highlight.id, kind: .highlight, now: now) { _ in highlight.createdFields() }
    }

    /// Deletes a highlight (its `deleted` register, so every device drops it after sync).
    @discardableResult
    public func deleteHighlight(_ id: UUID, now: Date = Date()) throws -> Bool {
        try change(id, kind: .highlight, now: now) { state in
            guard let state, state.kind == .highlight, !Highlight(state: state).isDeleted else { throw StoreError.noHighlight(RecordStorage.key(id)) }
            return [(Field.deleted, .bool(true))]
        }
    }
}
