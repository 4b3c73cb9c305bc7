/// Sanitised article HTML as CommonMark: headings, paragraphs, lists (nested, numbered from
/// their `start`), block quotes, fenced code blocks, thematic breaks, links, emphasis, code
/// spans, hard line breaks and images as links to the image. Tables become pipe tables (read
/// by GitHub-flavoured readers, a plain paragraph per row elsewhere); other elements give their
/// content. Text is escaped only where CommonMark would read it as markup.
struct CommonMarkWriter {
    /// The Markdown blocks of `html`, separated by blank lines.
    static func markdown(fromHTML html: String) -> String {
        CommonMarkWriter().blocks(HTMLNode.parse(html)).joined(separator: "\n\n")
    }

    private static let headings = ["h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6]
    private static let blockElements: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "hr", "table",
        "thead", "tbody", "tfoot", "tr", "dl", "dt", "dd", "figure", "figcaption", "caption", "section", "article",
    ]

    // MARK: - Blocks

    /// Blocks of `nodes`: runs of inline content become paragraphs.
    private func blocks(_ nodes: [HTMLNode]) -> [String] {
        var result: [String] = []
        var inline: [HTMLNode] = []
        func flushParagraph() {
            let paragraph = paragraphText(inline)
            if !paragraph.isEmpty { result.append(paragraph) }
            inline = []
        }
        for node in nodes {
            guard case .element(let name, let attributes, let children) = node, Self.blockElements.contains(name) else {
                inline.append(node)
                continue
            }
            flushParagraph()
            result += block(name, attributes, children)
        }
        flushParagraph()
        return result
    }

    private func block(_ name: String, _ attributes: [String: String], _ children: [HTMLNode]) -> [String] {
        if let level = Self.headings[name] {
            var text = lineText(children)
            // "Learn C #" would lose its "#" as a closing sequence.
            let closing = text.reversed().prefix { $0 == "#" }.count
            if closing > 0, text.dropLast(closing).last == " " { text.insert("\\", at: text.index(text.endIndex, offsetBy: -closing)) }
            return text.isEmpty ? [] : [String(repeating: "#", count: level) + " " + text]
        }
        switch name {
        case "ul", "ol": return list(ordered: name == "ol", start: attributes["start"].flatMap { Int($0) } ?? 1, children)
        case "blockquote":
            let inner = blocks(children)
            return inner.isEmpty ? [] : [prefixed(inner.joined(separator: "\n\n"), first: "> ", rest: "> ")]
        case "pre": return [codeBlock(HTMLNode.element(name: name, attributes: attributes, children: children).text)]
        case "hr": return ["---"]
        case "table": return table(children)
        case "dt":
            let term = lineText(children)
            return term.isEmpty ? [] : ["**" + term + "**"]
        default: return blocks(children)
        }
    }

    private func list(ordered: Bool, start: Int, _ children: [HTMLNode]) -> [String] {
        var items: [String] = []
        var number = min(max(start, 0), 999_999_999)
        for child in children {
            guard case .element("li", _, let content) = child else { continue }
            let marker = ordered ? "\(number). " : "- "
            number = min(number + 1, 999_999_999)
            items.append(prefixed(itemBody(blocks(content)), first: marker, rest: String(repeating: " ", count: marker.count)))
        }
        return items.isEmpty ? [] : [items.joined(separator: "\n")]
    }

    /// The blocks of a list item: a nested list that can interrupt a paragraph (a bullet list, or
    /// one numbered from 1) follows the text directly, so the list stays tight.
    private func itemBody(_ parts: [String]) -> String {
        var body = ""
        for (index, part) in parts.enumerated() {
            if index > 0 { body += part.hasPrefix("- ") || part.hasPrefix("1. ") ? "\n" : "\n\n" }
            body += part
        }
        return body
    }

    /// A fenced code block whose fence is longer than any backtick run in the code.
    private func codeBlock(_ code: String) -> String {
        var lines = code.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        while lines.first?.allSatisfy(\.isWhitespace) == true, lines.count > 1 { lines.removeFirst() }
        while lines.last?.allSatisfy(\.isWhitespace) == true, lines.count > 1 { lines.removeLast() }
        let body = lines.map { String($0.filter { $0 == "\t" || !$0.isControlCharacter }) }.joined(separator: "\n")
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: body) + 1))
        return fence + "\n" + body + "\n" + fence
    }

    private func table(_ children: [HTMLNode]) -> [String] {
        var rows: [[String]] = []
        var caption: [String] = []
        var pending = children
        while !pending.isEmpty {
            let node = pending.removeFirst()
            guard case .element(let name, _, let content) = node else { continue }
            switch name {
            case "tr":
                rows.append(content.compactMap { cell in
                    guard case .element(let cellName, _, let cellContent) = cell, cellName == "td" || cellName == "th" else { return nil }
                    return lineText(cellContent).replacingOccurrences(of: "|", with: "\\|")
                })
            case "caption": caption = blocks(content)
            default: pending.insert(contentsOf: content, at: 0)
            }
        }
        rows = rows.filter { !$0.isEmpty }
        guard let width = rows.map(\.count).max() else { return caption }
        let lines = rows.map { row in "| " + (row + Array(repeating: "", count: width - row.count)).joined(separator: " | ") + " |" }
        let separator = "|" + Array(repeating: " --- |", count: width).joined()
        return caption + [([lines[0], separator] + lines.dropFirst()).joined(separator: "\n")]
    }

    // MARK: - Inline content

    /// A paragraph: inline Markdown, lines (from `<br>`) joined by hard breaks, block markers at
    /// line starts escaped.
    private func paragraphText(_ nodes: [HTMLNode]) -> String {
        inline(nodes, breaks: true)
            .split(separator: "\n")
            .map { CommonMarkEscaping.lineStart(collapsed(String($0))) }
            .filter { !$0.isEmpty }
            .joined(separator: "\\\n")
    }

    /// Inline Markdown on one line (headings, table cells, terms).
    private func lineText(_ nodes: [HTMLNode]) -> String {
        CommonMarkEscaping.lineStart(collapsed(inline(nodes, breaks: false)))
    }

    /// Inline Markdown; `<br>` is a line feed when `breaks`, else a space.
    private func inline(_ nodes: [HTMLNode], breaks: Bool) -> String {
        nodes.map { node -> String in
            switch node {
            case .text(let text): return CommonMarkEscaping.inline(text)
            case .element(let name, let attributes, let children):
                switch name {
                case "br": return breaks ? "\n" : " "
                case "em", "i", "cite", "dfn", "var": return delimited(inline(children, breaks: breaks), by: "*")
                case "strong", "b": return delimited(inline(children, breaks: breaks), by: "**")
                case "code", "kbd", "samp": return codeSpan(HTMLNode.element(name: name, attributes: attributes, children: children).text)
                case "a": return link(text: inline(children, breaks: false), to: attributes["href"], title: attributes["title"])
                case "img":
                    let alt = CommonMarkEscaping.inline(attributes["alt"] ?? attributes["title"] ?? "")
                    return link(text: alt.isEmpty ? "image" : alt, to: attributes["src"], title: nil)
                default:
                    return Self.blockElements.contains(name) ? " " + inline(children, breaks: breaks) + " " : inline(children, breaks: breaks)
                }
            }
        }.joined()
    }

    /// `*text*`: spaces stay outside the delimiters (inside, they stop emphasis from opening).
    private func delimited(_ text: String, by delimiter: String) -> String {
        let core = text.trimmingCharacters(in: .whitespaces)
        guard !core.isEmpty, !core.contains("\n") else { return text }
        let leading = text.prefix { $0 == " " }, trailing = String(text.reversed().prefix { $0 == " " })
        return String(leading) + delimiter + core + delimiter + trailing
    }

    private func codeSpan(_ code: String) -> String {
        let text = code.split(whereSeparator: \.isNewline).joined(separator: " ").filter { !$0.isControlCharacter }
        guard !text.isEmpty else { return "" }
        let fence = String(repeating: "`", count: longestRun(of: "`", in: text) + 1)
        let padded = text.first == "`" || text.last == "`" || (text.first == " " && text.last == " ") ? " " + text + " " : text
        return fence + padded + fence
    }

    /// `[text](<destination> "title")`, or the text alone for a link with no address.
    private func link(text: String, to href: String?, title: String?) -> String {
        guard let href, !href.isEmpty else { return text }
        let label = text.trimmingCharacters(in: .whitespaces).isEmpty ? CommonMarkEscaping.inline(href) : text
        let destination = "<" + href.replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E")
            .replacingOccurrences(of: "\n", with: "%0A") + ">"
        let titlePart = title.map { " \"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" } ?? ""
        return "[" + label + "](" + destination + titlePart + ")"
    }

    // MARK: - Text

    /// Runs of spaces as one, no spaces at the ends (HTML's white-space rule).
    private func collapsed(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    private func prefixed(_ text: String, first: String, rest: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            index == 0 ? first + line : line.isEmpty ? rest.trimmingTrailingSpaces : rest + line
        }.joined(separator: "\n")
    }

    private func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0, current = 0
        for each in text {
            current = each == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}
