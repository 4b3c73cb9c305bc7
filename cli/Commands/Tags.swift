import ArgumentParser
import FolioModel
import FolioStore
import Foundation

extension Folio {
    /// `folio tags`: the tags in use, and renaming one across the library.
    struct Tags: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List your tags with how many articles carry each, or rename one.",
            discussion: """
                Examples:
                  folio tags
                  folio tags rename "machine learning" ml
                """,
            subcommands: [ListTags.self, RenameTag.self],
            defaultSubcommand: ListTags.self)
    }

    struct ListTags: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the tags of articles outside the trash, with their counts.")

        @OptionGroup var output: JSONOutput

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let tags = try location.open().database.tagCounts()
            if output.json { return try printJSON(tags) }
            guard !tags.isEmpty else { return printError("No tags yet. Tag an article with `folio tag ID +name`.") }
            let terminal = Terminal.standard
            let table = Table(headers: ["TAG", "ARTICLES"], rows: tags.map { [Terminal.clean($0.tag), String($0.count)] }, flexible: [0])
            print(table.render(width: terminal.width) { terminal.style($0, .bold) })
        }
    }

    struct RenameTag: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            commandName: "rename",
            abstract: "Rename a tag on every article that has it (a new spelling of the same tag works too).",
            discussion: "Tags differing only in case and spacing are one tag: `folio tags rename swift Swift` respells it.")

        @Argument(help: "The tag to rename.")
        var old: String

        @Argument(help: "Its new name.")
        var new: String

        @OptionGroup var location: LibraryOptions

        func validate() throws {
            for name in [old, new] where Tag(name) == nil { throw ValidationError("'\(name)' is not a usable tag (empty, too long or has control characters)") }
        }

        func run() throws {
            guard let oldTag = Tag(old), let newTag = Tag(new) else { return }
            let count = try location.open().database.renameTag(oldTag, to: newTag)
            guard count > 0 else { throw CLIError.input("no article has the tag '\(oldTag.display)' (`folio tags` lists them)") }
            print("Renamed '\(Terminal.clean(oldTag.display))' to '\(Terminal.clean(newTag.display))' on \(count) article\(count == 1 ? "" : "s").")
        }
    }
}
