import ArgumentParser
import FolioStore
import Foundation

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search titles, text, notes and highlights.",
        discussion: """
            Query syntax: words (all must match), "a phrase", prefix*, -word to exclude,
            and filters tag:x, -tag:x, site:example.com, is:archived, is:unread, is:read, is:fav.

            Examples:
              folio search swift concurrency
              folio search '"structured concurrency" tag:swift -is:archived'
            """)

    @Argument(help: "The query (several words are joined).")
    var query: [String]

    @Option(name: .long, help: "Show at most this many results.")
    var limit = 20

    @Flag(name: .long, help: "Print JSON for scripts.")
    var json = false

    struct Result: Encodable {
        var article: ArticleSummary
        var snippet: String
        var rank: Double
    }

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let library = try Library.open()
        let hits = try library.database.search(SearchQuery(query.joined(separator: " ")), limit: limit)
        if json {
            return try printJSON(hits.map {
                Result(article: $0.article, snippet: $0.snippet.replacingOccurrences(of: SearchHit.matchStart, with: "")
                    .replacingOccurrences(of: SearchHit.matchEnd, with: ""), rank: $0.rank)
            })
        }
        guard !hits.isEmpty else {
            printError("No matches.")
            return
        }
        let terminal = Terminal.standard
        for hit in hits {
            let title = Terminal.clean(hit.article.title.isEmpty ? hit.article.url : hit.article.title)
            print(terminal.style(shortID(hit.article.id), .yellow) + "  " + terminal.style(title, .bold) + "  " + terminal.style(Terminal.clean(hit.article.site), .dim))
            let snippet = Terminal.clean(hit.snippet)
                .replacingOccurrences(of: SearchHit.matchStart, with: terminal.useColor ? "\u{1B}[1;33m" : "[")
                .replacingOccurrences(of: SearchHit.matchEnd, with: terminal.useColor ? "\u{1B}[0m" : "]")
            if !snippet.isEmpty { print("    " + snippet) }
        }
    }
}
