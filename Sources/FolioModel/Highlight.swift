import Foundation

/// A passage the user marked in an article, with an optional note. Its own synced record.
public struct Highlight: Hashable, Sendable, Codable {
    public var id: UUID
    public var articleID: UUID
    public var quote: String
    public var note: String
    /// Where the quote starts, as a fraction 0...1 of the article text.
    public var position: Double
    public var createdAt: Date
    public var isDeleted: Bool

    public init(id: UUID = UUID(), articleID: UUID, quote: String, note: String = "", position: Double = 0, createdAt: Date = Date(), isDeleted: Bool = false) {
        self.id = id
        self.articleID = articleID
        self.quote = quote
        self.note = note
        self.position = position
        self.createdAt = createdAt
        self.isDeleted = isDeleted
    }

    /// The all-zero id a highlight reports when its article field never arrived.
    public static let noArticle = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// The highlight a record's registers describe.
    public init(state: RecordState) {
        self.init(
            id: state.id,
            articleID: state.value(of: Field.article)?.stringValue.flatMap(UUID.init(uuidString:)) ?? Highlight.noArticle,
            quote: state.value(of: Field.quote)?.stringValue ?? "",
            note: state.value(of: Field.note)?.stringValue ?? "",
            position: state.value(of: Field.position)?.numberValue.map { $0.isFinite ? min(1, max(0, $0)) : 0 } ?? 0,
            createdAt: state.value(of: Field.createdAt)?.stringValue.flatMap(JSONCoding.parseDate) ?? Date(timeIntervalSince1970: 0),
            isDeleted: state.value(of: Field.deleted)?.boolValue ?? false
        )
    }

    /// The registers of a new highlight.
    public func createdFields() -> [(field: String, value: JSONValue)] {
        [
            (Field.article, .string(articleID.uuidString)),
            (Field.quote, .string(quote)),
            (Field.note, .string(note)),
            (Field.position, .number(position)),
            (Field.createdAt, .string(JSONCoding.formatDate(createdAt))),
            (Field.deleted, .bool(false)),
        ]
    }
}
