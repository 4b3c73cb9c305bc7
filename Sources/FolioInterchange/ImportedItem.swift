import FolioModel
import Foundation

/// One article read from an import file: everything the source knew, nil where it knew nothing.
///
/// The CLI turns it into an ``Article`` with ``article(savedAtFallback:)`` for a new article, or
/// writes only the non-nil fields when the article is already in the library.
public struct ImportedItem: Hashable, Sendable {
    /// The article id: derived from the canonical URL, or the id a Folio export carried.
    public var id: UUID
    /// The canonical URL (for a Folio export, the URL exactly as exported); `""` for a text
    /// with no address (a Shaarli note).
    public var url: String
    /// The address as the file gave it, when it differs from ``url`` (see ``CanonicalURL/given``).
    public var givenURL: String?
    /// The title the source stored.
    public var title: String?
    /// When the article was saved in the source.
    public var savedAt: Date?
    /// Tags in display spelling, de-duplicated by ``Tag`` identity and sorted; folders become tags.
    public var tags: [String]
    /// Archived in the source (Pocket, Instapaper, Wallabag and Omnivore archives).
    public var isArchived: Bool?
    /// Starred, liked or favourited in the source.
    public var isFavorite: Bool?
    /// Whether the source marks the article read, when it says so without a date.
    public var isRead: Bool?
    /// When the article was read, when the source says.
    public var readAt: Date?
    /// Reading progress, 0...1.
    public var progress: Double?
    /// Sanitised article content or the metadata the source had, nil when it had none.
    public var content: ArticleContent?
    /// The user's note: an Instapaper selection or a bookmark description.
    public var note: String?
    /// Highlights and annotations, in source order.
    public var highlights: [ImportedHighlight]
    /// Only a Folio export carries deleted articles (tombstones).
    public var isDeleted: Bool?

    /// An item for `url` with nothing else known.
    public init(url: CanonicalURL) {
        self.init(id: url.articleID, url: url.string)
        givenURL = url.given
    }

    /// A text with no web address (a bookmark manager's note; its text is the content, see
    /// ``ImportedContent/text(_:)``), with an id derived from its title and date, so importing
    /// the file again (or Folio's own bookmark export of it) finds it.
    init(noteTitled title: String?, savedAt: Date?) {
        self.init(id: StableID.note(title: title ?? "", savedAt: savedAt), url: "")
        self.title = title
        self.savedAt = savedAt
    }

    init(id: UUID, url: String) {
        self.id = id
        self.url = url
        self.tags = []
        self.highlights = []
    }

    /// The item a Folio export describes: every field known, so ``article(savedAtFallback:)`` gives it back unchanged.
    init(article: Article, highlights: [Highlight]) {
        self.init(id: article.id, url: article.url)
        givenURL = article.givenURL
        title = article.title
        savedAt = article.savedAt
        tags = article.tags
        isArchived = article.isArchived
        isFavorite = article.isFavorite
        isRead = article.isRead
        readAt = article.readAt
        progress = article.progress
        content = article.content
        note = article.note
        isDeleted = article.isDeleted
        self.highlights = highlights.map(ImportedHighlight.init(highlight:))
    }

    /// The model article for a new library entry; unknown fields take Folio's defaults.
    ///
    /// - Parameter savedAtFallback: the saved date when the source had none (usually the import time).
    ///   A source that marks the article read without a date gets the saved date as read date.
    public func article(savedAtFallback: Date) -> Article {
        let saved = savedAt ?? savedAtFallback
        return Article(
            id: id,
            url: url,
            givenURL: givenURL,
            title: title ?? "",
            content: content ?? ArticleContent(status: .pending(reason: "imported without the article text")),
            savedAt: saved,
            progress: progress ?? 0,
            readAt: readAt ?? (isRead == true ? saved : nil),
            isArchived: isArchived ?? false,
            isFavorite: isFavorite ?? false,
            note: note ?? "",
            tags: TagList.normalized(tags),
            isDeleted: isDeleted ?? false
        )
    }

    /// The item's highlights as model records, linked to ``id``.
    ///
    /// A highlight without an id gets one derived from the article, quote and date, so importing
    /// the same file twice does not duplicate it.
    /// - Parameter createdAtFallback: the creation date when the source had none.
    public func highlightRecords(createdAtFallback: Date) -> [Highlight] {
        highlights.map { $0.highlight(articleID: id, createdAtFallback: createdAtFallback) }
    }

    /// Throws why the article or one of its highlights breaks a record rule (a title longer
    /// than a short text may be, a note past its limit): such an item is reported, not stored.
    ///
    /// Only the values read from the file are checked (tags and dates are made valid when read),
    /// so a large import does not pay for encoding the defaults of every article.
    func checkRecordRules() throws(RecordError) {
        var fields: [(field: String, value: JSONValue)] = [(Field.url, .string(url))]
        if let givenURL { fields.append((Field.givenURL, .string(givenURL))) }
        if let title { fields.append((Field.title, .string(title))) }
        if let note { fields.append((Field.note, .string(note))) }
        if let content { fields.append((Field.content, (try? JSONValue(encoding: content)) ?? .null)) }
        do throws(RecordViolation) {
            try RecordRules.checkFields(fields, of: id, kind: .article)
            for highlight in highlights {
                let passage = [(field: Field.quote, value: JSONValue.string(highlight.quote))]
                try RecordRules.checkFields(passage + (highlight.note.map { [(Field.note, .string($0))] } ?? []), of: id, kind: .highlight)
            }
        } catch {
            throw RecordError(error.problem)
        }
    }

    /// Fills this item's unknown fields from a later occurrence of the same article, and unions tags and highlights.
    mutating func absorb(_ other: ImportedItem) {
        givenURL = givenURL ?? other.givenURL
        title = title ?? other.title
        savedAt = savedAt ?? other.savedAt
        tags = TagList.normalized(tags + other.tags)
        isArchived = isArchived ?? other.isArchived
        isFavorite = isFavorite ?? other.isFavorite
        isRead = isRead ?? other.isRead
        readAt = readAt ?? other.readAt
        progress = progress ?? other.progress
        content = content ?? other.content
        note = note ?? other.note
        highlights += other.highlights.filter { !highlights.contains($0) }
        isDeleted = isDeleted ?? other.isDeleted
    }
}
