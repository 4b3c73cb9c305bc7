import FolioModel
import Foundation

/// The XML documents of an exported EPUB 3 book: one XHTML chapter per article, rendered from its
/// plain text (paragraphs, every character escaped) so each chapter is well-formed XHTML whatever
/// the page's HTML was.
struct EPUBDocuments {
    let articles: [Article]
    let highlights: [UUID: [Highlight]]
    let modified: Date

    static let packagePath = "content.opf"
    static let navigationPath = "nav.xhtml"

    /// The chapter file of the article at `index`.
    static func chapterPath(_ index: Int) -> String {
        let number = String(index + 1)
        return "chapter-" + String(repeating: "0", count: max(0, 5 - number.count)) + number + ".xhtml"
    }

    /// `META-INF/container.xml`: where the package document is.
    static let container = """
    <?xml version="1.0" encoding="UTF-8"?>
    <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
      <rootfiles>
        <rootfile full-path="OEBPS/\(packagePath)" media-type="application/oebps-package+xml"/>
      </rootfiles>
    </container>

    """

    /// The package document: metadata, manifest and reading order.
    var package: String {
        let items = articles.indices.map {
            "    <item id=\"c\($0 + 1)\" href=\"\(Self.chapterPath($0))\" media-type=\"application/xhtml+xml\"/>"
        }
        let spine = articles.indices.map { "    <itemref idref=\"c\($0 + 1)\"/>" }
        let title = articles.count == 1 ? articles[0].title : "Folio: \(articles.count) articles"
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="\(bookLanguage)">
          <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:identifier id="book-id">urn:uuid:\(UUID().uuidString.lowercased())</dc:identifier>
            <dc:title>\(MarkupEscaping.escape(MarkupEscaping.singleLine(title.isEmpty ? "Folio" : title)))</dc:title>
            <dc:language>\(bookLanguage)</dc:language>
            <dc:creator>Folio</dc:creator>
            <meta property="dcterms:modified">\(Self.modifiedStamp(modified))</meta>
          </metadata>
          <manifest>
            <item id="nav" href="\(Self.navigationPath)" media-type="application/xhtml+xml" properties="nav"/>
        \(items.joined(separator: "\n"))
          </manifest>
          <spine>
            <itemref idref="nav"/>
        \(spine.joined(separator: "\n"))
          </spine>
        </package>

        """
    }

    /// The navigation document: the table of contents, one entry per chapter.
    var navigation: String {
        let entries = articles.indices.map {
            "      <li><a href=\"\(Self.chapterPath($0))\">\(MarkupEscaping.escape(displayTitle(articles[$0])))</a></li>"
        }
        return Self.xhtml(title: "Contents", language: bookLanguage, body: """
          <nav epub:type="toc" id="toc">
            <h1>Contents</h1>
            <ol>
        \(entries.joined(separator: "\n"))
            </ol>
          </nav>
        """)
    }

    /// The chapter of the article at `index`: title, source line, text, note and highlights.
    func chapter(_ index: Int) -> String {
        let article = articles[index]
        var body = ["  <h1>\(MarkupEscaping.escape(displayTitle(article)))</h1>"]
        var source = [MarkupEscaping.escape(article.site.isEmpty ? article.url : article.site)]
        if URL(string: article.addressToOpen)?.scheme != nil {
            source[0] = "<a href=\"\(MarkupEscaping.escape(article.addressToOpen))\">\(source[0])</a>"
        }
        if let byline = article.content.byline { source.append(MarkupEscaping.escape(MarkupEscaping.singleLine(byline))) }
        source.append("saved " + ExportDate.format(article.savedAt).prefix(10))
        body.append("  <p class=\"source\">\(source.joined(separator: " · "))</p>")
        let text = Self.paragraphs(article.content.text)
        body += text.isEmpty ? [Self.missingText(article)] : text
        if !article.note.isEmpty {
            body.append("  <h2>Note</h2>")
            body += Self.paragraphs(article.note)
        }
        let marks = highlights[article.id] ?? []
        if !marks.isEmpty {
            body.append("  <h2>Highlights</h2>")
            for highlight in marks {
                body.append("  <blockquote>")
                body += Self.paragraphs(highlight.quote)
                body.append("  </blockquote>")
                body += Self.paragraphs(highlight.note)
            }
        }
        return Self.xhtml(title: displayTitle(article), language: Self.language(article.content.language) ?? bookLanguage, body: body.joined(separator: "\n"))
    }

    // MARK: - Parts

    /// What a chapter says in place of text it does not have: that the article has not been
    /// fetched yet, or that its page had no readable article, with a link to the page.
    private static func missingText(_ article: Article) -> String {
        let reason: String
        switch article.content.status {
        case .pending: reason = "The text of this article has not been fetched yet."
        case .linkOnly(let why): reason = "This page has no readable article text (\(why))."
        case .complete: reason = "This article has no text."
        }
        let address = article.addressToOpen
        let link = address.isEmpty ? "" : " <a href=\"\(MarkupEscaping.escape(address))\">Read it on the web.</a>"
        return "  <p class=\"missing\">\(MarkupEscaping.escape(reason))\(link)</p>"
    }

    private func displayTitle(_ article: Article) -> String {
        MarkupEscaping.singleLine(article.title.isEmpty ? article.url : article.title)
    }

    /// The most common valid article language, or English.
    private var bookLanguage: String {
        let counts = Dictionary(grouping: articles.compactMap { Self.language($0.content.language) }, by: { $0 }).mapValues(\.count)
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "en"
    }

    /// A BCP 47 tag shaped value (`fr`, `fr-FR`; `fr_FR` repaired), or nil.
    private static func language(_ value: String?) -> String? {
        guard let value = value?.replacingOccurrences(of: "_", with: "-"), !value.isEmpty, value.count <= 35 else { return nil }
        let subtags = value.split(separator: "-", omittingEmptySubsequences: false)
        let valid = subtags.allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        guard valid, let primary = subtags.first, primary.allSatisfy(\.isLetter), (2...3).contains(primary.count) else { return nil }
        return value
    }

    private static func paragraphs(_ text: String) -> [String] {
        Paragraphs.split(text).map { paragraph in
            let lines = paragraph.split(separator: "\n").map { MarkupEscaping.escape(String($0).trimmingCharacters(in: .whitespaces)) }
            return "  <p>" + lines.joined(separator: "<br/>") + "</p>"
        }
    }

    /// `dcterms:modified` wants whole seconds in UTC: `2026-11-26T07:10:52Z`.
    private static func modifiedStamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
    }

    private static func xhtml(title: String, language: String, body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="\(language)" xml:lang="\(language)">
        <head>
          <meta charset="UTF-8"/>
          <title>\(MarkupEscaping.escape(title))</title>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
