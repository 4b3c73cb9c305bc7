import ArgumentParser
import FolioModel
import FolioStore
import Foundation

extension Folio {
    struct Show: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an article's details, note and highlights.",
            discussion: "States: \(ArticleState.glossary).")

        @OptionGroup var target: ArticleArgument

        @OptionGroup var output: JSONOutput

        @OptionGroup var location: LibraryOptions

        struct Details: Encodable {
            var article: Article
            /// The article's state words (``ArticleState``).
            var states: [ArticleState]
            var highlights: [Highlight]
        }

        func run() throws {
            let library = try location.open()
            let articleID = try target.resolve(in: library)
            guard let article = try library.database.article(articleID) else { throw StoreError.notFound(target.id) }
            let highlights = try library.database.highlights(of: articleID)
            if output.json { return try printJSON(Details(article: article, states: article.states, highlights: highlights)) }
            let terminal = Terminal.standard
            let content = article.content
            var lines: [(String, String)] = [
                ("id", article.id.uuidString.lowercased()),
                ("url", article.url),
                ("site", article.site),
                ("saved", article.savedAt.formatted(date: .abbreviated, time: .shortened)),
                ("state", StateText.full(article)),
            ]
            if let byline = content.byline { lines.append(("by", byline)) }
            if let published = content.publishedAt { lines.append(("published", published.formatted(date: .abbreviated, time: .omitted))) }
            if content.wordCount > 0 { lines.append(("length", "\(content.wordCount) words, \(content.readingMinutes) min")) }
            switch content.status {
            case .complete: break
            case .pending(let reason): lines.append(("content", "pending: \(reason)"))
            case .linkOnly(let reason): lines.append(("content", "link only: \(reason)"))
            }
            if !article.tags.isEmpty { lines.append(("tags", article.tags.joined(separator: ", "))) }
            if !article.note.isEmpty { lines.append(("note", article.note)) }
            print(terminal.style(Terminal.clean(article.title), .bold))
            for (label, value) in lines {
                print(terminal.style(label.padding(toLength: 10, withPad: " ", startingAt: 0), .dim) + Terminal.clean(value))
            }
            if let excerpt = content.excerpt, !excerpt.isEmpty { print("\n" + Terminal.clean(excerpt)) }
            for highlight in highlights {
                print("\n" + terminal.style("❝ ", .yellow) + Terminal.clean(highlight.quote) + "  " + terminal.style(shortID(highlight.id), .dim)
                    + (highlight.note.isEmpty ? "" : "\n  — " + Terminal.clean(highlight.note)))
            }
        }
    }
}
