import Foundation

/// What saving, fetching again and importing write on an article already in the library: the
/// rules every front end shares, so a command only parses, calls the store and prints.
extension Article {
    /// What saving `self` again writes on `current`, a live article with the same address. It
    /// keeps its reading state, and gets: content better than its own (new complete content, or
    /// a link over pending), with the page's title; the title, when `titleIsChosen` (the user
    /// typed it); a title, if it had none; the address as given, if it kept none (saved before
    /// Folio kept it); the new tags; and it leaves the trash.
    public func resaveFields(over current: Article, titleIsChosen: Bool) throws -> [(field: String, value: JSONValue)] {
        var fields: [(field: String, value: JSONValue)] = []
        if current.isTrashed { fields.append((Field.trashedAt, .null)) }
        if let given = current.givenURLField(savingAgainWith: givenURL) { fields.append(given) }
        let betterContent = current.content != content
            && (content.status == .complete || content.status.completeness > current.content.status.completeness)
        if betterContent { fields.append((Field.content, try JSONValue(encoding: content))) }
        if !title.isEmpty, titleIsChosen || betterContent || current.title.isEmpty {
            fields.append((Field.title, .string(title)))
        }
        for tag in tags.compactMap(Tag.init) { fields.append((Field.tag(tag), .string(tag.display))) }
        return fields
    }

    /// What fetching the page of `self` again writes: the new content, and the page's title when
    /// the article has only a placeholder title (``placeholderTitle(for:)``) or none. Reading
    /// state, tags and a title the user chose are kept.
    public func refetchFields(content: ArticleContent, pageTitle: String?) throws -> [(field: String, value: JSONValue)] {
        var fields: [(field: String, value: JSONValue)] = [(Field.content, try JSONValue(encoding: content))]
        if let pageTitle, !pageTitle.isEmpty, title.isEmpty || title == Self.placeholderTitle(for: url) {
            fields.append((Field.title, .string(pageTitle)))
        }
        return fields
    }

    /// What importing `incoming` writes. An article not in the library (`current` nil, or
    /// deleted for good while `incoming` is not) gets everything the source had. An article
    /// already here keeps its own state and gains only what it lacks: a title (if it has none or
    /// only its address), complete text, a note, the address as given, more progress, a read date, and the archived
    /// and favourite marks and tags the source set. Unknown fields of `incoming` hold Folio's
    /// defaults, which add nothing, so importing the same file again writes nothing new.
    public static func importFields(_ incoming: Article, over current: Article?) throws -> [(field: String, value: JSONValue)] {
        guard let current, !current.isDeleted || incoming.isDeleted else { return incoming.savedFields() }
        var fields: [(field: String, value: JSONValue)] = []
        if !incoming.title.isEmpty, current.title.isEmpty || current.title == current.url {
            fields.append((Field.title, .string(incoming.title)))
        }
        if incoming.content.status == .complete, current.content.status != .complete {
            fields.append((Field.content, try JSONValue(encoding: incoming.content)))
        }
        if incoming.isArchived { fields.append((Field.archived, .bool(true))) }
        if incoming.isFavorite { fields.append((Field.favorite, .bool(true))) }
        if current.readAt == nil, let readAt = incoming.readAt { fields.append((Field.readAt, .string(JSONCoding.formatDate(readAt)))) }
        if incoming.progress > current.progress { fields.append((Field.progress, .number(incoming.progress))) }
        if !incoming.note.isEmpty, current.note.isEmpty { fields.append((Field.note, .string(incoming.note))) }
        if let given = current.givenURLField(savingAgainWith: incoming.givenURL) { fields.append(given) }
        for tag in incoming.tags.compactMap(Tag.init) { fields.append((Field.tag(tag), .string(tag.display))) }
        return fields
    }
}

extension ContentStatus {
    /// How much of a page content with this status holds: pending, then a link, then complete.
    var completeness: Int {
        switch self {
        case .pending: 0
        case .linkOnly: 1
        case .complete: 2
        }
    }
}
