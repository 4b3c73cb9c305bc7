import FolioModel
import Foundation

/// A highlight or annotation read from an import file.
public struct ImportedHighlight: Hashable, Sendable {
    /// The id a Folio export carried; nil for other sources.
    public var id: UUID?
    /// The highlighted passage.
    public var quote: String
    /// The user's annotation of the passage.
    public var note: String?
    /// Where the quote starts, 0...1 of the text, when the source says.
    public var position: Double?
    /// When the highlight was made.
    public var createdAt: Date?
    /// Only a Folio export carries deleted highlights.
    public var isDeleted: Bool?

    /// A highlight of `quote` with an optional note and date.
    public init(quote: String, note: String? = nil, createdAt: Date? = nil) {
        self.quote = quote
        self.note = note
        self.createdAt = createdAt
    }

    init(highlight: Highlight) {
        self.init(quote: highlight.quote, note: highlight.note, createdAt: highlight.createdAt)
        id = highlight.id
        position = highlight.position
        isDeleted = highlight.isDeleted
    }

    /// The model record, linked to `articleID`.
    func highlight(articleID: UUID, createdAtFallback: Date) -> Highlight {
        Highlight(
            id: id ?? StableID.highlight(articleID: articleID, quote: quote, createdAt: createdAt),
            articleID: articleID,
            quote: quote,
            note: note ?? "",
            position: position ?? 0,
            createdAt: createdAt ?? createdAtFallback,
            isDeleted: isDeleted ?? false
        )
    }
}
