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
                publishedAt: Date(timeIntervalSince1970: 1_600_000_000.123),
                html: "<p>Hello &amp; welcome</p><p>Second</p>", text: "Hello & welcome <b>\n\nSecond paragraph\nwith a line\n\n# not a heading\n\n- not a list",
                status: .complete),
            savedAt: 1_700_000_000.456, progress: 0.25, readAt: 1_700_000_100.789,
            isArchived: true, isFavorite: true, note: "My note:\n\"quoted\" \\ back", tags: ["Swift", "a, b", "écrit"])
        let second = article("http://example.org/b", title: "", content: ArticleContent(status: .pending(reason: "offline")),
                             savedAt: 1_600_000_000, tags: [])
        let third = article("https://example.net/c", title: "-1 = formula?", content: ArticleContent(status: .linkOnly(reason: "a PDF")),
                            savedAt: 1_650_000_000.5, isDeleted: true)
        let highlights = [
            Highlight(id: UUID(), articleID: first.id, quote: "Hello & welcome", note: "<b>note</b>", position: 0.1,
                      createdAt: Date(timeIntervalSince1970: 1_700_000_200.001)),
            Highlight(id: UUID(), articleID: first.id, quote: "Second", note: "", position: 0.5,
                      createdAt: Date(timeIntervalSince1970: 1_700_000_300), isDeleted: true),
        ]
        return ([first, second, third], highlights)
    }

    static func article(
        _ url: String, title: String, content: ArticleContent, savedAt: Double, progress: Double = 0,
        readAt: Double? = nil, isArchived: Bool = false, isFavorite: Bool = false, note: String = "",
        tags: [String] = [], isDeleted: Bool = false
    ) -> Article {
        let canonical = try! CanonicalURL(url)
        return Article(
            id: canonical.articleID, url: canonical.string, title: title, content: content,
            savedAt: Date(timeIntervalSince1970: savedAt), progress: progress,
            readAt: readAt.map { Date(timeIntervalSince1970: $0) }, isArchived: isArchived, isFavorite: isFavorite,
            note: note, tags: tags.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending }, isDeleted: isDeleted)
    }

    /// A fresh temporary directory for one test's output.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folio-interchange-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
