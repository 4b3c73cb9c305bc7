import ArgumentParser
@testable import folio
import FolioModel
import Testing

/// How the editing and state commands read their arguments (issue 14), checked by parsing
/// alone: `Folio.parseAsRoot`, as the executable does before running anything.
@Suite struct ParsingTests {
    func parse<Command: ParsableCommand>(_ arguments: String..., as type: Command.Type) throws -> Command {
        try #require(try Folio.parseAsRoot(arguments) as? Command, "\(arguments) parses as \(Command.self)")
    }

    /// Expects `arguments` to be refused as bad usage (exit 64).
    func refused(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) { try Folio.parseAsRoot(arguments) } throws: { Folio.exitCode(for: $0) == .validationFailure }
    }

    /// `progress` is always a percentage: 1 is 1 %, 100 is read; anything outside 0...100 is bad usage.
    @Test func progressTakesAPercentage() throws {
        #expect(try parse("progress", "abc", "50", as: Folio.Progress.self).progress == 0.5)
        #expect(try parse("progress", "abc", "50%", as: Folio.Progress.self).progress == 0.5)
        #expect(try parse("progress", "abc", "1", as: Folio.Progress.self).progress == 0.01)
        #expect(try parse("progress", "abc", "2.5", as: Folio.Progress.self).progress == 0.025)
        #expect(try parse("progress", "abc", "100", as: Folio.Progress.self).progress == 1)
        #expect(try parse("progress", "abc", "0", as: Folio.Progress.self).progress == 0)
        for bad in ["150", "100.5%", "-1", "x", "nan", "inf", ""] { refused("progress", "abc", bad) }
    }

    /// `list` filters by the state words (all must apply), the inbox by default.
    @Test func listTakesTheStateWords() throws {
        #expect(try parse("list", as: Folio.List.self).options.filter.states == [.inbox])
        #expect(try parse("list", "--all", as: Folio.List.self).options.filter.states == [])
        #expect(try parse("list", "--unread", "--favourites", as: Folio.List.self).options.filter.states == [.unread, .favorite])
        for state in ArticleState.allCases {
            #expect(try parse("list", "--\(state.rawValue)", as: Folio.List.self).options.filter.states == [state])
        }
        refused("list", "--all", "--read")
    }

    /// `edit` needs something to change.
    @Test func editTakesTitleAndAddress() throws {
        let edit = try parse("edit", "3f2a", "--title", "New", "--url", "https://example.com/x", as: Folio.Edit.self)
        #expect(edit.title == "New" && edit.url == "https://example.com/x")
        refused("edit", "3f2a")
        refused("edit", "3f2a", "--title", "  ")
        refused("add", "https://example.com/x", "--title", "")
    }

    /// `highlight ID PASSAGE` still adds; `list` and `rm` are subcommands.
    @Test func highlightHasAddListAndRemove() throws {
        let added = try parse("highlight", "3f2a", "a passage", "--note", "why", as: Folio.AddHighlight.self)
        #expect(added.target.id == "3f2a" && added.quote == "a passage" && added.note == "why")
        #expect(try parse("highlight", "list", "3f2a", as: Folio.ListHighlights.self).target.id == "3f2a")
        #expect(try parse("highlight", "rm", "9c1e", "77aa", as: Folio.RemoveHighlight.self).ids == ["9c1e", "77aa"])
    }

    /// `tags` lists by default and renames with `rename`; bad tags are bad usage.
    @Test func tagsListsAndRenames() throws {
        #expect(try parse("tags", as: Folio.ListTags.self).output.json == false)
        #expect(try parse("tags", "--json", as: Folio.ListTags.self).output.json)
        let rename = try parse("tags", "rename", "ml", "machine learning", as: Folio.RenameTag.self)
        #expect(rename.old == "ml" && rename.new == "machine learning")
        refused("tags", "rename", "ml", " ")
    }

    /// The trash commands: `rm` trashes unless --purge, `restore`, `trash --empty`, `unread`.
    @Test func trashCommandsParse() throws {
        #expect(try parse("rm", "3f2a", as: Folio.Remove.self).purge == false)
        #expect(try parse("rm", "--purge", "3f2a", as: Folio.Remove.self).purge)
        #expect(try parse("restore", "3f2a", "-", as: Folio.Restore.self).targets.ids == ["3f2a", "-"])
        #expect(try parse("trash", "--empty", as: Folio.Trash.self).empty)
        #expect(try parse("unread", "3f2a", as: Folio.Unread.self).targets.ids == ["3f2a"])
    }
}
