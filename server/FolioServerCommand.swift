import ArgumentParser

/// `folio-server`: the Folio sync server and its account administration.
@main
struct FolioServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio-server",
        abstract: "The Folio sync server: devices sync their reading lists through it.",
        discussion: """
            Every option can also be set in the environment (FOLIO_SERVER_HOST, FOLIO_SERVER_PORT, \
            FOLIO_SERVER_DATA, FOLIO_SERVER_LOG_LEVEL, FOLIO_SERVER_MAX_PUSH_BYTES); a command-line option wins.
            """,
        subcommands: [Serve.self, UserCommand.self, TokenCommand.self],
        defaultSubcommand: Serve.self
    )
}
