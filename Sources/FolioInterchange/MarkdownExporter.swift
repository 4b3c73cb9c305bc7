import FolioModel
import Foundation

/// Writes one CommonMark file per article into a directory: YAML front matter with the article's
/// metadata and reading state, then the title, the article (converted from its sanitised HTML
/// by ``CommonMarkWriter``, so its structure is kept), the note and the highlights.
enum MarkdownExporter {
    static func write(_ library: ExportLibrary, to directory: URL) throws(ExportError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw .notADirectory(path: directory.path)
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory.path, reason: OutputFile.reason(error))
        }
        let highlights = library.visibleHighlights()
        for article in library.visibleArticles {
            let file = directory.appendingPathComponent(fileName(article))
            try OutputFile.write(Data(document(article, highlights: highlights[article.id] ?? []).utf8), to: file)
        }
    }

    /// `saved-date-title-slug-idprefix.md`: sorted by date in a listing, unique through the id.
    static func fileName(_ article: Article) -> String {
        let day = ExportDate.format(article.savedAt).prefix(10)
        let slug = FileSlug.make(article.title.isEmpty ? article.site : article.title)
        let id = article.id.uuidString.lowercased().prefix(8)
        return "\(day)-\(slug.isEmpty ? "article" : slug)-\(id).md"
    }

    static func document(_ article: Article, highlights: [Highlight]) -> String {
        var lines = ["---"]
        lines.append("title: " + YAMLScalar.quoted(article.title))
        lines.append("url: " + YAMLScalar.quoted(article.addressToOpen))
        lines.append("id: " + YAMLScalar.quoted(article.id.uuidString.lowercased()))
        lines.append("saved_at: " + ExportDate.format(article.savedAt))
        if let readAt = article.readAt { lines.append("read_at: " + ExportDate.format(readAt)) }
        lines.append("archived: \(article.isArchived)")
        lines.append("favorite: \(article.isFavorite)")
        lines.append("progress: \(article.progress)")
        lines.append("tags: " + YAMLScalar.list(article.tags))
        if let byline = article.content.byline { lines.append("author: " + YAMLScalar.quoted(byline)) }
        if !article.site.isEmpty { lines.append("site: " + YAMLScalar.quoted(article.site)) }
        if let published = article.content.publishedAt { lines.append("published_at: " + ExportDate.format(published)) }
        if !article.note.isEmpty { lines.append("note: " + YAMLScalar.quoted(article.note)) }
        lines.append("---")
        lines.append("")
        lines.append("# " + CommonMarkEscaping.line(MarkupEscaping.singleLine(article.title.isEmpty ? article.url : article.title)))
        lines.append("")
        let body = article.content.html.isEmpty
            ? CommonMarkEscaping.paragraphs(article.content.text).joined(separator: "\n\n")
            : CommonMarkWriter.markdown(fromHTML: article.content.html)
        if !body.isEmpty {
            lines.append(body)
            lines.append("")
        } else if !article.addressToOpen.isEmpty {
            lines.append("[Read the original](<\(linkTarget(article.addressToOpen))>)")
            lines.append("")
        }
        if !article.note.isEmpty {
            lines.append("## Note")
            lines.append("")
            lines.append(CommonMarkEscaping.paragraphs(article.note).joined(separator: "\n\n"))
            lines.append("")
        }
        if !highlights.isEmpty {
            lines.append("## Highlights")
            lines.append("")
            for highlight in highlights {
                lines.append(CommonMarkEscaping.paragraphs(highlight.quote)
                    .map { $0.split(separator: "\n").map { "> " + $0 }.joined(separator: "\n") }
                    .joined(separator: "\n>\n"))
                if !highlight.note.isEmpty {
                    lines.append("")
                    lines.append(CommonMarkEscaping.paragraphs(highlight.note).joined(separator: "\n\n"))
                }
                lines.append("")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A URL safe inside `<…>` in a Markdown link: spaces, angle brackets and controls percent-encoded.
    private static func linkTarget(_ url: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed.union(.urlPathAllowed).union(CharacterSet(charactersIn: "#%"))
        allowed.remove(charactersIn: "<> \\")
        return url.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
