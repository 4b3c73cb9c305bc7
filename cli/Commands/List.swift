import ArgumentParser
import FolioStore
import Foundation

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List saved articles.",
        discussion: """
            Examples:
              folio list                       the reading list, newest first
              folio list --all --tag swift --sort title
              folio list --ids --tag later | folio archive -
            """)

    @OptionGroup var options: ListOptions

    @Flag(name: .long, help: "Print JSON for scripts.")
    var json = false

    @Flag(name: .long, help: "Print only the ids, one per line.")
    var ids = false

    func run() throws {
        let library = try Library.open()
        let articles = try library.database.list(options.filter)
        if json { return try printJSON(articles) }
        if ids { return articles.forEach { print(shortID($0.id)) } }
        guard !articles.isEmpty else {
            printError("No articles. Save one with `folio add URL`.")
            return
        }
        let terminal = Terminal.standard
        let rows = articles.map { article in
            [
                shortID(article.id),
                Terminal.clean(article.title.isEmpty ? article.url : article.title) + (article.isFavorite ? " ★" : ""),
                Terminal.clean(article.site),
                article.status == "complete" ? "\(article.readingMinutes) min" : article.status,
                article.readAt != nil ? "read" : article.progress > 0 ? "\(Int((article.progress * 100).rounded()))%" : "",
                Terminal.clean(article.tags.joined(separator: ", ")),
            ]
        }
        let table = Table(headers: ["ID", "TITLE", "SITE", "TIME", "PROGRESS", "TAGS"], rows: rows, flexible: [5, 1, 2])
        print(table.render(width: terminal.isTTY ? terminal.width : nil) { terminal.style($0, .bold) })
    }
}
