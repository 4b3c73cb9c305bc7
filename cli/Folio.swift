import ArgumentParser

@main
struct Folio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Save articles, read them offline, and sync your reading list between devices.",
        discussion: """
            Articles are named by a unique prefix of their id, as shown by `folio list`.
            Data lives in $XDG_DATA_HOME/folio (or $FOLIO_HOME/data when FOLIO_HOME is set).

            Exit codes: 0 success, 1 error (nothing was changed), 64 bad usage.
            """,
        subcommands: [
            Init.self, Add.self, Import.self, Export.self, List.self, Show.self, Read.self, Open.self,
            Progress.self, Done.self, Archive.self, Unarchive.self, Fav.self, Unfav.self,
            TagCommand.self, Note.self, HighlightCommand.self, Remove.self, Search.self,
            Fetch.self, Refetch.self, Extract.self,
            Sync.self, Login.self, Logout.self, Status.self, Conflicts.self, Bundle.self,
        ]
    )
}
