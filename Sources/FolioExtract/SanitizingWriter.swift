import Foundation

/// Serialises a `DOMNode` tree as HTML through an allow-list of tags and attributes.
///
/// Scripts, styles, frames, forms and embedded objects are dropped with their content; unknown
/// tags are replaced by their content (block ones by a `div`); only safe attributes survive, and
/// links and images become absolute http(s) addresses.
struct SanitizingWriter {
    /// Base address for relative links and images.
    let baseURL: URL?

    /// Whether the element is dropped with its content.
    private static func isDropped(_ tag: Tag) -> Bool {
        switch tag {
        case .script, .style, .noscript, .template, .svg, .math, .iframe, .object, .embed, .canvas, .button, .input,
             .select, .textarea, .option, .optgroup, .dialog, .link, .base, .frame, .frameset, .head, .title, .meta,
             .applet, .audio, .video, .source, .track, .map, .area, .param, .portal:
            true
        default:
            false
        }
    }

    /// Whether the element is written as itself (others are replaced by their content).
    private static func isKept(_ tag: Tag) -> Bool {
        switch tag {
        case .a, .abbr, .b, .blockquote, .br, .caption, .cite, .code, .dd, .del, .dfn, .div, .dl, .dt, .em,
             .figcaption, .figure, .h1, .h2, .h3, .h4, .h5, .h6, .hr, .i, .img, .ins, .kbd, .li, .mark, .ol, .p,
             .pre, .q, .s, .samp, .small, .strong, .sub, .sup, .table, .tbody, .td, .tfoot, .th, .thead, .time, .tr,
             .u, .ul, .var:
            true
        default:
            false
        }
    }

    /// The attributes kept on each tag, in the (alphabetical) order they are written.
    private static func keptAttributes(_ tag: Tag) -> [AttributeName] {
        switch tag {
        case .a: [.href, .title]
        case .img: [.alt, .height, .title, .width]
        case .td: [.colspan, .rowspan]
        case .th: [.colspan, .rowspan, .scope]
        case .time, .del, .ins: [.datetime]
        case .ol: [.reversed, .start]
        case .abbr: [.title]
        case .q, .blockquote: [.cite]
        default: []
        }
    }

    /// The sanitised HTML of `node`'s children.
    func html(ofChildrenOf node: NodeID, in document: Document) -> String {
        var output: [UInt8] = []
        var next = document.firstChild(node)
        while let child = next {
            write(child, of: document, to: &output)
            next = document.nextSibling(child)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Writes `node` as UTF-8.
    private func write(_ node: NodeID, of document: Document, to output: inout [UInt8]) {
        let tag = document.tag(node)
        if tag == .text {
            document.withText(node) { SanitizingWriter.escape($0, into: &output, quotes: false) }
            return
        }
        if SanitizingWriter.isDropped(tag) { return }
        guard SanitizingWriter.isKept(tag) else {
            let isBlock = tag.isBlock
            if isBlock { output.append(contentsOf: "<div>".utf8) }
            writeChildren(of: node, in: document, to: &output)
            if isBlock { output.append(contentsOf: "</div>".utf8) }
            return
        }
        if tag == .img {
            guard let source = imageSource(node, in: document) else { return }
            output.append(contentsOf: "<img src=\"".utf8)
            SanitizingWriter.escape(source, into: &output, quotes: true)
            output.append(UInt8(ascii: "\""))
        } else {
            output.append(UInt8(ascii: "<"))
            output.append(contentsOf: tag.name)
        }
        writeAttributes(of: node, in: document, to: &output)
        output.append(UInt8(ascii: ">"))
        if tag == .br || tag == .hr || tag == .img { return }
        writeChildren(of: node, in: document, to: &output)
        output.append(contentsOf: "</".utf8)
        output.append(contentsOf: tag.name)
        output.append(UInt8(ascii: ">"))
    }

    private func writeChildren(of node: NodeID, in document: Document, to output: inout [UInt8]) {
        var next = document.firstChild(node)
        while let child = next {
            write(child, of: document, to: &output)
            next = document.nextSibling(child)
        }
    }

    private func writeAttributes(of node: NodeID, in document: Document, to output: inout [UInt8]) {
        for name in SanitizingWriter.keptAttributes(document.tag(node)) {
            guard var value = document.attribute(name, of: node) else { continue }
            switch name {
            case .href, .cite:
                guard let safe = URLResolver.safeLink(value, base: baseURL) else { continue }
                value = safe
            case .width, .height, .colspan, .rowspan, .start:
                guard let number = Int(value.trimmed()), number >= 0, number < 100_000 else {
                    continue
                }
                value = String(number)
            default:
                break
            }
            output.append(UInt8(ascii: " "))
            output.append(contentsOf: name.rawValue.utf8)
            output.append(contentsOf: "=\"".utf8)
            SanitizingWriter.escape(value, into: &output, quotes: true)
            output.append(UInt8(ascii: "\""))
        }
    }

    /// The image address, preferring lazy-loading attributes over placeholder `src` values.
    func imageSource(_ node: NodeID, in document: Document) -> String? {
        let lazy = [AttributeName.dataSrc, .dataLazySrc, .dataOriginal, .dataURL].compactMap { document.attribute($0, of: node) }
        let candidates = lazy + [document.attribute(.src, of: node)].compactMap { $0 }
            + [document.attribute(.srcset, of: node), document.attribute(.dataSrcset, of: node)].compactMap { $0?.firstSrcsetURL }
        return candidates.lazy.compactMap { URLResolver.absolute($0, base: baseURL) }.first
    }

    /// Appends `text` as UTF-8 with HTML's special characters escaped, and control characters
    /// (but line feeds and tabs) dropped.
    static func escape(_ text: String, into output: inout [UInt8], quotes: Bool) {
        var text = text
        text.withUTF8 { escape($0, into: &output, quotes: quotes) }
    }

    /// `escape(_:into:quotes:)` for UTF-8 bytes.
    static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], quotes: Bool) {
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

private extension String {
    /// The first address of a `srcset` list.
    var firstSrcsetURL: String? {
        split(separator: ",").first.flatMap { $0.split(separator: " ").first }.map(String.init)
    }
}
