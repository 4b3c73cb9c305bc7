import ArgumentParser
import FolioStore
import Foundation

extension Folio {
    struct Search: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search titles, text, notes and highlights.",
            discussion: """
                Every word must match. "a phrase" in double quotes matches as written (quote it for \
                the shell too: '"a phrase"'), prefix* matches words starting with prefix, OR between \
                two words matches either, and -word excludes (no quotes or -- needed).

                \(SearchQuery.syntax)

                Examples:
                  folio search swift concurrency
                  folio search trump -impeachment
                  folio search rust OR go tag:lang -tag:old is:unread
                  folio search '"structured concurrency"' site:swift.org -is:archived
                """,
            // `-h` would be read in `-history`: words starting with a dash are exclusions here.
            helpNames: [.long])

        @Argument(parsing: .allUnrecognized, help: "The words, phrases and operators to search for.")
        var words: [String] = []

        @Option(name: .long, help: "Show at most this many results.")
        var limit = 20

        @OptionGroup var output: JSONOutput

        @OptionGroup var location: LibraryOptions

        struct Result: Encodable {
            var article: ArticleSummary
            var snippet: String
            var rank: Double
        }

        /// The query the words make: one that cannot run is a usage error (exit 64) naming why.
        var query: SearchQuery {
            get throws {
                // `--` only ends options: it is not a word to search for, and what follows it is text.
                var words = words
                var beforeTerminator = words.count
                if let terminator = words.firstIndex(of: "--") {
                    words.remove(at: terminator)
                    beforeTerminator = terminator
                }
                if let option = words.prefix(beforeTerminator).first(where: { $0.hasPrefix("--") }) {
                    throw ValidationError("unknown option \(option); to exclude a word, write it with one dash (-word)")
                }
                guard !words.isEmpty else { throw ValidationError("give words to search for, or operators such as tag:swift") }
                do {
                    return try SearchQuery(words.joined(separator: " "))
                } catch {
                    throw ValidationError(error.description)
                }
            }
        }

        func validate() throws {
            if limit < 1 { throw ValidationError("--limit must be at least 1") }
            _ = try query
        }

        func run() throws {
            let library = try location.open()
            let hits = try library.database.search(try query, limit: limit)
            if output.json {
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
}
