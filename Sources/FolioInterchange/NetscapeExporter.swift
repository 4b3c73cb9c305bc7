import FolioModel
import Foundation

/// Writes a Netscape bookmark file, the format every browser and read-later service imports.
///
/// Each article is a `<DT><A>` with the address to open, `ADD_DATE` in Unix seconds, `TAGS`
/// comma-separated (commas inside a tag become spaces; a lone tag of several words ends with a
/// comma, so readers that split on spaces when there is no comma keep it whole), `TOREAD="1"`
/// for articles on the reading list (not archived: Pinboard's convention, which Folio's
/// importer reads back) and its note as the `<DD>` description, line breaks kept; a text with
/// no address (a note) has an empty `HREF` and its text as the description, as Shaarli writes
/// notes. Every value is escaped.
enum NetscapeExporter {
    static func html(_ library: ExportLibrary) -> String {
        var html = """
        <!DOCTYPE NETSCAPE-Bookmark-file-1>
        <!-- This is an automatically generated file.
             It will be read and overwritten.
             DO NOT EDIT! -->
        <META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
        <TITLE>Bookmarks</TITLE>
        <H1>Bookmarks</H1>
        <DL><p>

        """
        for article in library.visibleArticles {
            html += "    <DT>" + anchor(article) + "\n"
            let description = article.url.isEmpty ? article.content.text : article.note
            if !description.isEmpty {
                html += "    <DD>" + MarkupEscaping.escape(description) + "\n"
            }
        }
        html += "</DL><p>\n"
        return html
    }

    private static func anchor(_ article: Article) -> String {
        var attributes = [
            ("HREF", article.addressToOpen),
            ("ADD_DATE", String(Int64(article.savedAt.timeIntervalSince1970.rounded(.down)))),
        ]
        if !article.isArchived { attributes.append(("TOREAD", "1")) }
        let tags = article.tags.map { MarkupEscaping.singleLine($0.replacingOccurrences(of: ",", with: " ")) }
        if let tag = tags.first, tags.count == 1, tag.contains(" ") {
            attributes.append(("TAGS", tag + ","))
        } else if !tags.isEmpty {
            attributes.append(("TAGS", tags.joined(separator: ",")))
        }
        let title = article.title.isEmpty ? article.url : article.title
        let attributeText = attributes.map { "\($0.0)=\"\(MarkupEscaping.escape($0.1))\"" }.joined(separator: " ")
        return "<A \(attributeText)>\(MarkupEscaping.escape(MarkupEscaping.singleLine(title)))</A>"
    }
}
