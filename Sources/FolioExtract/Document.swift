/// The index of a node in its `Document`.
typealias NodeID = Int

/// The simplified document tree the extractor works on, stored as one array of nodes (an arena).
///
/// Nodes refer to each other by index; the text of text nodes and the values of attributes are
/// byte ranges of one UTF-8 buffer. Building a page is then a few array appends per node, and
/// dropping it frees three buffers, where a tree of objects cost an allocation, reference
/// counting and a deallocation per node, attribute and string. Copying a document (to run
/// another extraction pass on a pristine tree) copies three arrays.
///
/// Built once by `HTMLParser`, then freely pruned: removed nodes are unlinked, not erased.
struct Document {
    /// One node: an element, or a text node (`tag == .text`).
    struct Node {
        var tag: Tag
        /// Set once the content extractor gave the node a score.
        var isScored = false
        /// Set on elements whose class, id or role mark them as unlikely to be content.
        var isUnlikely = false
        /// Links to the related nodes by index, -1 for none.
        var parent: Int32 = -1
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var next: Int32 = -1
        var previous: Int32 = -1
        /// A text node's bytes in `bytes`, or an element's attributes in `attributes`, as `start..<end`.
        var start: Int32
        var end: Int32
        /// Statistics of the subtree: set at creation for text nodes, filled by `computeStatistics(_:)` for elements.
        var textLength: Int32 = 0
        var linkTextLength: Int32 = 0
        var commaCount: Int32 = 0
        /// Readability score, meaningful when `isScored` is set.
        var score: Double = 0
    }

    /// An attribute of an element: its value is `bytes[start..<end]`.
    struct Attribute {
        var name: AttributeName
        var start: Int32
        var end: Int32
    }

    private(set) var nodes: [Node] = []
    /// Text of the text nodes and values of the attributes, UTF-8.
    private(set) var bytes: [UInt8] = []
    private(set) var attributes: [Attribute] = []
    /// The top element: `html`, or a synthetic `root` when the input had no single one.
    var root: NodeID = 0

    // MARK: - Building

    /// Reserves room for the nodes, text and attributes of a page of `count` bytes of HTML, so
    /// that building it rarely grows (and copies) the arrays.
    mutating func reserveCapacity(forHTMLBytes count: Int) {
        nodes.reserveCapacity(count / 32)
        bytes.reserveCapacity(count / 2)
        attributes.reserveCapacity(count / 64)
    }

    /// Adds an element with the attributes appended since `firstAttribute`, and returns it.
    mutating func addElement(_ tag: Tag, attributesFrom firstAttribute: Int = 0) -> NodeID {
        let start = min(firstAttribute, attributes.count)
        nodes.append(Node(tag: tag, start: Int32(start), end: Int32(attributes.count)))
        return nodes.count - 1
    }

    /// Adds a text node whose text is `bytes[start...]` (the bytes appended since `start`), and returns it.
    mutating func addText(from start: Int) -> NodeID {
        var node = Node(tag: .text, start: Int32(start), end: Int32(bytes.count))
        let (length, commas) = bytes.withUnsafeBufferPointer {
            UTF8Scan.lengthAndCommas(UnsafeBufferPointer(rebasing: $0[start...]))
        }
        node.textLength = Int32(length)
        node.commaCount = Int32(commas)
        nodes.append(node)
        return nodes.count - 1
    }

    /// Appends text bytes (for the next `addText(from:)` or `appendAttribute`).
    mutating func appendBytes(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: text)
    }

    /// Appends one byte of text.
    mutating func appendByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// The number of text bytes so far.
    var byteCount: Int { bytes.count }

    /// The number of attributes so far (where the next element's attributes start).
    var attributeCount: Int { attributes.count }

    /// Appends an attribute for the element about to be added, unless the attributes appended
    /// since `firstAttribute` already have one of that name (the first occurrence wins in HTML).
    mutating func appendAttribute(_ name: AttributeName, value: UnsafePointer<UInt8>?, since firstAttribute: Int) {
        for index in firstAttribute..<attributes.count where attributes[index].name == name { return }
        let start = bytes.count
        if let value {
            var length = 0
            while value[length] != 0 { length += 1 }
            bytes.append(contentsOf: UnsafeBufferPointer(start: value, count: length))
        }
        attributes.append(Attribute(name: name, start: Int32(start), end: Int32(bytes.count)))
    }

    // MARK: - Structure

    func tag(_ node: NodeID) -> Tag { nodes[node].tag }

    func isElement(_ node: NodeID) -> Bool { nodes[node].tag != .text }

    func parent(_ node: NodeID) -> NodeID? {
        let parent = nodes[node].parent
        return parent < 0 ? nil : Int(parent)
    }

    func firstChild(_ node: NodeID) -> NodeID? {
        let child = nodes[node].firstChild
        return child < 0 ? nil : Int(child)
    }

    func nextSibling(_ node: NodeID) -> NodeID? {
        let next = nodes[node].next
        return next < 0 ? nil : Int(next)
    }

    /// The children of `node`, in order (a snapshot: the document may be changed while walking it).
    func children(_ node: NodeID) -> [NodeID] {
        var result: [NodeID] = []
        var child = nodes[node].firstChild
        while child >= 0 {
            result.append(Int(child))
            child = nodes[Int(child)].next
        }
        return result
    }

    /// Appends `child` (detached) to `parent`'s children.
    mutating func append(_ child: NodeID, to parent: NodeID) {
        let last = nodes[parent].lastChild
        nodes[child].parent = Int32(parent)
        nodes[child].previous = last
        nodes[child].next = -1
        if last >= 0 {
            nodes[Int(last)].next = Int32(child)
        } else {
            nodes[parent].firstChild = Int32(child)
        }
        nodes[parent].lastChild = Int32(child)
    }

    /// Unlinks `node` from its parent, if it has one.
    mutating func remove(_ node: NodeID) {
        let parent = nodes[node].parent
        guard parent >= 0 else { return }
        let previous = nodes[node].previous
        let next = nodes[node].next
        if previous >= 0 { nodes[Int(previous)].next = next } else { nodes[Int(parent)].firstChild = next }
        if next >= 0 { nodes[Int(next)].previous = previous } else { nodes[Int(parent)].lastChild = previous }
        nodes[node].parent = -1
        nodes[node].previous = -1
        nodes[node].next = -1
    }

    /// Makes `node` the top of the document, detached from the synthetic root.
    mutating func makeRoot(_ node: NodeID) {
        nodes[node].parent = -1
        root = node
    }

    // MARK: - Text and attributes

    /// Calls `body` with the text of a text node (empty for an element).
    func withText<Result>(_ node: NodeID, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let entry = nodes[node]
        guard entry.tag == .text else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(entry.start)..<Int(entry.end)])) }
    }

    /// The text of a text node (empty for an element).
    func text(_ node: NodeID) -> String {
        withText(node) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether `node` is a text node of nothing but whitespace.
    func isBlankText(_ node: NodeID) -> Bool {
        withText(node) { UTF8Scan.isBlank($0) }
    }

    /// The range in `bytes` of the attribute `name` of `node`, if present.
    private func attributeRange(_ name: AttributeName, of node: NodeID) -> Range<Int>? {
        let entry = nodes[node]
        guard entry.tag != .text else { return nil }
        for index in Int(entry.start)..<Int(entry.end) where attributes[index].name == name {
            return Int(attributes[index].start)..<Int(attributes[index].end)
        }
        return nil
    }

    /// The value of the attribute `name` of `node`, if present.
    func attribute(_ name: AttributeName, of node: NodeID) -> String? {
        attributeRange(name, of: node).map { range in
            bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        }
    }

    /// Whether `node` has the attribute `name`.
    func hasAttribute(_ name: AttributeName, of node: NodeID) -> Bool {
        attributeRange(name, of: node) != nil
    }

    /// Calls `body` with the value of the attribute `name` of `node`, or returns nil when it is absent.
    func withAttribute<Result>(
        _ name: AttributeName, of node: NodeID, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result? {
        guard let range = attributeRange(name, of: node) else { return nil }
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Whether the attribute `name` of `node` is exactly `value` (ASCII).
    func attribute(_ name: AttributeName, of node: NodeID, is value: StaticString) -> Bool {
        withAttribute(name, of: node) { $0.elementsEqual(UnsafeBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount)) }
            ?? false
    }

    /// Whether the attribute `name` of `node` holds one of the matcher's keywords.
    func attribute(_ name: AttributeName, of node: NodeID, matches matcher: KeywordMatcher) -> Bool {
        withAttribute(name, of: node) { matcher.matches(bytes: $0) } ?? false
    }

    /// Whether the `class` or the `id` holds one of the matcher's keywords (none of which contains a space,
    /// so matching the two values apart is the same as matching them joined).
    func classOrID(of node: NodeID, matches matcher: KeywordMatcher) -> Bool {
        attribute(.class, of: node, matches: matcher) || attribute(.id, of: node, matches: matcher)
    }

    /// The concatenated text of the subtree with whitespace collapsed and trimmed.
    func innerText(_ node: NodeID) -> String {
        String(decoding: innerTextBytes(node), as: UTF8.self)
    }

    /// `innerText` as UTF-8 bytes.
    func innerTextBytes(_ node: NodeID) -> [UInt8] {
        var raw: [UInt8] = []
        appendRawText(of: node, to: &raw)
        return raw.withUnsafeBufferPointer(UTF8Scan.collapsingWhitespace)
    }

    private func appendRawText(of node: NodeID, to output: inout [UInt8]) {
        let entry = nodes[node]
        if entry.tag == .text {
            output.append(contentsOf: bytes[Int(entry.start)..<Int(entry.end)])
            return
        }
        var child = entry.firstChild
        while child >= 0 {
            appendRawText(of: Int(child), to: &output)
            let tag = nodes[Int(child)].tag
            if tag.isBlock || tag == .br { output.append(0x20) }
            child = nodes[Int(child)].next
        }
    }

    // MARK: - Traversal

    /// The element after `node` in document order within the subtree of `top`, skipping `node`'s
    /// own subtree when `descend` is false.
    private func following(_ node: NodeID, within top: NodeID, descend: Bool) -> NodeID? {
        if descend, let child = firstChild(node) { return child }
        var current = node
        while current != top {
            if let next = nextSibling(current) { return next }
            guard let up = parent(current) else { return nil }
            current = up
        }
        return nil
    }

    /// Calls `body` on every element of the subtree in document order, `node` included.
    func forEachElement(in node: NodeID, _ body: (NodeID) -> Void) {
        guard isElement(node) else { return }
        var current: NodeID? = node
        while let element = current {
            if isElement(element) { body(element) }
            current = following(element, within: node, descend: true)
        }
    }

    /// The first element of the subtree (`node` included) with the tag.
    func first(_ tag: Tag, in node: NodeID) -> NodeID? {
        guard isElement(node) else { return nil }
        var current: NodeID? = node
        while let element = current {
            if nodes[element].tag == tag { return element }
            current = following(element, within: node, descend: true)
        }
        return nil
    }

    // MARK: - Statistics and scratch state

    func textLength(_ node: NodeID) -> Int { Int(nodes[node].textLength) }

    func commaCount(_ node: NodeID) -> Int { Int(nodes[node].commaCount) }

    /// Share of the subtree's text that sits inside links, from the cached statistics.
    func linkDensity(_ node: NodeID) -> Double {
        let entry = nodes[node]
        return entry.textLength == 0 ? 0 : Double(entry.linkTextLength) / Double(entry.textLength)
    }

    func score(_ node: NodeID) -> Double { nodes[node].score }

    func isScored(_ node: NodeID) -> Bool { nodes[node].isScored }

    func isUnlikely(_ node: NodeID) -> Bool { nodes[node].isUnlikely }

    mutating func setScore(_ score: Double, of node: NodeID) {
        nodes[node].score = score
        nodes[node].isScored = true
    }

    mutating func markUnlikely(_ node: NodeID) {
        nodes[node].isUnlikely = true
    }

    /// Fills `textLength`, `linkTextLength` and `commaCount` for the whole subtree.
    mutating func computeStatistics(_ node: NodeID, insideLink: Bool = false) {
        if nodes[node].tag == .text {
            nodes[node].linkTextLength = insideLink ? nodes[node].textLength : 0
            return
        }
        let isLink = insideLink || nodes[node].tag == .a
        var child = nodes[node].firstChild
        while child >= 0 {
            computeStatistics(Int(child), insideLink: isLink)
            child = nodes[Int(child)].next
        }
        storeChildTotals(node, allLinkText: false)
    }

    /// Recomputes an element's statistics from its children's cached ones (after children were removed).
    mutating func refreshStatistics(_ node: NodeID) {
        guard isElement(node) else { return }
        storeChildTotals(node, allLinkText: nodes[node].tag == .a)
    }

    /// Sets an element's statistics to the sums of its children's; in a link all text is link text.
    private mutating func storeChildTotals(_ node: NodeID, allLinkText: Bool) {
        var length: Int32 = 0
        var links: Int32 = 0
        var commas: Int32 = 0
        var child = nodes[node].firstChild
        while child >= 0 {
            let entry = nodes[Int(child)]
            length += entry.textLength
            links += entry.linkTextLength
            commas += entry.commaCount
            child = entry.next
        }
        nodes[node].textLength = length
        nodes[node].linkTextLength = allLinkText ? length : links
        nodes[node].commaCount = commas
    }
}
