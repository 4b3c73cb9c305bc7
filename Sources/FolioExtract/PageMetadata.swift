import Foundation

/// What a page says about itself: title, byline, dates, images, from `<meta>`, `<link>`,
/// JSON-LD and a few conventional elements.
struct PageMetadata {
    var title: String?
    var byline: String?
    var siteName: String?
    var publishedAt: Date?
    var leadImageURL: String?
    var language: String?
    var canonicalURL: String?
    var excerpt: String?
    /// The `<title>` element as written, with the site name still in it.
    var documentTitle: String?

    /// Reads the metadata of `document`; relative addresses are resolved against `baseURL`.
    /// `jsonLD` holds the page's JSON-LD blocks; `document` must have its statistics computed.
    init(document: Document, jsonLD blocks: [String], baseURL: URL?) {
        var meta: [String: String] = [:]
        var canonical: String?
        var relAuthor: String?
        var documentTitle: String?
        var h1s: [String] = []
        var timeValue: String?
        var bylineElement: String?
        var jsonLD = JSONLDMetadata()
        for block in blocks { jsonLD.read(block) }
        let root = document.root
        document.forEachElement(in: root) { element in
            switch document.tag(element) {
            case .meta:
                guard let content = document.attribute(.content, of: element)?.nonBlank else { return }
                for key in [AttributeName.property, .name, .itemprop, .httpEquiv] {
                    if let name = document.attribute(key, of: element)?.lowercased(), meta[name] == nil { meta[name] = content }
                }
            case .link:
                let rel = document.attribute(.rel, of: element)?.lowercased() ?? ""
                if rel == "canonical", canonical == nil { canonical = document.attribute(.href, of: element) }
            case .title:
                if documentTitle == nil { documentTitle = document.innerText(element).nonBlank }
            case .h1:
                if let text = document.innerText(element).nonBlank { h1s.append(text) }
            case .time:
                if timeValue == nil, let value = document.attribute(.datetime, of: element) { timeValue = value }
            case .a:
                if relAuthor == nil, document.attribute(.rel, of: element)?.lowercased() == "author" {
                    relAuthor = document.innerText(element).nonBlank
                }
            default:
                break
            }
            let length = document.textLength(element)
            if bylineElement == nil, length > 3, length < 80,
               document.classOrID(of: element, matches: PageMetadata.bylineHint)
                || document.attribute(.itemprop, of: element, matches: PageMetadata.bylineHint) {
                bylineElement = document.innerText(element)
            }
        }
        self.documentTitle = documentTitle
        let siteName = meta["og:site_name"] ?? jsonLD.publisher ?? meta["application-name"]
        self.siteName = siteName
        let candidates = [meta["og:title"], meta["twitter:title"], jsonLD.headline, h1s.count == 1 ? h1s[0] : nil]
        if let found = candidates.compactMap({ $0?.nonBlank }).first {
            title = PageMetadata.strippingSiteName(from: found, siteName: siteName)
        } else if let documentTitle {
            title = PageMetadata.strippingSiteName(from: documentTitle, siteName: siteName)
        } else {
            title = h1s.first
        }
        let authors = [meta["author"], jsonLD.author, meta["article:author"], meta["parsely-author"], relAuthor,
                       bylineElement, meta["twitter:creator"]]
        byline = authors.compactMap { PageMetadata.cleanByline($0) }.first
        publishedAt = [jsonLD.datePublished, meta["article:published_time"], meta["datepublished"],
                       meta["date"], meta["pubdate"], meta["og:published_time"], timeValue]
            .compactMap { $0.flatMap(DateParser.parse) }.first
        leadImageURL = [meta["og:image"], meta["og:image:url"], meta["twitter:image"], meta["twitter:image:src"],
                        jsonLD.image]
            .compactMap { $0.flatMap { URLResolver.absolute($0, base: baseURL) } }.first
        language = (document.attribute(.lang, of: root)?.nonBlank ?? meta["og:locale"] ?? meta["content-language"])
            .map { $0.replacingOccurrences(of: "_", with: "-") }
        canonicalURL = [canonical, meta["og:url"]].compactMap { $0.flatMap { URLResolver.absolute($0, base: baseURL) } }
            .first
        excerpt = (meta["og:description"] ?? meta["description"] ?? meta["twitter:description"]
            ?? jsonLD.description)?.nonBlank
    }

    private static let bylineHint = KeywordMatcher(["byline", "author"])

    /// A byline without a "By" prefix, or nil when the value is a URL or not a name.
    static func cleanByline(_ value: String?) -> String? {
        guard var text = value?.nonBlank, !text.hasPrefix("http"), !text.hasPrefix("{") else { return nil }
        for prefix in ["By ", "by ", "BY "] where text.hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count))
        }
        guard text.count <= 100 else { return nil }
        return text.nonBlank
    }

    /// Whether `needle` occurs in `haystack` (a cheap test before splitting with Foundation).
    private static func contains(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// The title without a trailing or leading site name (`Article | Site`, `Site - Article`).
    static func strippingSiteName(from title: String, siteName: String?) -> String {
        let separators = [" | ", " - ", " – ", " — ", " :: ", " · ", " » "]
        let titleBytes = Array(title.utf8)
        for separator in separators where PageMetadata.contains(Array(separator.utf8), in: titleBytes) {
            let parts = title.components(separatedBy: separator)
            guard parts.count > 1 else { continue }
            if let siteName, let last = parts.last, last.caseInsensitiveCompare(siteName) == .orderedSame
                || siteName.lowercased().contains(last.lowercased().trimmingCharacters(in: .whitespaces)) {
                return parts.dropLast().joined(separator: separator)
            }
            if let siteName, let first = parts.first, first.caseInsensitiveCompare(siteName) == .orderedSame {
                return parts.dropFirst().joined(separator: separator)
            }
            if siteName == nil || separator == " | " {
                let head = parts.dropLast().joined(separator: separator)
                let words = head.split(separator: " ").count
                let tailWords = parts.last.map { $0.split(separator: " ").count } ?? 0
                if words >= 3 && tailWords <= 4 { return head }
            }
        }
        return title
    }
}
