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

    /// Reads the metadata of the page rooted at `root`; relative addresses are resolved against `baseURL`.
    /// `jsonLD` holds the page's JSON-LD blocks; `root` must have its statistics computed.
    init(root: DOMNode, jsonLD blocks: [String], baseURL: URL?) {
        var meta: [String: String] = [:]
        var canonical: String?
        var relAuthor: String?
        var documentTitle: String?
        var h1s: [String] = []
        var timeValue: String?
        var bylineElement: String?
        var jsonLD = JSONLDMetadata()
        for block in blocks { jsonLD.read(block) }
        root.forEachElement { element in
            switch element.tag {
            case "meta":
                guard let content = element.attributes["content"]?.nonBlank else { return }
                for key in ["property", "name", "itemprop", "http-equiv"] {
                    if let name = element.attributes[key]?.lowercased(), meta[name] == nil { meta[name] = content }
                }
            case "link":
                let rel = element.attributes["rel"]?.lowercased() ?? ""
                if rel == "canonical", canonical == nil { canonical = element.attributes["href"] }
            case "title":
                if documentTitle == nil { documentTitle = element.innerText.nonBlank }
            case "h1":
                if let text = element.innerText.nonBlank { h1s.append(text) }
            case "time":
                if timeValue == nil, let value = element.attributes["datetime"] { timeValue = value }
            case "a":
                if relAuthor == nil, element.attributes["rel"]?.lowercased() == "author" {
                    relAuthor = element.innerText.nonBlank
                }
            default:
                break
            }
            if bylineElement == nil, element.textLength > 3, element.textLength < 80,
               element.classOrID(matches: PageMetadata.bylineHint)
                || PageMetadata.bylineHint.matches(element.attributes["itemprop"] ?? "") {
                bylineElement = element.innerText
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
        language = (root.attributes["lang"]?.nonBlank ?? meta["og:locale"] ?? meta["content-language"])
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

    /// The title without a trailing or leading site name (`Article | Site`, `Site - Article`).
    static func strippingSiteName(from title: String, siteName: String?) -> String {
        let separators = [" | ", " - ", " – ", " — ", " :: ", " · ", " » "]
        for separator in separators {
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
