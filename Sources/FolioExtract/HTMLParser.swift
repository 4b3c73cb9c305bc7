import CLibXML2

/// Parses HTML with libxml2's forgiving HTML parser, in SAX mode, straight into a `Document`.
///
/// libxml2 is only touched here. SAX mode skips building libxml2's own tree (the costliest part
/// of parsing); its diagnostics are silenced for the calling thread (libxml2 keeps error handlers
/// per thread); nesting deeper than `maximumDepth` is flattened into text; form controls, frames
/// and other inert elements are dropped with their content; only the attributes the extractor
/// reads are kept.
enum HTMLParser {
    /// Elements nested deeper than this are flattened: their text is kept, their structure is not.
    static let maximumDepth = 200

    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parses a whole page (UTF-8 bytes, already stripped by `MarkupStripper`); the document's
    /// root is the `html` element, or a synthetic root for odd input. The bytes are always read as
    /// UTF-8: `<meta charset>` was already honoured when the page was decoded.
    static func parseDocument(_ html: [UInt8]) -> Document {
        parse(html)
    }

    /// Parses an HTML fragment (or a whole page); the node returned is its `body` element.
    ///
    /// Parsed as a document: libxml2's no-implied-elements mode keeps only the first top-level node.
    static func parseFragment(_ html: String) -> (document: Document, body: NodeID) {
        var source = html
        let stripped = source.withUTF8 { MarkupStripper($0) }
        let document = parse(stripped.html)
        return (document, document.first(.body, in: document.root) ?? document.root)
    }

    private static func parse(_ html: [UInt8]) -> Document {
        _ = initialized
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        // The builder is reached through a raw pointer from the callbacks: no reference counting
        // and no exclusivity checks per event.
        let builder = UnsafeMutablePointer<TreeBuilder>.allocate(capacity: 1)
        builder.initialize(to: TreeBuilder(expectedBytes: html.count))
        defer {
            builder.deinitialize(count: 1)
            builder.deallocate()
        }
        guard !html.isEmpty, html.count < Int(Int32.max) else { return builder.pointee.result() }
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, attributes in
            guard let context, let name else { return }
            context.assumingMemoryBound(to: TreeBuilder.self).pointee.start(name, attributes)
        }
        handler.endElement = { context, _ in
            guard let context else { return }
            context.assumingMemoryBound(to: TreeBuilder.self).pointee.end()
        }
        handler.characters = { context, characters, length in
            guard let context, let characters, length > 0 else { return }
            context.assumingMemoryBound(to: TreeBuilder.self).pointee
                .characters(UnsafeBufferPointer(start: characters, count: Int(length)))
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = handler.characters
        handler.serror = { _, _ in }
        let options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
        guard let parser = htmlCreatePushParserCtxt(&handler, builder, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else {
            return builder.pointee.result()
        }
        defer { htmlFreeParserCtxt(parser) }
        _ = htmlCtxtUseOptions(parser, Int32(bitPattern: options))
        html.withUnsafeBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                _ = htmlParseChunk(parser, $0, Int32(buffer.count), 1)
            }
        }
        return builder.pointee.result()
    }
}

/// Receives libxml2's SAX events and assembles the `Document`.
///
/// libxml2 hands element and attribute names out of its per-parser dictionary, so the same name
/// comes back at the same address: names are classified once per distinct address, then looked
/// up by address (and checked byte for byte).
private struct TreeBuilder {
    /// Elements whose content never belongs to an article.
    private static let droppedTags: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
        "button", "input", "select", "textarea", "option", "dialog", "base", "frame", "frameset",
    ]

    /// What the builder knows about an element name.
    private struct ElementName {
        /// The name's bytes, to check a cached address against.
        let bytes: [UInt8]
        let tag: Tag
        /// Dropped with its content.
        let isDropped: Bool
    }

    /// What the builder knows about an attribute name.
    private struct AttributeKey {
        /// The name's bytes, to check a cached address against.
        let bytes: [UInt8]
        /// The attribute, or nil when it is not kept.
        let name: AttributeName?
    }

    private var document = Document()
    private var stack: [NodeID] = []
    /// Open elements that were not added to the tree (too deep, or dropped).
    private var skippedDepth = 0
    /// Whether the skipped elements are dropped (content discarded) rather than flattened.
    private var dropping = false
    /// Where the text not yet turned into a text node starts in the document's bytes.
    private var pendingStart = 0
    private var elementNames: [UnsafeRawPointer: ElementName] = [:]
    private var attributeNames: [UnsafeRawPointer: AttributeKey] = [:]

    /// A builder for a page of `expectedBytes` bytes of HTML.
    init(expectedBytes: Int) {
        document.reserveCapacity(forHTMLBytes: expectedBytes)
        stack.append(document.addElement(.root))
    }

    mutating func start(_ rawName: UnsafePointer<xmlChar>, _ rawAttributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        if skippedDepth > 0 {
            skippedDepth += 1
            return
        }
        let name = elementName(rawName)
        if name.isDropped {
            flushText()
            dropping = true
            skippedDepth = 1
            return
        }
        if stack.count > HTMLParser.maximumDepth {
            document.appendByte(0x20)
            dropping = false
            skippedDepth = 1
            return
        }
        flushText()
        let firstAttribute = document.attributeCount
        appendAttributes(rawAttributes, since: firstAttribute)
        pendingStart = document.byteCount
        let element = document.addElement(name.tag, attributesFrom: firstAttribute)
        if let parent = stack.last { document.append(element, to: parent) }
        stack.append(element)
    }

    mutating func end() {
        if skippedDepth > 0 {
            skippedDepth -= 1
            if skippedDepth == 0 && !dropping { document.appendByte(0x20) }
            return
        }
        flushText()
        if stack.count > 1 { stack.removeLast() }
    }

    mutating func characters(_ bytes: UnsafeBufferPointer<xmlChar>) {
        if skippedDepth > 0 && dropping { return }
        document.appendBytes(bytes)
    }

    /// The finished document: rooted at the `html` element, or at the synthetic root when the input had no single one.
    mutating func result() -> Document {
        flushText()
        let top = 0
        if let only = document.firstChild(top), document.nextSibling(only) == nil, document.tag(only) == .html {
            document.makeRoot(only)
        }
        return document
    }

    private mutating func flushText() {
        guard document.byteCount > pendingStart, let parent = stack.last else { return }
        document.append(document.addText(from: pendingStart), to: parent)
        pendingStart = document.byteCount
    }

    /// The cached description of the element name at `raw`.
    private mutating func elementName(_ raw: UnsafePointer<xmlChar>) -> ElementName {
        let key = UnsafeRawPointer(raw)
        if let cached = elementNames[key], TreeBuilder.hasBytes(raw, cached.bytes) { return cached }
        let (bytes, string) = TreeBuilder.lowerCased(raw)
        let name = ElementName(bytes: bytes, tag: Tag(name: string), isDropped: TreeBuilder.droppedTags.contains(string))
        elementNames[key] = name
        return name
    }

    /// The cached description of the attribute name at `raw`.
    private mutating func attributeName(_ raw: UnsafePointer<xmlChar>) -> AttributeName? {
        let key = UnsafeRawPointer(raw)
        if let cached = attributeNames[key], TreeBuilder.hasBytes(raw, cached.bytes) { return cached.name }
        let (bytes, string) = TreeBuilder.lowerCased(raw)
        let name = AttributeName(rawValue: string)
        attributeNames[key] = AttributeKey(bytes: bytes, name: name)
        return name
    }

    /// The bytes of the NUL-terminated `raw`, and their lower-cased string.
    private static func lowerCased(_ raw: UnsafePointer<xmlChar>) -> ([UInt8], String) {
        var length = 0
        while raw[length] != 0 { length += 1 }
        let bytes = Array(UnsafeBufferPointer(start: raw, count: length))
        return (bytes, String(decoding: bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self))
    }

    /// Whether the NUL-terminated `raw` holds exactly `bytes`.
    private static func hasBytes(_ raw: UnsafePointer<xmlChar>, _ bytes: [UInt8]) -> Bool {
        for (index, byte) in bytes.enumerated() where raw[index] != byte { return false }
        return raw[bytes.count] == 0
    }

    /// Appends the attributes of `AttributeName` (so never an event handler); the first occurrence of a name wins.
    private mutating func appendAttributes(_ raw: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, since first: Int) {
        guard let raw else { return }
        var index = 0
        while let rawName = raw[index] {
            let rawValue = raw[index + 1]
            index += 2
            guard let name = attributeName(rawName) else { continue }
            document.appendAttribute(name, value: rawValue, since: first)
        }
    }
}
