import FolioModel
import Foundation

/// A small hand-written library that exercises every field and the characters escaping must handle.
enum Fixtures {
    static let tricky = "Tom & \"Jerry\" <script>alert('x')</script> — ünïcödé 🐈\u{0007}"

    static var library: (articles: [Article], highlights: [Highlight]) {
        let first = article(
            "https://example.com/a?utm_source=x", title: "First: \(tricky)",
            content: ArticleContent(
                canonicalURL: "https://example.com/a", byline: "Ann Author", siteName: "Example",
                excerpt: "An excerpt", leadImageURL: "https://example.com/a.png", language: "fr_FR",
                publishedAt: stored("2020-09-13T12:26:40.123Z"),
                html: "<p>Hello &amp; welcome</p><p>Second</p>", text: "Hello & welcome <b>\n\nSecond paragraph\nwith a line\n\n# not a heading\n\n- not a list",
                status: .complete),
            savedAt: "2023-11-14T22:13:20.456Z", progress: 0.25, readAt: "2023-11-14T22:15:00.789Z",
            isArchived: true, isFavorite: true, note: "My note:\n\"quoted\" \\ back", tags: ["Swift", "a, b", "écrit"])
        let second = article("http://example.org/b", title: "", content: ArticleContent(status: .pending(reason: "offline")),
                             savedAt: "2020-09-13T12:26:40.000Z", tags: [])
        let third = article("https://example.net/c", title: "-1 = formula?", content: ArticleContent(status: .linkOnly(reason: "a PDF")),
                            savedAt: "2022-04-15T05:20:00.500Z", isDeleted: true)
        let highlights = [
            Highlight(id: UUID(), articleID: first.id, quote: "Hello & welcome", note: "<b>note</b>", position: 0.1,
                      createdAt: stored("2023-11-14T22:16:40.001Z")),
            Highlight(id: UUID(), articleID: first.id, quote: "Second", note: "", position: 0.5,
                      createdAt: stored("2023-11-14T22:18:20.000Z"), isDeleted: true),
        ]
        return ([first, second, third], highlights)
    }

    static func article(
        _ url: String, title: String, content: ArticleContent, savedAt: String, progress: Double = 0,
        readAt: String? = nil, isArchived: Bool = false, isFavorite: Bool = false, note: String = "",
        tags: [String] = [], isDeleted: Bool = false
    ) -> Article {
        let canonical = try! CanonicalURL(url)
        return Article(
            id: canonical.articleID, url: canonical.string, title: title, content: content,
            savedAt: stored(savedAt), progress: progress,
            readAt: readAt.map(stored), isArchived: isArchived, isFavorite: isFavorite,
            note: note, tags: tags.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending }, isDeleted: isDeleted)
    }

    /// A date as Folio holds it after reading it from its database or the wire: parsed from ISO 8601 with milliseconds.
    static func stored(_ iso: String) -> Date {
        JSONCoding.parseDate(iso)!
    }

    /// A fresh temporary directory for one test's output.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folio-interchange-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
