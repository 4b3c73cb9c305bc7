import ArgumentParser
import FolioInterchange
import FolioModel
import FolioStore
import Foundation

extension Folio {
    struct Export: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export articles as JSON (lossless), CSV, browser bookmarks, Markdown files or an EPUB book.",
            discussion: """
                Takes the same state, tag and site filters as `folio list`, but with no
                state flag it exports every article outside the trash (not only the inbox).

                Markdown is CommonMark made from each article's HTML. In an EPUB book, an
                article whose text is not fetched yet (or whose page had none) gets a short
                chapter that says so and links to the page. Netscape marks the articles
                that are not archived TOREAD.

                Examples:
                  folio export -o library.json
                  folio export --format netscape -o bookmarks.html
                  folio export --format markdown --tag swift -o notes/
                  folio export --format epub --unread -o reading-list.epub
                """)

        @Option(name: .long, help: "json, csv, netscape, markdown or epub.")
        var format: ExportFormat = .json

        @Option(name: .shortAndLong, help: "The file (or directory, for markdown) to write; json, csv and netscape go to standard output without it.")
        var output: String?

        @Flag(help: "Only articles in these states (all must apply; default: every article outside the trash).")
        var states: [ArticleState] = []

        @Option(name: .long, help: "Only articles with this tag (repeatable).")
        var tag: [String] = []

        @Option(name: .long, help: "Only articles from this site.")
        var site: String?

        @OptionGroup var location: LibraryOptions

        func validate() throws {
            if output == nil && (format == .markdown || format == .epub) {
                throw ValidationError("--format \(format.rawValue) needs -o \(format.writesDirectory ? "DIRECTORY" : "FILE")")
            }
        }

        func run() throws {
            let library = try location.open()
            let content = try library.database.library(ArticleFilter(states: states, tags: tag, site: site, sort: .saved))
            let exportLibrary = ExportLibrary(articles: content.articles, highlights: content.highlights)
            if let output {
                try Exporter.export(exportLibrary, format: format, to: URL(fileURLWithPath: output))
                printError("Exported \(content.articles.count) article\(content.articles.count == 1 ? "" : "s") to \(output).")
            } else {
                let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("folio-export-\(UUID().uuidString).\(format.fileExtension)")
                defer { try? FileManager.default.removeItem(at: temporary) }
                try Exporter.export(exportLibrary, format: format, to: temporary)
                FileHandle.standardOutput.write(try Data(contentsOf: temporary))
            }
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
