/// Text gathered from markup tokens.
enum MarkupText {
    /// Tags that end the text of a bookmark, folder name or description even when left unclosed.
    private static let structural: Set<String> = ["dt", "dl", "dd", "h1", "h3", "a", "hr", "li", "ul"]

    /// The whitespace-collapsed text from `start` up to the closing `tag` (consumed) or the next
    /// structural tag (not consumed), and the index after it.
    static func collect(_ tokens: [MarkupScanner.Located], from start: Int, closing tag: String) -> (text: String, next: Int) {
        var parts: [String] = []
        var index = start
        scan: while index < tokens.count {
            switch tokens[index].token {
            case .text(let text): parts.append(text)
            case .end(tag):
                index += 1
                break scan
            case .start(let name, _) where structural.contains(name): break scan
            case .end(let name) where structural.contains(name): break scan
            default: break
            }
            index += 1
        }
        let text = parts.joined().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return (text, index)
    }
}
