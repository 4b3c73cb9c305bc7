/// Renders a `DOMNode` tree as plain text: paragraphs separated by blank lines, list items and
/// line breaks on their own lines, whitespace collapsed, control characters dropped.
struct PlainTextWriter {
    private var output = ""
    private var pendingSpace = false
    /// Newlines owed before the next text: 1 for a line break, 2 for a paragraph break.
    private var pendingBreak = 0

    /// The plain text of `node`'s subtree.
    static func text(of node: DOMNode) -> String {
        var writer = PlainTextWriter()
        writer.visit(node)
        return writer.output
    }

    private mutating func visit(_ node: DOMNode) {
        guard node.isElement else {
            append(node.text)
            return
        }
        switch node.tag {
        case "br":
            requestBreak(1)
            return
        case "script", "style", "head", "title", "meta", "link":
            return
        case "li", "dt", "dd", "tr":
            requestBreak(1)
            if node.tag == "li" { append("- ") }
        case "td", "th":
            pendingSpace = true
        default:
            if DOMNode.blockTags.contains(node.tag) { requestBreak(2) }
        }
        for child in node.children { visit(child) }
        if DOMNode.blockTags.contains(node.tag) { requestBreak(node.tag == "li" || node.tag == "tr" ? 1 : 2) }
    }

    private mutating func requestBreak(_ lines: Int) {
        pendingBreak = max(pendingBreak, lines)
    }

    private mutating func append(_ text: String) {
        for scalar in text.unicodeScalars {
            if scalar.isFolioWhitespace {
                pendingSpace = true
                continue
            }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
            if !output.isEmpty {
                if pendingBreak > 0 {
                    output += pendingBreak == 1 ? "\n" : "\n\n"
                } else if pendingSpace {
                    output += " "
                }
            }
            pendingBreak = 0
            pendingSpace = false
            output.unicodeScalars.append(scalar)
        }
    }
}
