import Foundation

/// Text gathered from markup tokens.
enum MarkupText {
    /// Tags that end the text of a bookmark, folder name or description even when left unclosed.
    private static let structural: Set<String> = ["dt", "dl", "dd", "h1", "h3", "a", "hr", "li", "ul"]

    /// Tags that end a bookmark description (`<DD>`): the next entry, folder or list.
    private static let descriptionEnd: Set<String> = ["dt", "dl", "dd", "h1", "h3", "hr"]

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

    /// A bookmark description from `start` up to the next entry, folder or list (not consumed),
    /// and the index after it.
    ///
    /// Descriptions are text, so nothing in one is lost or taken for structure: a link keeps
    /// its words and address (it is not a bookmark), `<br>` and `<p>` are line breaks, and any
    /// other tag (`<T>` in "Array<T>", an unescaped `<li>`) is kept as the text it was written as.
    /// Line breaks are kept; each line is trimmed and runs of blank lines become one.
    static func description(_ tokens: [MarkupScanner.Located], from start: Int, source: [UInt8]) -> (text: String, next: Int) {
        var text = ""
        var link: (href: String, textStart: Int)?
        var index = start
        scan: while index < tokens.count {
            let located = tokens[index]
            switch located.token {
            case .text(let words): text += words
            case .start(let name, _) where descriptionEnd.contains(name): break scan
            case .end(let name) where descriptionEnd.contains(name): break scan
            case .start("br", _), .start("p", _), .end("p"): text += "\n"
            case .start("a", let attributes):
                link = (attributes["href"] ?? "", text.utf8.count)
            case .end("a"):
                if let open = link {
                    let words = String(decoding: text.utf8.dropFirst(open.textStart), as: UTF8.self)
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                    if !open.href.isEmpty, words != open.href { text += words.isEmpty ? open.href : " (\(open.href))" }
                }
                link = nil
            case .start, .end:
                text += String(decoding: source[located.source.clamped(to: 0..<source.count)], as: UTF8.self)
            }
            index += 1
        }
        return (keepingLineBreaks(text), index)
    }

    /// `text` with CRLF as LF, each line trimmed, runs of blank lines as one, no blank lines at the ends.
    static func keepingLineBreaks(_ text: String) -> String {
        var result: [String] = []
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let kept = line.trimmingCharacters(in: .whitespaces)
            if kept.isEmpty, result.last?.isEmpty ?? true { continue }
            result.append(kept)
        }
        while result.last?.isEmpty == true { result.removeLast() }
        return result.joined(separator: "\n")
    }
}
