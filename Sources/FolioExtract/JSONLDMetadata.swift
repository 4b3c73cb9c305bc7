import Foundation

/// The article fields of a page's JSON-LD (`<script type="application/ld+json">`) blocks.
struct JSONLDMetadata {
    var headline: String?
    var author: String?
    var datePublished: String?
    var publisher: String?
    var image: String?
    var description: String?

    private static let articleTypes: Set<String> = [
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "reviewnewsarticle", "backgroundnewsarticle", "techarticle", "scholarlyarticle", "report", "webpage",
        "liveblogposting", "socialmediaposting", "review", "recipe", "howto",
    ]

    /// Reads one JSON-LD block; the first article-like object found wins each field.
    mutating func read(_ json: String) {
        guard json.utf8.count < 1_000_000, let data = json.data(using: .utf8),
              let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return }
        visit(value, depth: 0)
    }

    private mutating func visit(_ value: Any, depth: Int) {
        guard depth < 6 else { return }
        if let array = value as? [Any] {
            for item in array { visit(item, depth: depth + 1) }
            return
        }
        guard let object = value as? [String: Any] else { return }
        if let graph = object["@graph"] { visit(graph, depth: depth + 1) }
        let types: [String] = (object["@type"] as? String).map { [$0] } ?? (object["@type"] as? [String]) ?? []
        guard types.contains(where: { JSONLDMetadata.articleTypes.contains($0.lowercased()) }) else {
            if let main = object["mainEntity"] { visit(main, depth: depth + 1) }
            return
        }
        let isWebPage = types.allSatisfy { $0.lowercased() == "webpage" }
        if !isWebPage || headline == nil {
            headline = headline ?? (object["headline"] as? String) ?? (isWebPage ? nil : object["name"] as? String)
        }
        author = author ?? JSONLDMetadata.names(object["author"] ?? object["creator"])
        datePublished = datePublished ?? (object["datePublished"] as? String) ?? (object["dateCreated"] as? String)
        publisher = publisher ?? JSONLDMetadata.names(object["publisher"])
        image = image ?? JSONLDMetadata.url(object["image"] ?? object["thumbnailUrl"])
        description = description ?? (object["description"] as? String)
    }

    /// Names from a string, a `{name: …}` object or an array of either, joined with commas.
    private static func names(_ value: Any?) -> String? {
        if let string = value as? String { return string.nonBlank }
        if let object = value as? [String: Any] { return (object["name"] as? String)?.nonBlank }
        if let array = value as? [Any] {
            let all = array.compactMap { names($0) }
            return all.isEmpty ? nil : all.joined(separator: ", ")
        }
        return nil
    }

    /// An address from a string, an `ImageObject` or an array of either.
    private static func url(_ value: Any?) -> String? {
        if let string = value as? String { return string.nonBlank }
        if let object = value as? [String: Any] { return url(object["url"] ?? object["contentUrl"]) }
        if let array = value as? [Any] { return array.lazy.compactMap { url($0) }.first }
        return nil
    }
}
