import CLibXML2

/// Parses HTML with libxml2's forgiving HTML parser, in SAX mode, straight into a `DOMNode` tree.
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

    /// Parses a whole page (UTF-8 bytes, already stripped by `MarkupStripper`); the result is the
    /// `html` element, or a synthetic root for odd input. The bytes are always read as UTF-8:
    /// `<meta charset>` was already honoured when the page was decoded.
    static func parseDocument(_ html: [UInt8]) -> DOMNode {
        parse(html, options: 0)
    }

    /// Parses an HTML fragment (or a whole page) and returns its `body` element.
    ///
    /// Parsed as a document: libxml2's no-implied-elements mode keeps only the first top-level node.
    static func parseFragment(_ html: String) -> DOMNode {
        var source = html
        let stripped = source.withUTF8 { MarkupStripper($0) }
        let root = parse(stripped.html, options: 0)
        return root.first(tag: "body") ?? root
    }

    private static func parse(_ html: [UInt8], options extra: UInt32) -> DOMNode {
        _ = initialized
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        let builder = TreeBuilder()
        guard !html.isEmpty, html.count < Int(Int32.max) else { return builder.result() }
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, attributes in
            guard let context, let name else { return }
            Unmanaged<TreeBuilder>.fromOpaque(context).takeUnretainedValue().start(name, attributes)
        }
        handler.endElement = { context, _ in
            guard let context else { return }
            Unmanaged<TreeBuilder>.fromOpaque(context).takeUnretainedValue().end()
        }
        handler.characters = { context, characters, length in
            guard let context, let characters, length > 0 else { return }
            Unmanaged<TreeBuilder>.fromOpaque(context).takeUnretainedValue()
                .characters(UnsafeBufferPointer(start: characters, count: Int(length)))
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = handler.characters
        handler.serror = { _, _ in }
        let options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | extra
        let context = Unmanaged.passUnretained(builder).toOpaque()
        withExtendedLifetime(builder) {
            guard let parser = htmlCreatePushParserCtxt(&handler, context, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else {
                return
            }
            defer { htmlFreeParserCtxt(parser) }
            _ = htmlCtxtUseOptions(parser, Int32(bitPattern: options))
            html.withUnsafeBufferPointer { buffer in
                buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    _ = htmlParseChunk(parser, $0, Int32(buffer.count), 1)
                }
            }
        }
        return builder.result()
    }
}

/// Receives libxml2's SAX events and assembles the `DOMNode` tree.
///
/// libxml2 hands element and attribute names out of its per-parser dictionary, so the same name
/// comes back at the same address: names are turned into Swift strings (and classified) once per
/// distinct address, then looked up by address (and checked byte for byte).
private final class TreeBuilder {
    /// Elements whose content never belongs to an article.
    private static let droppedTags: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
        "button", "input", "select", "textarea", "option", "dialog", "base", "frame", "frameset",
    ]

    /// The attributes some stage of extraction reads; the others are not kept.
    private static let keptAttributes: Set<String> = [
        "id", "class", "style", "role", "hidden", "aria-hidden", "itemprop", "lang", "content", "property", "name",
        "http-equiv", "rel", "href", "src", "srcset", "data-src", "data-lazy-src", "data-original", "data-srcset",
        "data-url", "alt", "title", "width", "height", "colspan", "rowspan", "scope", "datetime", "start",
        "reversed", "cite",
    ]

    /// A name as libxml2 handed it out, with what the builder needs to know about it.
    private struct Name {
        /// The name's bytes, to check a cached address against.
        let bytes: [UInt8]
        /// The lower-cased name.
        let string: String
        /// For an element: one of `DOMNode.blockTags`. For an attribute: unused.
        let isBlock: Bool
        /// For an element: dropped with its content. For an attribute: not kept.
        let isDropped: Bool
    }

    private let root = DOMNode(element: "#root", attributes: [:])
    private var stack: [DOMNode] = []
    /// Open elements that were not added to the tree (too deep, or dropped).
    private var skippedDepth = 0
    /// Whether the skipped elements are dropped (content discarded) rather than flattened.
    private var dropping = false
    private var pendingText: [UInt8] = []
    private var elementNames: [UnsafeRawPointer: Name] = [:]
    private var attributeNames: [UnsafeRawPointer: Name] = [:]

    init() {
        stack.append(root)
    }

    func start(_ rawName: UnsafePointer<xmlChar>, _ rawAttributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        if skippedDepth > 0 {
            skippedDepth += 1
            return
        }
        let name = TreeBuilder.lookUp(rawName, in: &elementNames) { tag in
            (DOMNode.blockTags.contains(tag), TreeBuilder.droppedTags.contains(tag))
        }
        if name.isDropped {
            flushText()
            dropping = true
            skippedDepth = 1
            return
        }
        if stack.count > HTMLParser.maximumDepth {
            pendingText.append(0x20)
            dropping = false
            skippedDepth = 1
            return
        }
        flushText()
        let element = DOMNode(element: name.string, attributes: attributes(rawAttributes), isBlock: name.isBlock)
        stack.last?.append(element)
        stack.append(element)
    }

    func end() {
        if skippedDepth > 0 {
            skippedDepth -= 1
            if skippedDepth == 0 && !dropping { pendingText.append(0x20) }
            return
        }
        flushText()
        if stack.count > 1 { stack.removeLast() }
    }

    func characters(_ bytes: UnsafeBufferPointer<xmlChar>) {
        if skippedDepth > 0 && dropping { return }
        pendingText.append(contentsOf: bytes)
    }

    /// The finished tree: the `html` element, or the synthetic root when the input had no single one.
    func result() -> DOMNode {
        flushText()
        if root.children.count == 1, let only = root.children.first, only.tag == "html" {
            only.parent = nil
            return only
        }
        return root
    }

    private func flushText() {
        guard !pendingText.isEmpty else { return }
        stack.last?.append(DOMNode(text: String(decoding: pendingText, as: UTF8.self)))
        pendingText.removeAll(keepingCapacity: true)
    }

    /// The cached description of the name at `raw`, made with `classify` (given the lower-cased name) on first sight.
    private static func lookUp(
        _ raw: UnsafePointer<xmlChar>, in cache: inout [UnsafeRawPointer: Name],
        classify: (String) -> (isBlock: Bool, isDropped: Bool)
    ) -> Name {
        let key = UnsafeRawPointer(raw)
        if let cached = cache[key], hasBytes(raw, cached.bytes) { return cached }
        var length = 0
        while raw[length] != 0 { length += 1 }
        let bytes = Array(UnsafeBufferPointer(start: raw, count: length))
        let string = String(decoding: bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
        let (isBlock, isDropped) = classify(string)
        let name = Name(bytes: bytes, string: string, isBlock: isBlock, isDropped: isDropped)
        cache[key] = name
        return name
    }

    /// Whether the NUL-terminated `raw` holds exactly `bytes`.
    private static func hasBytes(_ raw: UnsafePointer<xmlChar>, _ bytes: [UInt8]) -> Bool {
        for (index, byte) in bytes.enumerated() where raw[index] != byte { return false }
        return raw[bytes.count] == 0
    }

    /// The attributes of `keptAttributes` (so never an event handler); the first occurrence of a name wins.
    private func attributes(_ raw: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> Attributes {
        var attributes: Attributes = [:]
        guard let raw else { return attributes }
        var index = 0
        while let rawName = raw[index] {
            let rawValue = raw[index + 1]
            index += 2
            let name = TreeBuilder.lookUp(rawName, in: &attributeNames) { (false, !TreeBuilder.keptAttributes.contains($0)) }
            if name.isDropped { continue }
            attributes.appendIfAbsent(name.string, rawValue.map { String(cString: $0) } ?? "")
        }
        return attributes
    }
}
