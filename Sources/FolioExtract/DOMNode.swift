/// A node of the simplified document tree the extractor works on.
///
/// Built once from libxml2's tree (see `HTMLParser`), then freely pruned. Never shared
/// across tasks: every extraction builds and drops its own tree.
final class DOMNode {
    /// Element or text.
    enum Kind {
        case element
        case text
    }

    let kind: Kind
    /// Lower-cased tag name; empty for text nodes.
    let tag: String
    /// Whether the tag is one of `blockTags` (decided once per node: the sets are consulted in every traversal).
    let isBlock: Bool
    /// Attributes with lower-cased names; empty for text nodes.
    var attributes: Attributes
    /// The text of a text node; empty for elements.
    var text: String
    var children: [DOMNode] = []
    /// The containing element. Unowned rather than weak (a weak reference would give every node a
    /// side table): parents are only followed while the document they belong to is alive.
    unowned var parent: DOMNode?

    // MARK: - Scratch state of the content extractor

    /// Readability score, meaningful when `isScored` is set.
    var score: Double = 0
    var isScored = false
    /// Set on elements whose class, id or role mark them as unlikely to be content.
    var isUnlikely = false
    /// Statistics of the subtree: set at creation for text nodes, filled by `computeStatistics()` for elements.
    var textLength = 0
    var linkTextLength = 0
    var commaCount = 0

    /// An element; `isBlock` must be `DOMNode.blockTags.contains(tag)`, passed in when the caller already knows it.
    init(element tag: String, attributes: Attributes, isBlock: Bool? = nil) {
        kind = .element
        self.tag = tag
        self.isBlock = isBlock ?? DOMNode.blockTags.contains(tag)
        self.attributes = attributes
        text = ""
    }

    init(text: String) {
        kind = .text
        tag = ""
        isBlock = false
        attributes = [:]
        self.text = text
        (textLength, commaCount) = text.lengthAndCommas()
    }

    var isElement: Bool { kind == .element }

    /// Appends `child` and makes this node its parent.
    func append(_ child: DOMNode) {
        child.parent = self
        children.append(child)
    }

    /// Removes this node from its parent, if it has one.
    func remove() {
        guard let parent else { return }
        parent.children.removeAll { $0 === self }
        self.parent = nil
    }

    /// Whether the `class` or the `id` holds one of the matcher's keywords (none of which contains a space,
    /// so matching the two values apart is the same as matching them joined).
    func classOrID(matches matcher: KeywordMatcher) -> Bool {
        if let classes = attributes["class"], matcher.matches(classes) { return true }
        if let id = attributes["id"], matcher.matches(id) { return true }
        return false
    }

    /// The concatenated text of the subtree with whitespace collapsed and trimmed.
    var innerText: String {
        String(decoding: innerTextBytes, as: UTF8.self)
    }

    /// `innerText` as UTF-8 bytes.
    var innerTextBytes: [UInt8] {
        var raw: [UInt8] = []
        appendRawText(to: &raw)
        return raw.withUnsafeBufferPointer(UTF8Scan.collapsingWhitespace)
    }

    private func appendRawText(to output: inout [UInt8]) {
        if kind == .text {
            output.append(contentsOf: text.utf8)
            return
        }
        for child in children {
            child.appendRawText(to: &output)
            if child.isBlock || child.tag == "br" { output.append(0x20) }
        }
    }

    /// Calls `body` on every element of the subtree in document order, this node included.
    func forEachElement(_ body: (DOMNode) -> Void) {
        guard isElement else { return }
        body(self)
        for child in children { child.forEachElement(body) }
    }

    /// The first element of the subtree (this node included) with the tag.
    func first(tag name: String) -> DOMNode? {
        if isElement && tag == name { return self }
        for child in children where child.isElement {
            if let found = child.first(tag: name) { return found }
        }
        return nil
    }

    /// Fills `textLength`, `linkTextLength` and `commaCount` for the whole subtree.
    func computeStatistics(insideLink: Bool = false) {
        if kind == .text {
            linkTextLength = insideLink ? textLength : 0
            return
        }
        let isLink = insideLink || tag == "a"
        var length = 0
        var links = 0
        var commas = 0
        for child in children {
            child.computeStatistics(insideLink: isLink)
            length += child.textLength
            links += child.linkTextLength
            commas += child.commaCount
        }
        textLength = length
        linkTextLength = links
        commaCount = commas
    }

    /// Recomputes this element's statistics from its children's cached ones (after children were removed).
    func refreshStatistics() {
        guard isElement else { return }
        var length = 0
        var links = 0
        var commas = 0
        for child in children {
            length += child.textLength
            links += child.linkTextLength
            commas += child.commaCount
        }
        textLength = length
        linkTextLength = tag == "a" ? length : links
        commaCount = commas
    }

    /// Share of the subtree's text that sits inside links, from the cached statistics.
    var linkDensity: Double {
        textLength == 0 ? 0 : Double(linkTextLength) / Double(textLength)
    }

    /// Tags that start a new block of text.
    static let blockTags: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
        "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "ul",
    ]
}
