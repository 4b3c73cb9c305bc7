import FolioModel

/// What `Extractor` found in a page: its title and its readable content.
public struct ExtractionResult: Sendable, Hashable {
    /// The article title (`og:title`, JSON-LD headline, the main `<h1>` or `<title>` without the site name).
    public var title: String?
    /// Metadata and the sanitised article; `status` is `.linkOnly` when no article was found.
    public var content: ArticleContent

    /// A result with the given title and content.
    public init(title: String?, content: ArticleContent) {
        self.title = title
        self.content = content
    }
}
