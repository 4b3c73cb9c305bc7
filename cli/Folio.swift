import ArgumentParser
import FolioModel
import FolioProtocol
import Foundation

@main
struct Folio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Save articles, read them offline, and sync your reading list between devices.",
        discussion: """
            Articles are named by a unique prefix of their id, as shown by `folio list`.
            Data lives in $XDG_DATA_HOME/folio (or $FOLIO_HOME/data when FOLIO_HOME is set, or --home DIR is given).

            States, the same words in list, show, status and search (is:WORD): \(ArticleState.glossary).

            Exit codes: 0 success, 1 error (nothing was changed), 64 bad usage.
            """,
        version: FolioRelease.versionLine,
        subcommands: [
            Init.self, Add.self, Edit.self, Import.self, Export.self, List.self, Show.self, Read.self, Open.self,
            Progress.self, Done.self, Unread.self, Archive.self, Unarchive.self, Fav.self, Unfav.self,
            TagCommand.self, Tags.self, Note.self, HighlightCommand.self, Remove.self, Restore.self, Trash.self, Search.self,
            Fetch.self, Refetch.self, Extract.self,
            Sync.self, Login.self, Logout.self, Status.self, Conflicts.self, Bundle.self,
        ]
    )

    /// Runs the command ArgumentParser's way, with two guarantees for the whole process: every
    /// file and directory folio creates is private to the user (umask 077, whatever the caller's),
    /// and error messages, which may quote a server, an import file or a database, reach the
    /// terminal without control characters or escape sequences.
    static func main() async {
        umask(0o077)
        do {
            var command = try parseAsRoot()
            (command as? any LibraryCommand)?.location.applyHome()
            _ = try Settings.loaded.get()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if !message.isEmpty {
                if code == .success { print(Terminal.cleanLines(message)) } else { printError(message) }
            }
            Foundation.exit(code.rawValue)
        }
    }
}
