import Foundation

/// Renders sanitised article HTML (or plain text) for a terminal: headings, wrapped paragraphs,
/// lists, block quotes, links as numbered footnotes listed at the end, and highlighted passages
/// marked. Lines are measured in terminal columns, so wide (CJK) text wraps at the asked width.
///
/// Article data is untrusted: every control character, escape sequence and bidirectional
/// override found in it is removed, so only the renderer's own styling reaches the terminal.
public struct TerminalRenderer: Sendable {
    /// Columns to wrap at (at least 20).
    public var width: Int
    /// Whether headings are emphasised with ANSI bold and marked passages shown in reverse video
    /// (only when writing to a terminal); unstyled, marked passages are written `[[like this]]`.
    public var styled: Bool
    /// The passages to mark (the article's highlights).
    public var marks: [MarkedPassage]

    /// A renderer wrapping at `width` columns.
    public init(width: Int = 80, styled: Bool = false, marks: [MarkedPassage] = []) {
        self.width = max(20, width)
        self.styled = styled
        self.marks = marks
    }

    /// The article as terminal text, footnotes included, ending with a newline.
    public func render(html: String) -> String {
        let (document, body) = HTMLParser.parseFragment(html)
        var state = RenderState(renderer: self, document: document)
        state.visit(body)
        return state.finish()
    }

    /// Plain text as terminal text: blank lines separate paragraphs, other line breaks are kept.
    public func render(text: String) -> String {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        let paragraphs = escaped.split(separator: /\r?\n[ \t]*\r?\n/).map { "<p>\($0.replacing(/\r?\n/, with: "<br>"))</p>" }
        return render(html: paragraphs.joined())
    }

    /// The text with control characters, escape sequences and bidirectional controls removed.
    public static func neutralize(_ text: String) -> String { text.terminalSafe }
}

/// The mutable state of one rendering.
private struct RenderState {
    let width: Int
    let styled: Bool
    let marks: [MarkedPassage]
    /// The article being rendered.
    let document: Document
    /// How many matches of each mark have been seen so far.
    private var matchesSeen: [Int]
    private var lines: [String] = []
    private var inline = ""
    private var footnotes: [String] = []
    private var quoteDepth = 0
    private var lists: [(ordered: Bool, counter: Int)] = []
    /// The marker of the list item whose first line is still to be written.
    private var pendingMarker: String?

    init(renderer: TerminalRenderer, document: Document) {
        width = renderer.width
        styled = renderer.styled
        marks = renderer.marks
        matchesSeen = Array(repeating: 0, count: renderer.marks.count)
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
            for line in wrap(prefix + text, width: width - indentation().terminalColumns) {
                lines.append(indentation() + (styled ? "\u{1B}[1m" + line + "\u{1B}[0m" : line))
            }
            if tag == .h1 || tag == .h2 {
                let rule = tag == .h1 ? "=" : "-"
                lines.append(indentation() + String(repeating: rule, count: min(text.terminalColumns, width - indentation().terminalColumns)))
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
            lines.append(indentation() + String(repeating: "─", count: min(40, width - indentation().terminalColumns)))
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
        let hanging = String(repeating: " ", count: marker.terminalColumns)
        var first = true
        var inMark = false
        for paragraph in paragraphs {
            for line in wrap(marking(paragraph), width: width - indent.terminalColumns - marker.terminalColumns) {
                lines.append(indent + (first ? marker : hanging) + painted(line, inMark: &inMark))
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

    /// The words of `text` packed into lines of at most `width` terminal columns. A word longer
    /// than a line is cut, and so is a run of wide (CJK) characters, which may break anywhere.
    private func wrap(_ text: String, width: Int) -> [String] {
        let limit = max(10, width)
        var result: [String] = []
        var line = ""
        var used = 0
        for var word in text.split(separator: " ") {
            while !word.isEmpty {
                let space = line.isEmpty ? 0 : 1
                let columns = word.terminalColumns
                if used + space + columns <= limit {
                    line += (space == 1 ? " " : "") + word
                    used += space + columns
                    break
                }
                let room = limit - used - space
                if room >= 2 && (columns > limit || word.first(where: { $0.terminalColumns > 0 })?.terminalColumns == 2) {
                    let head = word.prefix(columns: room)
                    line += (space == 1 ? " " : "") + head
                    word = word[head.endIndex...]
                }
                result.append(line)
                (line, used) = ("", 0)
            }
        }
        if !line.isEmpty { result.append(line) }
        return result
    }

    // MARK: - Marked passages

    /// Where a marked passage starts and ends, while a paragraph is wrapped: control characters,
    /// which never survive ``TerminalRenderer/neutralize(_:)``, so they cannot come from the article.
    private static let markStart: Character = "\u{1}", markEnd: Character = "\u{2}"

    /// The paragraph with the marked passages it holds enclosed in `[[…]]`, or in
    /// ``markStart`` and ``markEnd`` when styled (painted once the lines are wrapped).
    private mutating func marking(_ paragraph: String) -> String {
        var ranges: [Range<String.Index>] = []
        for (index, mark) in marks.enumerated() where !mark.quote.isEmpty {
            var searched = paragraph.startIndex..<paragraph.endIndex
            while let found = paragraph.range(of: mark.quote, options: [.caseInsensitive, .diacriticInsensitive], range: searched) {
                if matchesSeen[index] == mark.occurrence { ranges.append(found) }
                matchesSeen[index] += 1
                searched = found.upperBound..<paragraph.endIndex
            }
        }
        guard !ranges.isEmpty else { return paragraph }
        let (start, end) = styled ? (String(Self.markStart), String(Self.markEnd)) : ("[[", "]]")
        var output = ""
        var copied = paragraph.startIndex
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where range.upperBound > copied {
            let lower = max(range.lowerBound, copied)
            output += paragraph[copied..<lower]
            output += start + paragraph[lower..<range.upperBound] + end
            copied = range.upperBound
        }
        return output + paragraph[copied...]
    }

    /// A wrapped line with its mark characters turned into reverse video, closed at the end of
    /// the line and opened again on the next, so each line stands alone in a pager.
    private func painted(_ line: String, inMark: inout Bool) -> String {
        guard styled, inMark || line.contains(Self.markStart) else { return line }
        var output = inMark ? "\u{1B}[7m" : ""
        for character in line {
            switch character {
            case Self.markStart: output += "\u{1B}[7m"; inMark = true
            case Self.markEnd: output += "\u{1B}[27m"; inMark = false
            default: output.append(character)
            }
        }
        return inMark ? output + "\u{1B}[27m" : output
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
