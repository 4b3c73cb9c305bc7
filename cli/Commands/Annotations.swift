import ArgumentParser
import FolioModel
import FolioStore
import Foundation

extension Folio {
    struct TagCommand: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            commandName: "tag",
            abstract: "Add or remove tags: folio tag ID +add -remove (a bare word adds).",
            discussion: "With no changes, prints the article's tags.")

        @OptionGroup var target: ArticleArgument

        @Argument(parsing: .allUnrecognized, help: "Tag changes: +tag or tag adds, -tag removes.")
        var changes: [String] = []

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let library = try location.open()
            let articleID = try target.resolve(in: library)
            var add: [Tag] = [], remove: [Tag] = []
            for change in changes {
                let isRemoval = change.hasPrefix("-")
                let name = change.hasPrefix("+") || isRemoval ? String(change.dropFirst()) : change
                guard let tag = Tag(name) else { throw CLIError.input("'\(name)' is not a usable tag") }
                if isRemoval { remove.append(tag) } else { add.append(tag) }
            }
            if !add.isEmpty || !remove.isEmpty { try library.database.retag(articleID, add: add, remove: remove) }
            let tags = try library.database.article(articleID)?.tags ?? []
            print("\(shortID(articleID))  tags: \(tags.isEmpty ? "(none)" : Terminal.clean(tags.joined(separator: ", ")))")
        }
    }

    struct Note: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set an article's note (\"\" clears it); with no text, print it.")

        @OptionGroup var target: ArticleArgument

        @Argument(help: "The note text.")
        var text: String?

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let library = try location.open()
            let articleID = try target.resolve(in: library)
            if let text {
                try library.database.set(Field.note, to: .string(text.trimmingCharacters(in: .whitespacesAndNewlines)), on: articleID)
            }
            let note = try library.database.article(articleID)?.note ?? ""
            print(note.isEmpty ? "(no note)" : Terminal.cleanLines(note))
        }
    }

    struct HighlightCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "highlight",
            abstract: "Keep passages of an article (with notes), list them, delete them.",
            discussion: """
                Examples:
                  folio highlight 3f2a "the passage to keep" --note "why it matters"
                  folio highlight list 3f2a
                  folio highlight rm 9c1e
                """,
            subcommands: [AddHighlight.self, ListHighlights.self, RemoveHighlight.self],
            defaultSubcommand: AddHighlight.self)
    }

    struct AddHighlight: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Keep a passage of an article, with an optional note (the default: `folio highlight ID PASSAGE`).")

        @OptionGroup var target: ArticleArgument

        @Argument(help: "The passage to keep.")
        var quote: String

        @Option(name: .long, help: "A note on the passage.")
        var note: String = ""

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let library = try location.open()
            let articleID = try target.resolve(in: library)
            let quote = quote.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !quote.isEmpty else { throw CLIError.input("the passage is empty") }
            let text = try library.database.article(articleID)?.content.text ?? ""
            var position = 0.0
            if let range = text.range(of: quote, options: [.caseInsensitive, .diacriticInsensitive]) {
                position = Double(text.distance(from: text.startIndex, to: range.lowerBound)) / Double(max(1, text.count))
            } else {
                printError("note: the passage does not appear in the saved text; keeping it anyway")
            }
            let highlight = Highlight(articleID: articleID, quote: quote, note: note, position: position)
            try library.database.addHighlight(highlight)
            print("\(shortID(articleID))  highlight \(shortID(highlight.id)) saved")
        }
    }

    struct ListHighlights: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List an article's highlights with their ids, in text order.")

        @OptionGroup var target: ArticleArgument

        @OptionGroup var output: JSONOutput

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let library = try location.open()
            let highlights = try library.database.highlights(of: try target.resolve(in: library))
            if output.json { return try printJSON(highlights) }
            guard !highlights.isEmpty else { return printError("No highlights. Add one with `folio highlight \(target.id) \"passage\"`.") }
            let terminal = Terminal.standard
            for highlight in highlights {
                let position = "\(Int((highlight.position * 100).rounded()))%"
                print(terminal.style(shortID(highlight.id), .yellow) + "  " + terminal.style(String(repeating: " ", count: 4 - position.count) + position, .dim)
                    + "  " + Terminal.clean(highlight.quote))
                if !highlight.note.isEmpty { print(String(repeating: " ", count: 14) + "— " + Terminal.clean(highlight.note)) }
            }
        }
    }

    struct RemoveHighlight: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: "Delete highlights (ids from `folio highlight list`), on every device after sync.")

        @Argument(help: "Highlight ids (unique prefixes).")
        var ids: [String]

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let library = try location.open()
            for id in try ids.map(library.database.resolveHighlight) {
                try library.database.deleteHighlight(id)
                print("\(shortID(id))  highlight deleted")
            }
        }
    }
}
