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

    private static let keptAttributes: [String: Set<String>] = [
        "a": ["href", "title"], "img": ["alt", "title", "width", "height"], "td": ["colspan", "rowspan"],
        "th": ["colspan", "rowspan", "scope"], "time": ["datetime"], "ol": ["start", "reversed"],
        "abbr": ["title"], "q": ["cite"], "blockquote": ["cite"], "del": ["datetime"], "ins": ["datetime"],
    ]

    /// The sanitised HTML of `node`'s children.
    func html(ofChildrenOf node: DOMNode) -> String {
        var output = ""
        for child in node.children { write(child, to: &output) }
        return output
    }

    private func write(_ node: DOMNode, to output: inout String) {
        guard node.isElement else {
            SanitizingWriter.escape(node.text, into: &output, quotes: false)
            return
        }
        let tag = node.tag
        if SanitizingWriter.droppedTags.contains(tag) { return }
        guard SanitizingWriter.keptTags.contains(tag) else {
            let isBlock = DOMNode.blockTags.contains(tag)
            if isBlock { output += "<div>" }
            for child in node.children { write(child, to: &output) }
            if isBlock { output += "</div>" }
            return
        }
        if tag == "img" {
            guard let source = imageSource(node) else { return }
            output += "<img src=\""
            SanitizingWriter.escape(source, into: &output, quotes: true)
            output += "\""
        } else {
            output += "<" + tag
        }
        writeAttributes(of: node, to: &output)
        output += ">"
        if SanitizingWriter.voidTags.contains(tag) { return }
        for child in node.children { write(child, to: &output) }
        output += "</" + tag + ">"
    }

    private func writeAttributes(of node: DOMNode, to output: inout String) {
        guard let allowed = SanitizingWriter.keptAttributes[node.tag] else { return }
        for name in allowed.sorted() {
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
            output += " " + name + "=\""
            SanitizingWriter.escape(value, into: &output, quotes: true)
            output += "\""
        }
    }

    /// The image address, preferring lazy-loading attributes over placeholder `src` values.
    func imageSource(_ node: DOMNode) -> String? {
        let lazy = ["data-src", "data-lazy-src", "data-original", "data-url"].compactMap { node.attributes[$0] }
        let candidates = lazy + [node.attributes["src"]].compactMap { $0 }
            + [node.attributes["srcset"], node.attributes["data-srcset"]].compactMap { $0?.firstSrcsetURL }
        return candidates.lazy.compactMap { URLResolver.absolute($0, base: baseURL) }.first
    }

    /// Appends `text` with HTML's special characters escaped, and control characters dropped.
    static func escape(_ text: String, into output: inout String, quotes: Bool) {
        let needsWork = text.utf8.contains { byte in
            byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<")
                || byte == UInt8(ascii: ">") || (quotes && byte == UInt8(ascii: "\""))
        }
        guard needsWork else {
            output += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where quotes: output += "&quot;"
            case "\n", "\t": output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
                output.unicodeScalars.append(scalar)
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
