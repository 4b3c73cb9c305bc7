import ArgumentParser
import FolioModel
import FolioStore
import Foundation

extension Folio {
    struct Edit: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an article's title or address.",
            discussion: """
                An article's id comes from the address it was first saved under, and it stays: a new \
                address changes where `open` and `fetch` go, not which article this is, so its reading \
                state, tags, note and highlights stay with it on every device. Saving the new address \
                later finds this article. An address that another article already has is refused.

                Examples:
                  folio edit 3f2a --title "The real title"
                  folio edit 3f2a --url https://example.com/moved-here
                """)

        @OptionGroup var target: ArticleArgument

        @Option(name: .long, help: "The new title.")
        var title: String?

        @Option(name: .long, help: "The new address (http or https).")
        var url: String?

        @OptionGroup var location: LibraryOptions

        func validate() throws {
            if title == nil && url == nil { throw ValidationError("give --title, --url or both") }
            if let title, title.allSatisfy(\.isWhitespace) { throw ValidationError("--title is empty") }
        }

        func run() throws {
            let library = try location.open()
            let articleID = try target.resolve(in: library)
            let changed = try library.database.edit(
                articleID, title: title?.trimmingCharacters(in: .whitespacesAndNewlines), url: try url.map(Add.canonical))
            let article = try library.database.article(articleID)
            print("\(shortID(articleID))  \(changed.isEmpty ? "nothing changed" : "updated " + changed.joined(separator: ", "))  \(Terminal.clean(article?.title ?? ""))")
        }
    }
}
