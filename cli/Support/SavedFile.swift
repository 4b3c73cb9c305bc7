import FolioExtract
import FolioModel
import Foundation

/// A page or text the user already has, turned into an article's title and content.
struct SavedFile {
    var title: String
    var content: ArticleContent

    init(data: Data, name: String, url: URL?) throws {
        let label = name == "-" ? "standard input" : name
        guard !data.isEmpty else { throw CLIError.input("\(label) is empty: nothing to save") }
        guard !Self.looksBinary(data) else {
            throw CLIError.input("\(label) looks like a binary file; folio saves HTML pages and plain text")
        }
        if Self.looksLikeHTML(data) {
            let result = Extractor().extract(data: data, url: url)
            title = result.title ?? URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
            content = result.content
        } else {
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let firstLine = lines.firstIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            title = firstLine.map { Terminal.clean(lines[$0].trimmingCharacters(in: .whitespaces)) } ?? label
            let body = firstLine.map { lines[($0 + 1)...].joined(separator: "\n") } ?? text
            let cleanBody = Terminal.cleanLines(body).trimmingCharacters(in: .whitespacesAndNewlines)
            content = Self.readableText(title: title, body: cleanBody, url: url)
        }
    }

    /// NUL bytes, or mostly invalid UTF-8 with no HTML charset declaration, in the first 8 KiB.
    static func looksBinary(_ data: Data) -> Bool {
        let head = data.prefix(8192)
        if head.contains(0) { return true }
        let decoded = String(decoding: head, as: UTF8.self)
        let replacements = decoded.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
        return replacements > head.count / 10 && !looksLikeHTML(data)
    }

    static func looksLikeHTML(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(4096), as: UTF8.self).lowercased()
        let trimmed = head.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
        return trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<html") || head.contains("<body") || head.contains("<head")
            || (trimmed.hasPrefix("<") && (head.contains("<p>") || head.contains("<div")))
    }

    /// Text copied from a web page often carries the page's clutter (subscribe boxes, newsletter
    /// pitches, paywall lines): run its paragraphs through the extractor's boilerplate removal,
    /// keeping the text as it is when the extractor finds no article in it.
    static func readableText(title: String, body: String, url: URL?) -> ArticleContent {
        let paragraphs = body.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let plain = ArticleContent(html: paragraphs.map { "<p>\(escape($0).replacingOccurrences(of: "\n", with: "<br>"))</p>" }.joined(separator: "\n"),
                                   text: paragraphs.joined(separator: "\n\n"))
        let page = "<html><head><title>\(escape(title))</title></head><body><article><h1>\(escape(title))</h1>\(plain.html)</article></body></html>"
        let extracted = Extractor().extract(html: page, url: url).content
        guard extracted.status == .complete, extracted.wordCount >= plain.wordCount / 2 else { return plain }
        return extracted
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
