import Foundation

/// A downloaded page: where it ended up, what it is, and its body.
public struct FetchedPage: Sendable, Hashable {
    /// The address after redirects.
    public var url: URL
    /// The HTTP status code (2xx: failures are thrown as `FetchError`).
    public var statusCode: Int
    /// The `Content-Type` header as sent, if any.
    public var contentType: String?
    /// The body as received (after gzip/deflate decoding).
    public var data: Data

    /// A page with the given response parts.
    public init(url: URL, statusCode: Int, contentType: String?, data: Data) {
        self.url = url
        self.statusCode = statusCode
        self.contentType = contentType
        self.data = data
    }

    /// The media type without parameters, lower-cased (`text/html`), or empty when unknown.
    public var mediaType: String {
        (contentType?.split(separator: ";").first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
            .lowercased()
    }

    /// Whether the body is an HTML page, by its media type or, when the type is missing, by its first bytes.
    public var isHTML: Bool {
        switch mediaType {
        case "text/html", "application/xhtml+xml": return true
        case "", "application/octet-stream":
            let head = String(decoding: data.prefix(512), as: UTF8.self).lowercased()
            return head.contains("<html") || head.contains("<!doctype html") || head.contains("<head")
        default: return false
        }
    }

    /// The body decoded as text: charset from the header, a BOM or (for HTML) a `<meta charset>`,
    /// otherwise UTF-8 with replacement characters.
    public var text: String {
        TextDecoding.decode(data, contentType: contentType, sniffMeta: isHTML)
    }
}
