import ArgumentParser
@testable import folio
import Testing

/// The option groups every command shares (issue 14): `--home` for the library, `--json` for
/// output, and article ids, parsed alike by every command that takes them.
@Suite struct OptionGroupTests {
    func parse(_ arguments: [String]) throws -> any ParsableCommand {
        try Folio.parseAsRoot(arguments)
    }

    /// Every command that opens the library takes `--home`, anywhere among its arguments.
    @Test func everyLibraryCommandTakesHome() throws {
        let commands: [[String]] = [
            ["init"], ["add", "https://example.com/a"], ["edit", "3f2a", "--title", "T"], ["list"], ["show", "3f2a"],
            ["read", "3f2a"], ["open", "3f2a"], ["progress", "3f2a", "50"], ["done", "3f2a"], ["unread", "3f2a"],
            ["archive", "3f2a"], ["unarchive", "3f2a"], ["fav", "3f2a"], ["unfav", "3f2a"], ["tag", "3f2a"], ["note", "3f2a"],
            ["tags"], ["tags", "rename", "a", "b"], ["highlight", "3f2a", "passage"], ["highlight", "list", "3f2a"],
            ["highlight", "rm", "9c1e"], ["rm", "3f2a"], ["restore", "3f2a"], ["trash"], ["search", "word"],
            ["fetch", "--pending"], ["refetch", "3f2a"], ["sync"], ["logout"], ["status"], ["conflicts"],
            ["bundle", "knowledge"], ["bundle", "apply", "b.folio"], ["bundle", "create", "b.folio"],
            ["import", "pocket.csv"], ["export"],
        ]
        for arguments in commands {
            let command = try parse(arguments + ["--home", "/tmp/folio-a"])
            let library = try #require(command as? any LibraryCommand, "\(arguments) opens the library")
            #expect(library.location.home == "/tmp/folio-a", "\(arguments)")
            #expect((try parse(arguments) as? any LibraryCommand)?.location.home == nil, "\(arguments) without --home")
        }
    }

    /// `--home` with nothing after it, or an empty one, is bad usage (exit 64).
    @Test func emptyHomeIsBadUsage() {
        for arguments in [["list", "--home"], ["list", "--home", ""]] {
            #expect { try parse(arguments) } throws: { Folio.exitCode(for: $0) == .validationFailure }
        }
    }

    /// `extract` reads a file, not the library, so it takes no `--home`.
    @Test func extractDoesNotOpenTheLibrary() throws {
        #expect(try parse(["extract", "page.html"]) as? any LibraryCommand == nil)
        #expect { try parse(["extract", "page.html", "--home", "/tmp"]) } throws: { Folio.exitCode(for: $0) == .validationFailure }
    }

    /// `--json` is one flag, read the same way by every command with machine-readable output.
    @Test func jsonIsSharedByTheListings() throws {
        let listings: [(arguments: [String], json: (any ParsableCommand) -> Bool?)] = [
            (["list"], { ($0 as? Folio.List)?.output.json }),
            (["show", "3f2a"], { ($0 as? Folio.Show)?.output.json }),
            (["search", "word"], { ($0 as? Folio.Search)?.output.json }),
            (["status"], { ($0 as? Folio.Status)?.output.json }),
            (["sync"], { ($0 as? Folio.Sync)?.output.json }),
            (["conflicts"], { ($0 as? Folio.Conflicts)?.output.json }),
            (["trash"], { ($0 as? Folio.Trash)?.output.json }),
            (["tags"], { ($0 as? Folio.ListTags)?.output.json }),
            (["highlight", "list", "3f2a"], { ($0 as? Folio.ListHighlights)?.output.json }),
            (["add", "https://example.com/a"], { ($0 as? Folio.Add)?.output.json }),
            (["import", "pocket.csv"], { ($0 as? Folio.Import)?.output.json }),
        ]
        for listing in listings {
            #expect(listing.json(try parse(listing.arguments)) == false, "\(listing.arguments)")
            #expect(listing.json(try parse(listing.arguments + ["--json"])) == true, "\(listing.arguments) --json")
        }
    }

    /// One article id: required, and a second one is bad usage.
    @Test func oneArticleID() throws {
        #expect((try parse(["show", "3f2a"]) as? Folio.Show)?.target.id == "3f2a")
        #expect((try parse(["progress", "3f2a", "40"]) as? Folio.Progress)?.target.id == "3f2a")
        #expect((try parse(["tag", "3f2a", "+swift", "-old"]) as? Folio.TagCommand)?.target.id == "3f2a")
        for arguments in [["show"], ["open"], ["show", "3f2a", "77aa"]] {
            #expect { try parse(arguments) } throws: { Folio.exitCode(for: $0) == .validationFailure }
        }
    }

    /// Several article ids, `-` among them, in the order given; at least one is required.
    @Test func severalArticleIDs() throws {
        #expect((try parse(["done", "3f2a", "-", "77aa"]) as? Folio.Done)?.targets.ids == ["3f2a", "-", "77aa"])
        #expect((try parse(["fav", "3f2a", "77aa"]) as? Folio.Fav)?.targets.ids == ["3f2a", "77aa"])
        #expect((try parse(["rm", "--purge", "3f2a"]) as? Folio.Remove)?.targets.ids == ["3f2a"])
        for arguments in [["done"], ["archive"], ["rm"]] {
            #expect { try parse(arguments) } throws: { Folio.exitCode(for: $0) == .validationFailure }
        }
    }

    /// The shared groups show in `--help` with their explanations.
    @Test func helpDescribesTheSharedOptions() {
        let help = Folio.helpMessage(for: Folio.Show.self, columns: 200)
        #expect(help.contains("--home <dir>") && help.contains("as FOLIO_HOME does"))
        #expect(help.contains("--json") && help.contains("Print JSON for scripts"))
        #expect(help.contains("<id>") && help.contains("The article id (a unique prefix"))
    }
}
