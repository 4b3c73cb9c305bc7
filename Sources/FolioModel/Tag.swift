import Foundation

/// A tag: its identity is trimmed, whitespace-collapsed and case-folded; its display keeps the user's spelling.
public struct Tag: Hashable, Sendable, Comparable {
    /// The identity, used in field names and filters: `Swift  Concurrency` → `swift concurrency`.
    public let key: String
    /// The spelling the user typed.
    public let display: String

    /// Returns nil for a tag that is empty after trimming or longer than 100 characters.
    public init?(_ text: String) {
        let collapsed = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        guard Self.isValidDisplay(collapsed) else { return nil }
        display = collapsed
        key = Tag.normalize(collapsed)
    }

    /// True for a spelling a tag may have: 1 to 100 characters, no control characters, and
    /// not only white space (SPEC §9).
    public static func isValidDisplay(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 4_096, text.count <= 100 else { return false }
        return !text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
            && text.contains { !$0.isWhitespace }
    }

    /// The identity form of a tag spelling.
    public static func normalize(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            .folding(options: [.caseInsensitive, .widthInsensitive], locale: nil)
            .precomposedStringWithCanonicalMapping
    }

    public static func == (lhs: Tag, rhs: Tag) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
    public static func < (lhs: Tag, rhs: Tag) -> Bool { lhs.key < rhs.key }
}
