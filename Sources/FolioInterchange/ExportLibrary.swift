import FolioModel
import Foundation

/// What to export: articles and the highlights of those articles.
public struct ExportLibrary: Hashable, Sendable {
    /// The articles, in the order they are written.
    public var articles: [Article]
    /// Highlights of those articles; others are ignored by the per-article formats.
    public var highlights: [Highlight]

    /// A library of `articles` and their `highlights`.
    public init(articles: [Article], highlights: [Highlight] = []) {
        self.articles = articles
        self.highlights = highlights
    }

    /// The articles a reader sees: deleted ones (tombstones) are left out of every format but JSON.
    var visibleArticles: [Article] { articles.filter { !$0.isDeleted } }

    /// Highlights that are not deleted, per article, in creation order.
    func visibleHighlights() -> [UUID: [Highlight]] {
        Dictionary(grouping: highlights.filter { !$0.isDeleted }, by: \.articleID)
            .mapValues { $0.sorted { ($0.createdAt, $0.position) < ($1.createdAt, $1.position) } }
    }
}
