import FolioExtract
import Foundation

/// The real text the generated library is assembled from: the 88 development pages of
/// `../shared/data/extraction-dev`, each extracted once with Folio's own extractor.
struct Corpus: Sendable {
    /// One extracted page.
    struct Page: Sendable {
        var url: URL
        var host: String
        var siteName: String
        var title: String
        var byline: String?
        var paragraphs: [String]
        var sentences: [String]
    }

    var pages: [Page]
    /// The raw pages (decompressed HTML), kept for the extraction benchmarks.
    var html: [(url: URL, data: Data)]
    /// Mean milliseconds per page of the one extraction pass that built the corpus.
    var extractionMilliseconds: Double

    /// Where the data lives: `../shared/data` relative to the repository root.
    static func dataDirectory(repository: URL) -> URL {
        repository.appendingPathComponent("../shared/data/extraction-dev").standardizedFileURL
    }

    /// Loads and extracts every page; fails with a clear message when the data is missing.
    static func load(repository: URL, scratch: URL, limit: Int? = nil) throws -> Corpus {
        let directory = dataDirectory(repository: repository)
        let htmlDirectory = directory.appendingPathComponent("html")
        let truthURL = directory.appendingPathComponent("ground-truth.json")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: htmlDirectory.path),
              let truthData = FileManager.default.contents(atPath: truthURL.path) else {
            throw BenchError("the benchmark data is missing: expected \(htmlDirectory.path)/*.html.gz and \(truthURL.path) (the shared data folder next to the repository)")
        }
        let truth = (try JSONSerialization.jsonObject(with: truthData) as? [String: [String: Any]]) ?? [:]
        var files = names.filter { $0.hasSuffix(".html.gz") || $0.hasSuffix(".html") }.sorted()
        if let limit { files = Array(files.prefix(limit)) }
        guard !files.isEmpty else { throw BenchError("no .html.gz pages in \(htmlDirectory.path)") }
        var html: [(url: URL, data: Data)] = []
        for name in files {
            let id = name.replacingOccurrences(of: ".html.gz", with: "").replacingOccurrences(of: ".html", with: "")
            let address = (truth[id]?["url"] as? String).flatMap(URL.init(string:)) ?? URL(string: "https://example.org/\(id)")
            guard let address else { continue }
            let path = htmlDirectory.appendingPathComponent(name).path
            let data: Data
            if name.hasSuffix(".gz") {
                data = try ChildProcess(executable: "/usr/bin/env", arguments: ["gzip", "-dc", path]).check(scratch: scratch).stdout
            } else {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            }
            html.append((address, data))
        }
        let extractor = Extractor()
        var pages: [Page] = []
        let seconds = Stopwatch.time {
            for (url, data) in html {
                let result = extractor.extract(data: data, url: url)
                let paragraphs = result.content.text.components(separatedBy: "\n\n")
                    .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                    .filter { $0.count >= 40 }
                guard paragraphs.count >= 2 else { continue }
                var host = url.host ?? "example.org"
                if host.hasPrefix("www.") { host.removeFirst(4) }
                pages.append(Page(
                    url: url, host: host, siteName: result.content.siteName ?? host,
                    title: result.title ?? host, byline: result.content.byline,
                    paragraphs: paragraphs, sentences: paragraphs.flatMap(Self.sentences)))
            }
        }
        guard !pages.isEmpty else { throw BenchError("no page of \(htmlDirectory.path) yielded an article") }
        return Corpus(pages: pages, html: html, extractionMilliseconds: seconds * 1000 / Double(html.count))
    }

    /// Splits a paragraph into sentences at `. `, `! ` and `? `.
    static func sentences(of paragraph: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previous: Character = " "
        for character in paragraph {
            if character == " ", ".!?".contains(previous), current.count > 20 {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        if current.count > 20 { result.append(current) }
        return result
    }
}
