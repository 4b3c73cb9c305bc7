import FolioModel

/// A search as a user types it: words (every one must match), `"quoted phrases"`, `prefix*`,
/// `OR` between words, `-word` and `-"phrase"` to exclude, and the operators `tag:NAME`,
/// `site:DOMAIN` and `is:STATE` (``ArticleState``); `-tag:` and `-is:` exclude.
/// An operator's value may be quoted: `tag:"machine learning"`.
public struct SearchQuery: Sendable, Equatable {
    /// Text every result must match, in FTS5 syntax (quoted strings, maybe with `*`): each
    /// entry is one word or phrase, or the alternatives a user joined with `OR`.
    public var terms: [[String]] = []
    /// Text no result may match.
    public var excludedTerms: [String] = []
    /// Tag keys every result has, and tag keys none has.
    public var tags: [String] = []
    public var excludedTags: [String] = []
    /// Part of the site or address every result has.
    public var site: String?
    /// States every result has (`is:`), and states none has (`-is:`).
    public var states: [ArticleState] = []
    public var excludedStates: [ArticleState] = []

    /// The operators, for help texts and errors.
    public static let syntax = """
        Operators: tag:NAME, site:DOMAIN, is:STATE, where STATE is one of \
        \(ArticleState.allCases.map(\.rawValue).joined(separator: ", ")). \
        Put - before a word, a "phrase", tag: or is: to exclude it, and OR between words for either.
        """

    /// Parses the query text; throws when it uses an operator that does not exist, an operator
    /// without a value, an unknown state or a misplaced `OR`, naming each.
    public init(_ text: String) throws(SearchQueryError) {
        var problems: [String] = []
        var orPending = false
        var lastWasTerm = false
        for token in Self.tokenize(text) {
            if !token.quoted && !token.negated && token.text == "OR" {
                if !lastWasTerm || orPending { problems.append("OR must stand between two words, as in `swift OR rust`") }
                orPending = true
                lastWasTerm = false
                continue
            }
            if !token.quoted, let parts = Self.operatorParts(token.text) {
                if let problem = add(key: parts.key, value: parts.value, negated: token.negated) { problems.append(problem) }
                if orPending { problems.append("OR must stand between two words, not before \(token.text)") }
                orPending = false
                lastWasTerm = false
                continue
            }
            var body = token.text
            let isPrefix = !token.quoted && body.hasSuffix("*") && body.count > 1
            if isPrefix { body.removeLast() }
            guard !body.isEmpty else { continue }
            let term = "\"" + body.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (isPrefix ? "*" : "")
            if token.negated {
                if orPending { problems.append("OR must stand between two words, not before -\(token.text)") }
                excludedTerms.append(term)
                lastWasTerm = false
            } else if orPending, !terms.isEmpty {
                terms[terms.count - 1].append(term)
                lastWasTerm = true
            } else {
                terms.append([term])
                lastWasTerm = true
            }
            orPending = false
        }
        if orPending { problems.append("OR must stand between two words, not at the end") }
        if !problems.isEmpty { throw SearchQueryError(problems: problems) }
    }

    /// The FTS5 expression of the text to match, or nil when the query has no words to match
    /// (only exclusions or operators).
    public var matchExpression: String? {
        guard !terms.isEmpty else { return nil }
        let all = terms.map { $0.count == 1 ? $0[0] : "(" + $0.joined(separator: " OR ") + ")" }.joined(separator: " AND ")
        guard let excluded = exclusionExpression else { return all }
        return "(\(all)) NOT (\(excluded))"
    }

    /// The FTS5 expression matching any excluded text, or nil when nothing is excluded.
    public var exclusionExpression: String? {
        excludedTerms.isEmpty ? nil : excludedTerms.joined(separator: " OR ")
    }

    /// Adds one operator; returns what is wrong with it, if anything.
    private mutating func add(key: String, value: String, negated: Bool) -> String? {
        let written = "\"" + (negated ? "-" : "") + key + ":" + value + "\""
        switch key.lowercased() {
        case "tag":
            guard Tag(value) != nil else { return "\(written): give a tag name, as in tag:swift" }
            if negated { excludedTags.append(Tag.normalize(value)) } else { tags.append(Tag.normalize(value)) }
        case "site":
            guard !value.isEmpty else { return "\(written): give a site, as in site:example.com" }
            guard !negated else { return "\(written): a site cannot be excluded; search site:\(value) to find its articles" }
            site = value
        case "is":
            guard let state = ArticleState(rawValue: value.lowercased()) else {
                return "\(written): \(value.isEmpty ? "give a state" : "\"\(value)\" is not a state"); the states are "
                    + ArticleState.allCases.map { "is:\($0.rawValue)" }.joined(separator: ", ")
            }
            if negated { excludedStates.append(state) } else { states.append(state) }
        default:
            return "\(written): \(key): is not a search operator (to search for the text, quote it: '\(written)')"
        }
        return nil
    }

    /// The key and value of a word written as an operator, `letters:value`, or nil for plain
    /// text. An address (`https://…`) is text.
    static func operatorParts(_ text: String) -> (key: String, value: String)? {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return nil }
        let key = text[..<colon]
        let value = text[text.index(after: colon)...]
        guard key.allSatisfy({ $0.isASCII && $0.isLetter }), !value.hasPrefix("//") else { return nil }
        return (String(key), String(value))
    }

    /// One word of a query: its text without quotes or a leading `-`.
    struct Token: Equatable {
        var text: String
        var quoted: Bool
        var negated: Bool
    }

    /// Splits a query at white space outside quotes. A quoted part is one token (a phrase), or
    /// the value of the operator it follows (`tag:"a b"`); a `-` before a word or phrase negates it.
    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var inQuotes = false
        var quotedValue = false
        var negatedPhrase = false
        func flush(quoted: Bool) {
            var word = current.trimmingCharacters(in: .whitespaces)
            current = ""
            var negated = false
            if quoted {
                negated = negatedPhrase
            } else if word.hasPrefix("-"), word.count > 1 {
                word.removeFirst()
                negated = true
            }
            negatedPhrase = false
            if !word.isEmpty { tokens.append(Token(text: word, quoted: quoted, negated: negated)) }
        }
        for character in text {
            if character == "\"" {
                if !inQuotes, current.hasSuffix(":"), operatorParts(current.hasPrefix("-") ? String(current.dropFirst()) : current) != nil {
                    quotedValue = true
                } else if inQuotes && quotedValue {
                    quotedValue = false
                    flush(quoted: false)
                } else if !inQuotes, current == "-" {
                    current = ""
                    negatedPhrase = true
                } else {
                    flush(quoted: inQuotes)
                }
                inQuotes.toggle()
            } else if character.isWhitespace && !inQuotes {
                flush(quoted: false)
            } else {
                current.append(character)
            }
        }
        flush(quoted: inQuotes && !quotedValue)
        return tokens
    }
}

/// Why a search query cannot run: one line for each word at fault, then the operators there are.
public struct SearchQueryError: Error, Equatable, CustomStringConvertible {
    public var problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String {
        (problems + [SearchQuery.syntax]).joined(separator: "\n")
    }
}
