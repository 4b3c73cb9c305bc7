/// Renders a `Document` subtree as plain text: paragraphs separated by blank lines, list items,
/// definition terms and descriptions, table rows and line breaks on their own lines (the cells of a
/// row separated by spaces), whitespace collapsed, control characters dropped.
struct PlainTextWriter {
    /// UTF-8 bytes of the text so far.
    private var output: [UInt8] = []
    private var pendingSpace = false
    /// Newlines owed before the next text: 1 for a line break, 2 for a paragraph break.
    private var pendingBreak = 0

    /// The plain text of `node`'s subtree.
    static func text(of node: NodeID, in document: Document) -> String {
        var writer = PlainTextWriter()
        writer.visit(node, in: document)
        return String(decoding: writer.output, as: UTF8.self)
    }

    private mutating func visit(_ node: NodeID, in document: Document) {
        let tag = document.tag(node)
        switch tag {
        case .text:
            document.withText(node) { append($0) }
            return
        case .br:
            requestBreak(1)
            return
        case .script, .style, .head, .title, .meta, .link:
            return
        case .li, .dt, .dd, .tr:
            requestBreak(1)
            if tag == .li { append("- ") }
        case .td, .th:
            pendingSpace = true
        default:
            if tag.isBlock { requestBreak(2) }
        }
        var next = document.firstChild(node)
        while let child = next {
            visit(child, in: document)
            next = document.nextSibling(child)
        }
        switch tag {
        case .td, .th: pendingSpace = true
        case .li, .tr, .dt, .dd: requestBreak(1)
        default: if tag.isBlock { requestBreak(2) }
        }
    }

    private mutating func requestBreak(_ lines: Int) {
        pendingBreak = max(pendingBreak, lines)
    }

    private mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        var runStart = -1
        var index = 0
        while index < bytes.count {
            let width = UTF8Scan.separatorWidth(bytes, at: index)
            if width > 0 {
                if runStart >= 0 { appendRun(UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                runStart = -1
                if UTF8Scan.isSpace(bytes, at: index) { pendingSpace = true }
                index += width
            } else {
                if runStart < 0 { runStart = index }
                index += 1
            }
        }
        if runStart >= 0 { appendRun(UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
    }

    /// Appends a run of visible characters after the separator the text so far calls for.
    private mutating func appendRun(_ run: UnsafeBufferPointer<UInt8>) {
        if !output.isEmpty {
            if pendingBreak > 0 {
                output.append(0x0A)
                if pendingBreak > 1 { output.append(0x0A) }
            } else if pendingSpace {
                output.append(0x20)
            }
        }
        pendingBreak = 0
        pendingSpace = false
        output.append(contentsOf: run)
    }
}
