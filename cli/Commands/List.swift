import ArgumentParser
import FolioModel
import FolioStore
import Foundation

extension Folio {
    struct List: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "List saved articles (by default the inbox: those not archived).",
            discussion: """
                States: \(ArticleState.glossary). Give several to list the articles in all of them: \
                `--unread --favorite` lists unread favourites. Articles in the trash show only with \
                --trashed (or `folio trash`).

                Examples:
                  folio list                       the inbox, newest first
                  folio list --reading             what you have started
                  folio list --all --tag swift --sort title
                  folio list --ids --tag later | folio archive -
                """)

        @OptionGroup var options: ListOptions

        @OptionGroup var output: JSONOutput

        @Flag(name: .long, help: "Print only the ids, one per line.")
        var ids = false

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let library = try location.open()
            let articles = try library.database.list(options.filter)
            if output.json { return try printJSON(articles) }
            if ids { return articles.forEach { print(shortID($0.id)) } }
            guard !articles.isEmpty else {
                printError(options.filter == ArticleFilter() ? "No articles in the inbox. Save one with `folio add URL`." : "No articles match.")
                return
            }
            let terminal = Terminal.standard
            let rows = articles.map { article in
                [
                    shortID(article.id),
                    Terminal.clean(article.title.isEmpty ? article.url : article.title) + (article.isFavorite ? " ★" : ""),
                    Terminal.clean(article.site),
                    article.status == "complete" ? "\(article.readingMinutes) min" : article.status,
                    ([StateText.reading(progress: article.progress, readAt: article.readAt)]
                        + article.states.filter { $0 == .archived || $0 == .trashed }.map(\.rawValue)).joined(separator: ", "),
                    Terminal.clean(article.tags.joined(separator: ", ")),
                ]
            }
            let table = Table(headers: ["ID", "TITLE", "SITE", "TIME", "STATE", "TAGS"], rows: rows, flexible: [5, 1, 2])
            print(table.render(width: terminal.isTTY ? terminal.width : nil) { terminal.style($0, .bold) })
        }
    }
}
