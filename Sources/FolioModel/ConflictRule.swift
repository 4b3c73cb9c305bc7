import Foundation

/// What the conflict log reports: the one rule devices and the server share, applied by
/// ``RecordMerge`` wherever records merge (SPEC §7).
///
/// The log is for a person who wants something back, so it holds:
///
/// - **A concurrent write that lost**, unless it carried nothing a person would miss:
///   - the same value as the kept write;
///   - a date in `savedAt`, `readAt`, `createdAt` or `trashedAt` that lost to another date
///     (saving, reading or trashing an article on two devices is not worth an entry; *that* it
///     was read or trashed is kept either way);
///   - `content` (two fetches of one page), unless the lost value held the article's text and
///     the kept one holds neither text nor a deletion;
///   - a `title` that was the placeholder of an offline save (``Article/placeholderTitle(for:)``),
///     replaced by the page's own title.
/// - **An edit a deletion hid**: a write to another field by a replica that had not seen the
///   deletion, which the deleting replica had not seen either. It is logged under the edit's
///   field, with the deletion's `deleted` register as the kept one. Not logged: `content` (a
///   deletion drops it by design), a re-save or undelete (it wrote `deleted` too, and is that
///   field's conflict), an edit to the value the deleting side already held, and the edits of a
///   side that deleted the record itself.
enum ConflictRule {
    /// Fields that record when something happened.
    static let momentFields: Set<String> = [Field.savedAt, Field.readAt, Field.createdAt, Field.trashedAt]

    /// True when a concurrent write to `conflict.field` that lost is worth a log entry. `url` is
    /// the merged record's address, if it has one.
    static func isReported(_ conflict: Conflict, url: String?) -> Bool {
        let (kept, lost) = (conflict.kept.value, conflict.lost.value)
        guard kept != lost else { return false }
        switch conflict.field {
        case _ where momentFields.contains(conflict.field):
            return kept.isNull || lost.isNull
        case Field.content:
            return hasText(lost) && !hasText(kept) && !kept.isNull
        case Field.title:
            return url.map { lost != .string(Article.placeholderTitle(for: $0)) } ?? true
        default:
            return true
        }
    }

    /// The edits that the deletion kept in `merged` hid (see the rule above); `logged` holds
    /// the registers already logged as losers of their own field.
    static func editsHidden(byDeletionIn merged: [Register], local: RecordState, incoming: RecordState, logged: Set<Register>) -> [Conflict] {
        guard let deletion = merged.first(where: { $0.field == Field.deleted }), deletion.value == .bool(true) else { return [] }
        let deletedLocally = local.registers(of: Field.deleted).contains { $0.dot == deletion.dot }
        let (deleter, other) = deletedLocally ? (local, incoming) : (incoming, local)
        let otherDeletes = other.registers(of: Field.deleted)
        guard !other.vector.covers(deletion.dot), !otherDeletes.contains(where: { $0.value == .bool(true) }) else { return [] }
        let saves = Set(otherDeletes.map(\.dot))
        return other.registers
            .filter { edit in
                edit.field != Field.deleted && edit.field != Field.content && !saves.contains(edit.dot)
                    && !deleter.vector.covers(edit.dot) && !logged.contains(edit) && !deleter.holds(edit.field, edit.value)
            }
            .map { Conflict(recordID: local.id, field: $0.field, kept: deletion, lost: $0) }
    }

    /// True for a `content` value that holds the article's text.
    static func hasText(_ content: JSONValue) -> Bool {
        ArticleContent(register: content)?.status == .complete
    }
}
