import ArgumentParser
import FolioExtract
import FolioModel
import FolioStore
import Foundation

extension Folio {
    struct Fetch: AsyncParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch the pages of articles saved as pending links (offline saves, failed fetches).")

        @Argument(help: "Article ids (unique prefixes; - reads them from standard input).")
        var ids: [String] = []

        @Flag(name: .long, help: "Fetch every pending article.")
        var pending = false

        @OptionGroup var location: LibraryOptions

        func validate() throws {
            if ids.isEmpty == !pending { throw ValidationError("give article ids or --pending") }
        }

        func run() async throws {
            let library = try location.open()
            let targets = pending
                ? try library.database.list(ArticleFilter(states: [])).filter { $0.status == "pending" }.map(\.id)
                : try library.resolve(ids)
            try await Fetching.fetchAll(targets, in: library.database)
        }
    }

    struct Refetch: AsyncParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch an article's page again and replace its saved content.")

        @OptionGroup var target: ArticleArgument

        @OptionGroup var location: LibraryOptions

        func run() async throws {
            let library = try location.open()
            let articleID = try target.resolve(in: library)
            guard let article = try library.database.article(articleID), !article.url.isEmpty else {
                throw CLIError.input("this article has no address to fetch")
            }
            let result: ExtractionResult
            switch await Fetching.fetch(article.url) {
            case .fetched(let fetched): result = fetched
            case .unavailable(let reason), .refused(let reason):
                throw CLIError.failed("could not fetch \(article.url): \(reason); the saved content is unchanged")
            }
            let saved = try await library.database.refetched(articleID, content: result.content, pageTitle: result.title)
            print("\(shortID(articleID))  refetched  \(Terminal.clean(saved.title))\(Add.statusNote(saved.content.status))")
        }
    }
}
