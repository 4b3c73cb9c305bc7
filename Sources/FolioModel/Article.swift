import Foundation

/// A saved article as the user sees it: the current value of each of its registers.
public struct Article: Hashable, Sendable, Codable {
    public var id: UUID
    /// The canonical address (SPEC §2.1), or `""` for a text with no address.
    public var url: String
    /// The address as the user gave it, when it differs from ``url``; nil for records saved
    /// before Folio kept it, and for addresses given in canonical form. See ``addressToOpen``.
    public var givenURL: String?
    public var title: String
    public var content: ArticleContent
    public var savedAt: Date
    /// Reading progress through the text, 0...1.
    public var progress: Double
    /// When the article was marked read; nil while unread.
    public var readAt: Date?
    public var isArchived: Bool
    public var isFavorite: Bool
    public var note: String
    /// Tags in their display spelling, sorted.
    public var tags: [String]
    /// When the article was moved to the trash; nil when it is not in the trash.
    public var trashedAt: Date?
    public var isDeleted: Bool

    public init(
        id: UUID, url: String, givenURL: String? = nil, title: String, content: ArticleContent = ArticleContent(status: .pending(reason: "not fetched yet")),
        savedAt: Date, progress: Double = 0, readAt: Date? = nil, isArchived: Bool = false,
        isFavorite: Bool = false, note: String = "", tags: [String] = [], trashedAt: Date? = nil, isDeleted: Bool = false
    ) {
        self.id = id
        self.url = url
        self.givenURL = givenURL
        self.title = title
        self.content = content
        self.savedAt = savedAt
        self.progress = progress
        self.readAt = readAt
        self.isArchived = isArchived
        self.isFavorite = isFavorite
        self.note = note
        self.tags = tags
        self.trashedAt = trashedAt
        self.isDeleted = isDeleted
    }

    /// The article a record's registers describe; fields never written take their defaults.
    public init(state: RecordState) {
        func date(_ field: String) -> Date? { state.value(of: field)?.stringValue.flatMap(JSONCoding.parseDate) }
        self.init(
            id: state.id,
            url: state.value(of: Field.url)?.stringValue ?? "",
            givenURL: state.value(of: Field.givenURL)?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
            title: state.value(of: Field.title)?.stringValue ?? "",
            content: state.value(of: Field.content).flatMap { ArticleContent(register: $0) ?? (try? $0.decode(as: ArticleContent.self)) }
                ?? ArticleContent(status: .pending(reason: "content not synced")),
            savedAt: date(Field.savedAt) ?? Date(timeIntervalSince1970: 0),
            progress: state.value(of: Field.progress)?.numberValue.map { $0.isFinite ? min(1, max(0, $0)) : 0 } ?? 0,
            readAt: date(Field.readAt),
            isArchived: state.value(of: Field.archived)?.boolValue ?? false,
            isFavorite: state.value(of: Field.favorite)?.boolValue ?? false,
            note: state.value(of: Field.note)?.stringValue ?? "",
            tags: state.tags,
            trashedAt: date(Field.trashedAt),
            isDeleted: state.value(of: Field.deleted)?.boolValue ?? false
        )
    }

    /// The registers of a freshly saved (or re-saved) article: re-saving clears a deletion.
    public func savedFields() -> [(field: String, value: JSONValue)] {
        var fields: [(String, JSONValue)] = [
            (Field.url, .string(url)),
            (Field.title, .string(title)),
            (Field.content, (try? JSONValue(encoding: content)) ?? .null),
            (Field.savedAt, .string(JSONCoding.formatDate(savedAt))),
            (Field.deleted, .bool(false)),
        ]
        if progress > 0 { fields.append((Field.progress, .number(progress))) }
        if let readAt { fields.append((Field.readAt, .string(JSONCoding.formatDate(readAt)))) }
        if isArchived { fields.append((Field.archived, .bool(true))) }
        if isFavorite { fields.append((Field.favorite, .bool(true))) }
        if !note.isEmpty { fields.append((Field.note, .string(note))) }
        if let givenURL, !givenURL.isEmpty { fields.append((Field.givenURL, .string(givenURL))) }
        if let trashedAt { fields.append((Field.trashedAt, .string(JSONCoding.formatDate(trashedAt)))) }
        for tag in tags.compactMap(Tag.init) { fields.append((Field.tag(tag), .string(tag.display))) }
        return fields
    }

    /// The address `folio open` opens: the one the user gave, else the canonical one.
    public var addressToOpen: String { givenURL ?? url }

    /// What saving the page again (or importing it) with the address as `given` writes: the
    /// address as given, when this article kept none (saved before Folio kept it). An address
    /// it already keeps stays: the first one given is the one that opens.
    public func givenURLField(savingAgainWith given: String?) -> (field: String, value: JSONValue)? {
        guard givenURL == nil, let given, !given.isEmpty, WebAddress.isAllowed(given) else { return nil }
        return (Field.givenURL, .string(given))
    }

    /// Whether the article has been read (marked done).
    public var isRead: Bool { readAt != nil }

    /// Whether the article is in the trash.
    public var isTrashed: Bool { trashedAt != nil }

    /// The site shown in listings: the declared site name, else the host without `www.`.
    public var site: String {
        if let name = content.siteName, !name.isEmpty { return name }
        var host = URL(string: url)?.host ?? ""
        if host.hasPrefix("www.") { host.removeFirst(4) }
        return host
    }
}
