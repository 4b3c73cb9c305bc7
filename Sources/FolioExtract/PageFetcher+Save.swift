import Foundation
import FolioModel

extension PageFetcher {
    /// Fetches and extracts `url` for saving; never throws.
    ///
    /// A network or site failure gives `.pending(reason:)` content, so the save still succeeds as a
    /// link and can be fetched again later. Plain text is kept as text; PDFs, images and other
    /// types are saved as links titled by their file name.
    public func save(url: URL) async -> ExtractionResult {
        do {
            return extract(try await fetch(url))
        } catch {
            return ExtractionResult(title: nil, content: ArticleContent(status: .pending(reason: error.description)))
        }
    }

    /// The article of a fetched page: plain text is kept as text; PDFs, images and other types
    /// are links titled by their file name.
    public func extract(_ page: FetchedPage) -> ExtractionResult {
        if page.isHTML {
            return extractor.extract(data: page.data, url: page.url, contentType: page.contentType)
        }
        let fileName = PageFetcher.fileName(of: page.url)
        if page.mediaType.hasPrefix("text/plain") {
            let text = PageFetcher.plainText(page.text)
            let status: ContentStatus = text.isEmpty ? .linkOnly(reason: "the text file is empty") : .complete
            return ExtractionResult(title: fileName, content: ArticleContent(html: PageFetcher.html(ofPlainText: text),
                                                                             text: text, status: status))
        }
        let kind = switch page.mediaType {
        case "application/pdf": "a PDF document"
        case let type where type.hasPrefix("image/"): "an image"
        case let type where type.hasPrefix("video/"): "a video"
        case let type where type.hasPrefix("audio/"): "an audio file"
        case "": "a file of unknown type"
        default: "a file of type \(page.mediaType)"
        }
        return ExtractionResult(title: fileName, content: ArticleContent(
            status: .linkOnly(reason: "saved as a link: the address points to \(kind), not a web page")))
    }

    /// The last path component, percent-decoded, or the host for a bare domain.
    static func fileName(of url: URL) -> String? {
        let name = url.lastPathComponent
        if name.isEmpty || name == "/" { return url.host }
        return name.removingPercentEncoding ?? name
    }

    /// Text without control characters (line structure kept), capped at 2 MB.
    static func plainText(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars.prefix(2_000_000) {
            if scalar == "\n" || scalar == "\t" {
                output.unicodeScalars.append(scalar)
            } else if scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value) {
                output.unicodeScalars.append(scalar)
            }
        }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Paragraphs of plain text (separated by blank lines) as escaped `<p>` elements.
    static func html(ofPlainText text: String) -> String {
        var output: [UInt8] = []
        for paragraph in text.components(separatedBy: "\n\n") where !paragraph.isBlank {
            output.append(contentsOf: "<p>".utf8)
            SanitizingWriter.escape(paragraph.trimmingCharacters(in: .whitespacesAndNewlines), into: &output, quotes: false)
            output.append(contentsOf: "</p>".utf8)
        }
        return String(decoding: output, as: UTF8.self)
    }
}
