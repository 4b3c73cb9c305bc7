/// The names of synced fields, and the merge policy of each: the one table both client and server use.
public enum Field {
    // Article fields.
    /// The canonical address (SPEC §2.1): what names the page and what listings show.
    public static let url = "url"
    /// The address as the user gave it, when it differs from ``url`` (a fragment, tracking
    /// parameters): what opening the page uses. `""` or absent: open ``url``.
    public static let givenURL = "givenURL"
    public static let title = "title"
    public static let content = "content"
    public static let savedAt = "savedAt"
    public static let progress = "progress"
    /// The date the article was marked read, or null when unread.
    public static let readAt = "readAt"
    public static let archived = "archived"
    public static let favorite = "favorite"
    public static let note = "note"
    public static let deleted = "deleted"
    /// When the article was moved to the trash, or null when it is not in the trash. Trashing
    /// keeps the content, so a restore brings the article back whole; emptying the trash is the
    /// real deletion (``deleted``).
    public static let trashedAt = "trashedAt"
    /// Prefix of tag fields: `tag:` followed by the normalised tag (see ``Tag``).
    public static let tagPrefix = "tag:"

    // Highlight fields (plus `note` and `deleted`).
    public static let article = "article"
    public static let quote = "quote"
    public static let position = "position"
    public static let createdAt = "createdAt"

    /// The field of one tag.
    public static func tag(_ tag: Tag) -> String { tagPrefix + tag.key }

    /// True for a tag field.
    public static func isTag(_ field: String) -> Bool { field.hasPrefix(tagPrefix) }

    /// The value a field has before it is ever written (nil when it has no default).
    public static func defaultValue(of field: String) -> JSONValue? {
        switch field {
        case progress, position: .number(0)
        case archived, favorite, deleted: .bool(false)
        case note, givenURL: .string("")
        case readAt, trashedAt: .null
        default: nil
        }
    }

    /// The merge policy of a field.
    public static func policy(of field: String) -> FieldPolicy {
        isTag(field) ? .addWins : .lastWriterWins
    }
}

/// How concurrent writes to one field are resolved.
public enum FieldPolicy: Sendable, Equatable {
    /// One register; the causally later write wins, and between concurrent writes the larger
    /// (stamp, replica id), with the loser written to the conflict log.
    case lastWriterWins
    /// An observed-remove set of writes: a value (an add) survives unless the remover had seen it,
    /// so an add wins over a concurrent remove. Null values mark removals.
    case addWins
}
