import Foundation
import FolioModel

/// Extracts the readable article and its metadata from an HTML page.
///
/// Pure and synchronous: no I/O, bounded time and memory. Inputs larger than
/// `maximumInputBytes` are not parsed; they come back as a link with the reason.
public struct Extractor: Sendable {
    /// Pages larger than this (in UTF-8 bytes) are refused rather than parsed.
    public var maximumInputBytes: Int
    /// Articles with less text than this (in characters) count as "no article found".
    public var minimumArticleLength: Int

    /// An extractor with the default limits: 16 MiB of HTML, 200 characters of article.
    public init(maximumInputBytes: Int = 16 << 20, minimumArticleLength: Int = 200) {
        self.maximumInputBytes = maximumInputBytes
        self.minimumArticleLength = minimumArticleLength
    }

    /// Extracts from raw bytes, decoding them with the charset of `contentType`, a BOM or a `<meta charset>`.
    public func extract(data: Data, url: URL?, contentType: String? = nil) -> ExtractionResult {
        guard data.count <= maximumInputBytes else { return tooLarge(data.count) }
        switch TextDecoding.readHTML(data, contentType: contentType) {
        case .decoded(let html):
            return extract(html: html, url: url)
        case .utf8(let byteOrderMarkLength):
            // UTF-8 pages are stripped as bytes: only what remains is checked (and repaired) as UTF-8.
            return data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                return extract(stripped: MarkupStripper(UnsafeBufferPointer(rebasing: bytes.dropFirst(byteOrderMarkLength))), url: url)
            }
        }
    }

    /// Extracts from HTML text; `url` is the page's address, used to make links absolute.
    public func extract(html: String, url: URL?) -> ExtractionResult {
        let size = html.utf8.count
        guard size <= maximumInputBytes else { return tooLarge(size) }
        var source = html
        return extract(stripped: source.withUTF8 { MarkupStripper($0) }, url: url)
    }

    /// Extracts from a page cut down by `MarkupStripper`.
    private func extract(stripped: MarkupStripper, url: URL?) -> ExtractionResult {
        var document = HTMLParser.parseDocument(stripped.html)
        // Later passes start again from the tree as parsed: a copy of the arena, not a new parse.
        let parsed = document
        document.computeStatistics(document.root)
        let metadata = PageMetadata(document: document, jsonLD: stripped.jsonLD, baseURL: url)
        var best: (document: Document, node: NodeID, text: String)?
        let passes: [ContentExtractor.Rules] = [.all, [.weighClasses, .cleanConditionally], []]
        for (index, rules) in passes.enumerated() {
            var tree = parsed
            if index == 0 {
                // The first pass takes the document over (no copy), statistics and all.
                swap(&tree, &document)
            }
            let extractor = ContentExtractor(rules: rules, title: metadata.title, byline: metadata.byline)
            guard let article = extractor.extract(from: &tree) else { continue }
            let text = PlainTextWriter.text(of: article, in: tree)
            if best.map({ text.count > $0.text.count }) ?? true { best = (tree, article, text) }
            if text.hasCharacters(atLeast: Extractor.acceptedLength) { break }
        }
        var content = ArticleContent(
            canonicalURL: metadata.canonicalURL, byline: metadata.byline, siteName: metadata.siteName,
            excerpt: metadata.excerpt, leadImageURL: metadata.leadImageURL, language: metadata.language,
            publishedAt: metadata.publishedAt
        )
        guard let best, best.text.hasCharacters(atLeast: minimumArticleLength) else {
            content.status = .linkOnly(reason: "no article found")
            return ExtractionResult(title: metadata.title, content: content)
        }
        let writer = SanitizingWriter(baseURL: url)
        content.html = writer.html(ofChildrenOf: best.node, in: best.document)
        content.text = best.text
        content.wordCount = best.text.wordCount
        if content.excerpt == nil { content.excerpt = Extractor.excerpt(of: best.text) }
        if content.leadImageURL == nil, let image = best.document.first(.img, in: best.node) {
            content.leadImageURL = writer.imageSource(image, in: best.document)
        }
        return ExtractionResult(title: metadata.title, content: content)
    }

    /// A pass that finds this much text is accepted; below it, the next pass relaxes the rules.
    private static let acceptedLength = 250

    private func tooLarge(_ size: Int) -> ExtractionResult {
        let megabytes = { (bytes: Int) in String(format: "%.1f MB", Double(bytes) / 1_048_576) }
        let reason = "page too large to extract (\(megabytes(size)), limit \(megabytes(maximumInputBytes)))"
        return ExtractionResult(title: nil, content: ArticleContent(status: .linkOnly(reason: reason)))
    }

    /// The first paragraph, cut at a word boundary near 200 characters.
    private static func excerpt(of text: String) -> String? {
        guard let first = text.split(separator: "\n").first(where: { $0.count > 40 }) else { return nil }
        guard first.count > 220 else { return String(first) }
        let prefix = first.prefix(200)
        let cut = prefix.lastIndex(of: " ") ?? prefix.endIndex
        return String(prefix[..<cut]) + "…"
    }
}
