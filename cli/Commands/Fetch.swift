import ArgumentParser
import FolioExtract
import FolioModel
import FolioStore
import Foundation

extension Folio {
    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch the pages of articles saved as pending links (offline saves, failed fetches).")

        @Argument(help: "Article ids (unique prefixes; - reads them from standard input).")
        var ids: [String] = []

        @Flag(name: .long, help: "Fetch every pending article.")
        var pending = false

        func validate() throws {
            if ids.isEmpty == !pending { throw ValidationError("give article ids or --pending") }
        }

        func run() async throws {
            let library = try Library.open()
            let targets = pending
                ? try library.database.list(ArticleFilter(states: [])).filter { $0.status == "pending" }.map(\.id)
                : try library.resolve(ids)
            try await Fetching.fetchAll(targets, in: library.database)
        }
    }

    struct Refetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch an article's page again and replace its saved content.")

        @Argument(help: "The article id (a unique prefix).")
        var id: String

        func run() async throws {
            let library = try Library.open()
            let articleID = try library.database.resolve(id)
            guard var article = try library.database.article(articleID), !article.url.isEmpty else {
                throw CLIError.input("this article has no address to fetch")
            }
            let result: ExtractionResult
            switch await Fetching.fetch(article.url) {
            case .fetched(let fetched): result = fetched
            case .unavailable(let reason), .refused(let reason):
                throw CLIError.failed("could not fetch \(article.url): \(reason); the saved content is unchanged")
            }
            try Self.replaceContent(of: &article, with: result, in: library.database)
            print("\(shortID(articleID))  refetched  \(Terminal.clean(article.title))\(Add.statusNote(article.content.status))")
        }

        /// Writes new content (and the page's title, if the article had only a placeholder) as one local change.
        static func replaceContent(of article: inout Article, with result: ExtractionResult, in database: FolioDatabase) throws {
            let content = try JSONValue(encoding: result.content)
            var fields: [(field: String, value: JSONValue)] = [(Field.content, content)]
            if let title = result.title, !title.isEmpty, article.title == Add.fallbackTitle(article.url) || article.title.isEmpty {
                fields.append((Field.title, .string(title)))
                article.title = title
            }
            article.content = result.content
            try database.change(article.id, kind: .article) { _ in fields }
        }
    }
}
