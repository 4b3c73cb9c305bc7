import FolioModel

/// A search as a user types it: words, "quoted phrases", prefix*, -excluded words, and filters
/// `tag:x`, `-tag:x`, `site:y`, `is:archived`, `is:unread`, `is:read`, `is:fav`.
public struct SearchQuery: Sendable, Equatable {
    /// Terms every result must match (already in FTS5 syntax: quoted, maybe with `*`).
    public var terms: [String] = []
    /// Terms no result may match.
    public var excludedTerms: [String] = []
    public var tags: [String] = []
    public var excludedTags: [String] = []
    public var site: String?
    public var archived: Bool?
    public var read: Bool?
    public var favorite: Bool?

    /// Parses the query text. Never fails: anything unrecognised is searched for as text.
    public init(_ text: String) {
        for token in Self.tokenize(text) {
            var body = token.text
            let negated = !token.quoted && body.hasPrefix("-") && body.count > 1
            if negated { body.removeFirst() }
            if !token.quoted, let colon = body.firstIndex(of: ":") {
                let key = body[..<colon].lowercased()
                let value = String(body[body.index(after: colon)...])
                switch (key, value.lowercased()) {
                case ("tag", _) where !value.isEmpty:
                    if negated { excludedTags.append(Tag.normalize(value)) } else { tags.append(Tag.normalize(value)) }
                    continue
                case ("site", _) where !value.isEmpty:
                    site = value
                    continue
                case ("is", "archived"): archived = !negated; continue
                case ("is", "unread"): read = negated; continue
                case ("is", "read"): read = !negated; continue
                case ("is", "fav"), ("is", "favorite"), ("is", "favourite"): favorite = !negated; continue
                default: break
                }
            }
            let isPrefix = !token.quoted && body.hasSuffix("*") && body.count > 1
            if isPrefix { body.removeLast() }
            guard !body.isEmpty else { continue }
            let term = "\"" + body.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (isPrefix ? "*" : "")
            if negated { excludedTerms.append(term) } else { terms.append(term) }
        }
    }

    /// The FTS5 MATCH expression, or nil when the query has no positive text terms.
    public var matchExpression: String? {
        guard !terms.isEmpty else { return nil }
        return ([terms.joined(separator: " AND ")] + excludedTerms).joined(separator: " NOT ")
    }

    struct Token { var text: String; var quoted: Bool }

    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var inQuotes = false
        func flush(quoted: Bool) {
            let trimmed = current.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { tokens.append(Token(text: trimmed, quoted: quoted)) }
            current = ""
        }
        for character in text {
            if character == "\"" {
                flush(quoted: inQuotes)
                inQuotes.toggle()
            } else if character.isWhitespace && !inQuotes {
                flush(quoted: false)
            } else {
                current.append(character)
            }
        }
        flush(quoted: inQuotes)
        return tokens
    }
}
