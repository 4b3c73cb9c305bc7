/// Renders sanitised article HTML for a terminal: headings, wrapped paragraphs, lists, block
/// quotes, and links as numbered footnotes listed at the end.
///
/// Article data is untrusted: every control character, escape sequence and bidirectional
/// override found in it is removed, so only the renderer's own styling reaches the terminal.
public struct TerminalRenderer: Sendable {
    /// Columns to wrap at (at least 20).
    public var width: Int
    /// Whether headings are emphasised with ANSI bold (only when writing to a terminal).
    public var styled: Bool

    /// A renderer wrapping at `width` columns.
    public init(width: Int = 80, styled: Bool = false) {
        self.width = max(20, width)
        self.styled = styled
    }

    /// The article as terminal text, footnotes included, ending with a newline.
    public func render(html: String) -> String {
        let (document, body) = HTMLParser.parseFragment(html)
        var state = RenderState(width: width, styled: styled, document: document)
        state.visit(body)
        return state.finish()
    }

    /// The text with control characters, escape sequences and bidirectional controls removed.
    public static func neutralize(_ text: String) -> String { text.terminalSafe }
}

/// The mutable state of one rendering.
private struct RenderState {
    let width: Int
    let styled: Bool
    /// The article being rendered.
    let document: Document
    private var lines: [String] = []
    private var inline = ""
    private var footnotes: [String] = []
    private var quoteDepth = 0
    private var lists: [(ordered: Bool, counter: Int)] = []
    /// The marker of the list item whose first line is still to be written.
    private var pendingMarker: String?

    init(width: Int, styled: Bool, document: Document) {
        self.width = width
        self.styled = styled
        self.document = document
    }

    mutating func visit(_ node: NodeID) {
        let tag = document.tag(node)
        switch tag {
        case .text:
            appendInline(document.text(node))
        case .br:
            inline += "\n"
        case .h1, .h2, .h3, .h4, .h5, .h6:
            flush()
            let text = TerminalRenderer.neutralize(document.innerText(node))
            guard !text.isEmpty else { return }
            let prefix = tag == .h1 || tag == .h2 ? "" : String(repeating: "#", count: 3) + " "
            for line in wrap(prefix + text, width: width - indentation().count) {
                lines.append(indentation() + (styled ? "\u{1B}[1m" + line + "\u{1B}[0m" : line))
            }
            if tag == .h1 || tag == .h2 {
                let rule = tag == .h1 ? "=" : "-"
                lines.append(indentation() + String(repeating: rule, count: min(text.count, width - indentation().count)))
            }
            lines.append("")
        case .ul, .ol:
            flush()
            let start = tag == .ol ? Int(document.attribute(.start, of: node) ?? "") ?? 1 : 1
            lists.append((tag == .ol, start))
            visitChildren(node)
            flush(blankLine: false)
            lists.removeLast()
            if lists.isEmpty { separate() }
        case .li:
            flush()
            if let last = lists.indices.last {
                pendingMarker = lists[last].ordered ? "\(lists[last].counter). " : "• "
                lists[last].counter += 1
            } else {
                pendingMarker = "• "
            }
            visitChildren(node)
            flush(blankLine: false)
        case .blockquote:
            flush()
            quoteDepth += 1
            visitChildren(node)
            flush(blankLine: false)
            while let last = lines.last, !last.isEmpty, last.allSatisfy({ $0 == "│" || $0 == " " }) { lines.removeLast() }
            quoteDepth -= 1
            separate()
        case .pre:
            flush()
            let text = innerTextPreservingLines(node)
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                lines.append(indentation() + "    " + TerminalRenderer.neutralize(line.replacingOccurrences(of: "\t", with: "    ")))
            }
            lines.append("")
        case .a:
            visitChildren(node)
            if let href = document.attribute(.href, of: node), !href.hasPrefix("#") {
                let clean = TerminalRenderer.neutralize(href)
                let number = (footnotes.firstIndex(of: clean) ?? { footnotes.append(clean); return footnotes.count - 1 }()) + 1
                inline += "[\(number)]"
            }
        case .img:
            let alt = TerminalRenderer.neutralize(document.attribute(.alt, of: node) ?? "").collapsingWhitespace()
            appendInline(alt.isEmpty ? " [image] " : " [image: \(alt)] ")
        case .hr:
            flush()
            lines.append(indentation() + String(repeating: "─", count: min(40, width - indentation().count)))
            lines.append("")
        case .tr:
            flush(blankLine: false)
            visitChildren(node)
            flush(blankLine: false)
        case .td, .th:
            if !inline.isBlank { inline += " | " }
            visitChildren(node)
        case .table:
            flush()
            visitChildren(node)
            flush()
        default:
            let isBlock = tag.isBlock
            if isBlock { flush() }
            visitChildren(node)
            if isBlock { flush() }
        }
    }

    private mutating func visitChildren(_ node: NodeID) {
        for child in document.children(node) { visit(child) }
    }

    /// The raw text of the subtree, line breaks included (for `pre`).
    private func innerTextPreservingLines(_ node: NodeID) -> String {
        switch document.tag(node) {
        case .text: document.text(node)
        case .br: "\n"
        default: document.children(node).map(innerTextPreservingLines).joined()
        }
    }

    private mutating func appendInline(_ text: String) {
        inline += TerminalRenderer.neutralize(text.replacingOccurrences(of: "\n", with: " "))
    }

    private func indentation() -> String {
        String(repeating: "│ ", count: quoteDepth) + String(repeating: "   ", count: max(0, lists.count - 1))
    }

    /// Writes the pending inline text as a wrapped paragraph.
    private mutating func flush(blankLine: Bool = true) {
        defer { inline = "" }
        let paragraphs = inline.split(separator: "\n").map { String($0).collapsingWhitespace() }.filter { !$0.isEmpty }
        guard !paragraphs.isEmpty else { return }
        let indent = indentation()
        let marker = pendingMarker ?? ""
        pendingMarker = nil
        let hanging = String(repeating: " ", count: marker.count)
        var first = true
        for paragraph in paragraphs {
            for line in wrap(paragraph, width: width - indent.count - marker.count) {
                lines.append(indent + (first ? marker : hanging) + line)
                first = false
            }
        }
        if blankLine && lists.isEmpty {
            lines.append(quoteDepth > 0 ? String(repeating: "│ ", count: quoteDepth).trimmed() : "")
        }
    }

    /// Ends the current block with one blank line (never two).
    private mutating func separate() {
        if let last = lines.last, !last.isEmpty { lines.append(quoteDepth > 0 ? String(repeating: "│ ", count: quoteDepth).trimmed() : "") }
    }

    /// The words of `text` packed into lines of at most `width` characters; longer words are cut.
    private func wrap(_ text: String, width: Int) -> [String] {
        let limit = max(10, width)
        var result: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            var word = Substring(word)
            while word.count > limit {
                if !line.isEmpty { result.append(line); line = "" }
                result.append(String(word.prefix(limit)))
                word = word.dropFirst(limit)
            }
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= limit {
                line += " " + word
            } else {
                result.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { result.append(line) }
        return result
    }

    mutating func finish() -> String {
        flush()
        while lines.last?.isBlank == true { lines.removeLast() }
        if !footnotes.isEmpty {
            lines.append("")
            for (index, url) in footnotes.enumerated() {
                lines.append(contentsOf: wrap("[\(index + 1)] \(url)", width: width))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
