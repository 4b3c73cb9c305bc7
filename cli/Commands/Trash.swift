import ArgumentParser
import FolioModel
import FolioStore
import Foundation

extension Folio {
    struct Remove: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Move articles to the trash (`folio restore` brings them back; --purge deletes for good).",
            discussion: """
                An article in the trash keeps its content, tags and highlights and leaves every listing; \
                `folio trash` lists the trash, `folio restore ID` brings an article back, and \
                `folio trash --empty` deletes what is in it for good. The trash syncs like any other state.
                """)

        @OptionGroup var targets: ArticleArguments

        @Flag(name: .long, help: "Delete for good, on every device after sync (saving the address again is the only way back).")
        var purge = false

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let library = try location.open()
            for id in try targets.resolve(in: library) {
                let title = Terminal.clean(try library.database.article(id)?.title ?? "")
                if purge {
                    try library.database.delete(id)
                    print("\(shortID(id))  deleted for good  \(title)")
                } else {
                    let moved = try library.database.trash(id)
                    print("\(shortID(id))  \(moved ? "moved to the trash" : "already in the trash")  \(title)")
                }
            }
        }
    }

    struct Restore: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(abstract: "Bring articles back from the trash, with their content.")

        @OptionGroup var targets: ArticleArguments

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let library = try location.open()
            for id in try targets.resolve(in: library) {
                let restored = try library.database.restore(id)
                let title = Terminal.clean(try library.database.article(id)?.title ?? "")
                print("\(shortID(id))  \(restored ? "restored" : "not in the trash")  \(title)")
            }
        }
    }

    struct Trash: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the articles in the trash, or empty it (--empty deletes them for good).")

        @Flag(name: .long, help: "Delete every article in the trash for good, on every device after sync.")
        var empty = false

        @OptionGroup var output: JSONOutput

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let library = try location.open()
            if empty {
                let count = try library.database.emptyTrash()
                return print(count == 0 ? "The trash is empty." : "Deleted \(count) article\(count == 1 ? "" : "s") for good.")
            }
            let articles = try library.database.list(ArticleFilter(states: [.trashed]))
            if output.json { return try printJSON(articles) }
            guard !articles.isEmpty else { return printError("The trash is empty.") }
            let terminal = Terminal.standard
            let rows = articles.map { article in
                [shortID(article.id), Terminal.clean(article.title.isEmpty ? article.url : article.title), article.trashedAt.map(StateText.day) ?? ""]
            }
            print(Table(headers: ["ID", "TITLE", "TRASHED"], rows: rows, flexible: [1]).render(width: terminal.width) { terminal.style($0, .bold) })
        }
    }
}
