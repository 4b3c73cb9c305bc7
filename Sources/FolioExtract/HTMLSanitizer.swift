import Foundation

/// Makes stored or imported HTML safe to keep and display.
///
/// An allow-list of tags and attributes: no scripts, styles, frames, forms, event handlers or
/// `javascript:`/`data:` addresses; relative links and images are made absolute against `baseURL`.
public enum HTMLSanitizer {
    /// HTML fragments larger than this are cut before parsing (bounded time and memory).
    public static let maximumInputBytes = 16 << 20

    /// The sanitised form of an HTML fragment or page.
    public static func sanitize(html: String, baseURL: URL?) -> String {
        let (document, body) = body(of: html)
        return SanitizingWriter(baseURL: baseURL).html(ofChildrenOf: body, in: document)
    }

    /// The plain text of an HTML fragment: paragraphs separated by blank lines, no markup, no control characters.
    public static func plainText(html: String) -> String {
        let (document, body) = body(of: html)
        return PlainTextWriter.text(of: body, in: document)
    }

    private static func body(of html: String) -> (document: Document, body: NodeID) {
        let input = html.utf8.count > maximumInputBytes ? String(decoding: html.utf8.prefix(maximumInputBytes), as: UTF8.self) : html
        return HTMLParser.parseFragment(input)
    }
}
