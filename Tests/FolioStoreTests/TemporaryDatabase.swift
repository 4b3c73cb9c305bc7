import FolioModel
import FolioStore
import Foundation

/// A fresh database file in its own temporary directory, removed when the test ends.
final class TemporaryDatabase: @unchecked Sendable {
    let directory: URL
    let database: FolioDatabase

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("folio-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try FolioDatabase(path: directory.appendingPathComponent("folio.sqlite").path)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Saves an article with text and returns it.
    @discardableResult
    func save(_ url: String, title: String, text: String = "", tags: [String] = [], site: String? = nil, at date: Date = Date()) throws -> Article {
        let canonical = try CanonicalURL(url)
        let article = Article(
            id: canonical.articleID, url: canonical.string, title: title,
            content: ArticleContent(byline: nil, siteName: site, html: "<p>\(text)</p>", text: text),
            savedAt: date, tags: tags)
        try database.save(article, now: date)
        return article
    }
}
