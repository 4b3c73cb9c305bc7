import FolioExtract
import FolioModel
import Foundation

/// A page or text the user already has, turned into an article's address, title and content.
struct SavedFile {
    /// Where the page came from: the address given, else the page's own canonical address
    /// (`<link rel=canonical>` or `og:url`), so saving the same page twice is one article.
    var address: CanonicalURL?
    var title: String
    var content: ArticleContent

    /// Reads a page or a text. A `chosenTitle` (`--title`) is the title, and the whole text is
    /// the body; without one, a text's first line is its title and the rest its body (a text of
    /// one line is both).
    init(data: Data, name: String, address: CanonicalURL?, title chosenTitle: String?) throws {
        let label = name == "-" ? "standard input" : name
        guard !data.isEmpty else { throw CLIError.input("\(label) is empty: nothing to save") }
        guard !Self.looksBinary(data) else {
            throw CLIError.input("\(label) looks like a binary file; folio saves HTML pages and plain text")
        }
        self.address = address
        if Self.looksLikeHTML(data) {
            var result = Extractor().extract(data: data, url: address.flatMap { URL(string: $0.string) })
            if address == nil, let declared = result.content.canonicalURL.flatMap({ try? CanonicalURL($0) }) {
                self.address = declared
                // Relative links in the page resolve against its own address.
                result = Extractor().extract(data: data, url: URL(string: declared.string))
            }
            title = chosenTitle ?? result.title ?? URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
            content = result.content
        } else {
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard let first = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw CLIError.input("\(label) holds only white space: nothing to save")
            }
            var body = text
            if let chosenTitle {
                title = chosenTitle
            } else {
                title = Terminal.clean(lines[first].trimmingCharacters(in: .whitespaces))
                let rest = lines[(first + 1)...].joined(separator: "\n")
                if !rest.allSatisfy(\.isWhitespace) { body = rest }
            }
            let cleanBody = Terminal.cleanLines(body).trimmingCharacters(in: .whitespacesAndNewlines)
            content = Self.readableText(title: title, body: cleanBody, url: self.address.flatMap { URL(string: $0.string) })
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
