import Foundation

/// The readable article of a saved page: metadata and content as the extractor found them.
///
/// Stored as one synced register, so a re-fetch replaces it atomically on every replica.
public struct ArticleContent: Codable, Hashable, Sendable {
    /// The page's own canonical address (`<link rel=canonical>`, `og:url`), if it declared one.
    public var canonicalURL: String?
    public var byline: String?
    public var siteName: String?
    public var excerpt: String?
    public var leadImageURL: String?
    /// BCP 47 language tag as declared by the page (`<html lang>`, `og:locale`).
    public var language: String?
    public var publishedAt: Date?
    /// Sanitised HTML: an allow-list of tags and attributes, no scripts, styles or event handlers.
    public var html: String
    /// Plain text with paragraphs separated by blank lines.
    public var text: String
    public var wordCount: Int
    /// Why the article text is missing or partial (fetch failed, not HTML, no article found), if it is.
    public var status: ContentStatus

    public init(
        canonicalURL: String? = nil, byline: String? = nil, siteName: String? = nil,
        excerpt: String? = nil, leadImageURL: String? = nil, language: String? = nil,
        publishedAt: Date? = nil, html: String = "", text: String = "", wordCount: Int? = nil,
        status: ContentStatus = .complete
    ) {
        self.canonicalURL = canonicalURL
        self.byline = byline
        self.siteName = siteName
        self.excerpt = excerpt
        self.leadImageURL = leadImageURL
        self.language = language
        self.publishedAt = publishedAt
        self.html = html
        self.text = text
        self.wordCount = wordCount ?? ArticleContent.countWords(in: text)
        self.status = status
    }

    /// Reads the content register's value directly (the stored form of ``ArticleContent``'s
    /// `Codable` encoding), without a round trip through JSON text: materialising articles
    /// during a large sync spends most of its time here otherwise.
    public init?(register value: JSONValue) {
        guard case .object(let fields) = value, let html = fields["html"]?.stringValue, let text = fields["text"]?.stringValue,
              let words = fields["wordCount"]?.numberValue, (0...Double(Int32.max)).contains(words),
              case .object(let statusObject)? = fields["status"],
              let (kind, detail) = statusObject.first, statusObject.count == 1 else { return nil }
        let reason = (detail.objectValue?["reason"]?.stringValue).map { $0 }
        let status: ContentStatus
        switch (kind, reason) {
        case ("complete", _): status = .complete
        case ("pending", let reason?): status = .pending(reason: reason)
        case ("linkOnly", let reason?): status = .linkOnly(reason: reason)
        default: return nil
        }
        var publishedAt: Date?
        if let published = fields["publishedAt"], !published.isNull {
            guard let date = published.stringValue.flatMap(JSONCoding.parseDate) else { return nil }
            publishedAt = date
        }
        self.init(
            canonicalURL: fields["canonicalURL"]?.stringValue, byline: fields["byline"]?.stringValue,
            siteName: fields["siteName"]?.stringValue, excerpt: fields["excerpt"]?.stringValue,
            leadImageURL: fields["leadImageURL"]?.stringValue, language: fields["language"]?.stringValue,
            publishedAt: publishedAt, html: html, text: text, wordCount: Int(words), status: status)
    }

    /// Minutes to read at 230 words a minute, never less than one for a non-empty text.
    public var readingMinutes: Int {
        wordCount == 0 ? 0 : max(1, Int((Double(wordCount) / 230).rounded()))
    }

    /// Counts whitespace-separated words.
    public static func countWords(in text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isSpace = CharacterSet.whitespacesAndNewlines.contains(scalar)
            if !isSpace && !inWord { count += 1 }
            inWord = !isSpace
        }
        return count
    }
}

/// Whether a saved article holds its text, and if not, why.
public enum ContentStatus: Codable, Hashable, Sendable {
    /// The article text was extracted.
    case complete
    /// Saved as a link; the page has not been fetched yet (offline, or the fetch failed).
    case pending(reason: String)
    /// The page was fetched but holds no readable article (a PDF, an image, an empty page).
    case linkOnly(reason: String)
}
