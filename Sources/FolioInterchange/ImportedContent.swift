import FolioExtract
import FolioModel
import Foundation

/// Article content carried by an export file, made safe and complete.
enum ImportedContent {
    /// Content from exported article HTML: sanitised with ``HTMLSanitizer`` (the exporter already
    /// extracted the article, so it is kept whole), with its plain text and the source's metadata.
    /// Without HTML, the metadata alone with a pending status, or nil when there is none either.
    static func make(html: String?, url: CanonicalURL, metadata: ArticleContent, service: String) -> ArticleContent? {
        var content = metadata
        if let html, !html.allSatisfy(\.isWhitespace) {
            let baseURL = URL(string: url.string)
            content.html = HTMLSanitizer.sanitize(html: html, baseURL: baseURL)
            content.text = HTMLSanitizer.plainText(html: content.html)
            content.wordCount = ArticleContent.countWords(in: content.text)
            if !content.text.isEmpty {
                content.status = .complete
                return content
            }
        }
        content.html = ""
        content.text = ""
        content.wordCount = 0
        content.status = .pending(reason: "imported from \(service) without the article text")
        return content == ArticleContent(status: content.status) ? nil : content
    }

    /// Complete content made of plain `text` (a note): one paragraph per blank-line-separated
    /// block, line breaks kept, every character escaped.
    static func text(_ text: String) -> ArticleContent {
        let paragraphs = Paragraphs.split(text)
        let html = paragraphs.map { "<p>" + MarkupEscaping.escape($0).replacingOccurrences(of: "\n", with: "<br>") + "</p>" }.joined()
        return ArticleContent(html: html, text: paragraphs.joined(separator: "\n\n"), status: .complete)
    }
}
