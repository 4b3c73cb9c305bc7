import Foundation

/// Serialises a `DOMNode` tree as HTML through an allow-list of tags and attributes.
///
/// Scripts, styles, frames, forms and embedded objects are dropped with their content; unknown
/// tags are replaced by their content (block ones by a `div`); only safe attributes survive, and
/// links and images become absolute http(s) addresses.
struct SanitizingWriter {
    /// Base address for relative links and images.
    let baseURL: URL?

    private static let droppedTags: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "button",
        "input", "select", "textarea", "option", "optgroup", "dialog", "link", "base", "frame", "frameset", "head",
        "title", "meta", "applet", "audio", "video", "source", "track", "map", "area", "param", "portal", "frameset",
    ]

    private static let keptTags: Set<String> = [
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn", "div", "dl", "dt", "em",
        "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
        "ol", "p", "pre", "q", "s", "samp", "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "u", "ul", "var",
    ]

    private static let voidTags: Set<String> = ["br", "hr", "img"]

    /// The attributes kept on each tag, in the (alphabetical) order they are written.
    private static let keptAttributes: [String: [String]] = [
        "a": ["href", "title"], "img": ["alt", "title", "width", "height"], "td": ["colspan", "rowspan"],
        "th": ["colspan", "rowspan", "scope"], "time": ["datetime"], "ol": ["start", "reversed"],
        "abbr": ["title"], "q": ["cite"], "blockquote": ["cite"], "del": ["datetime"], "ins": ["datetime"],
    ].mapValues { $0.sorted() }

    /// The sanitised HTML of `node`'s children.
    func html(ofChildrenOf node: DOMNode) -> String {
        var output: [UInt8] = []
        for child in node.children { write(child, to: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Writes `node` as UTF-8.
    private func write(_ node: DOMNode, to output: inout [UInt8]) {
        guard node.isElement else {
            SanitizingWriter.escape(node.text, into: &output, quotes: false)
            return
        }
        let tag = node.tag
        if SanitizingWriter.droppedTags.contains(tag) { return }
        guard SanitizingWriter.keptTags.contains(tag) else {
            let isBlock = node.isBlock
            if isBlock { output.append(contentsOf: "<div>".utf8) }
            for child in node.children { write(child, to: &output) }
            if isBlock { output.append(contentsOf: "</div>".utf8) }
            return
        }
        if tag == "img" {
            guard let source = imageSource(node) else { return }
            output.append(contentsOf: "<img src=\"".utf8)
            SanitizingWriter.escape(source, into: &output, quotes: true)
            output.append(UInt8(ascii: "\""))
        } else {
            output.append(UInt8(ascii: "<"))
            output.append(contentsOf: tag.utf8)
        }
        writeAttributes(of: node, to: &output)
        output.append(UInt8(ascii: ">"))
        if SanitizingWriter.voidTags.contains(tag) { return }
        for child in node.children { write(child, to: &output) }
        output.append(contentsOf: "</".utf8)
        output.append(contentsOf: tag.utf8)
        output.append(UInt8(ascii: ">"))
    }

    private func writeAttributes(of node: DOMNode, to output: inout [UInt8]) {
        guard let allowed = SanitizingWriter.keptAttributes[node.tag] else { return }
        for name in allowed {
            guard var value = node.attributes[name] else { continue }
            if name == "href" || name == "cite" {
                guard let safe = URLResolver.safeLink(value, base: baseURL) else { continue }
                value = safe
            } else if name == "width" || name == "height" || name == "colspan" || name == "rowspan" || name == "start" {
                guard let number = Int(value.trimmed()), number >= 0, number < 100_000 else {
                    continue
                }
                value = String(number)
            }
            output.append(UInt8(ascii: " "))
            output.append(contentsOf: name.utf8)
            output.append(contentsOf: "=\"".utf8)
            SanitizingWriter.escape(value, into: &output, quotes: true)
            output.append(UInt8(ascii: "\""))
        }
    }

    /// The image address, preferring lazy-loading attributes over placeholder `src` values.
    func imageSource(_ node: DOMNode) -> String? {
        let lazy = ["data-src", "data-lazy-src", "data-original", "data-url"].compactMap { node.attributes[$0] }
        let candidates = lazy + [node.attributes["src"]].compactMap { $0 }
            + [node.attributes["srcset"], node.attributes["data-srcset"]].compactMap { $0?.firstSrcsetURL }
        return candidates.lazy.compactMap { URLResolver.absolute($0, base: baseURL) }.first
    }

    /// Appends `text` as UTF-8 with HTML's special characters escaped, and control characters
    /// (but line feeds and tabs) dropped.
    static func escape(_ text: String, into output: inout [UInt8], quotes: Bool) {
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\"") where quotes: output.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "\n"), UInt8(ascii: "\t"): output.append(byte)
                case 0..<0x20, 0x7F: break
                case 0xC2 where index + 1 < bytes.count && bytes[index + 1] < 0xA0:
                    index += 1 // U+0080…U+009F, the C1 controls
                default: output.append(byte)
                }
                index += 1
            }
        }
    }
}

private extension String {
    /// The first address of a `srcset` list.
    var firstSrcsetURL: String? {
        split(separator: ",").first.flatMap { $0.split(separator: " ").first }.map(String.init)
    }
}
