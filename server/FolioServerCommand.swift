import ArgumentParser
import FolioProtocol
import FolioServer

/// `folio-server`: the Folio sync server and its account administration.
@main
struct FolioServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio-server",
        abstract: "The Folio sync server: devices sync their reading lists through it.",
        discussion: """
            Every option can also be set in the environment (FOLIO_SERVER_HOST, FOLIO_SERVER_PORT, \
            FOLIO_SERVER_DATA, FOLIO_SERVER_LOG_LEVEL, ...; `serve --help` names each); a command-line option wins.
            """,
        version: FolioRelease.versionLine,
        subcommands: [Serve.self, UserCommand.self, TokenCommand.self, StatusCommand.self, MigrateCommand.self],
        defaultSubcommand: Serve.self
    )

    static func main() async {
        ProcessLimits.makePrivate()
        var database = SQLiteSyncStore.fileName
        do {
            var command = try parseAsRoot()
            if let user = command as? any UsesDataDirectory {
                database = user.dataOptions.directory.appendingPathComponent(SQLiteSyncStore.fileName).path
            }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            await OpenedStores.closeAll()
        } catch {
            await OpenedStores.closeAll()
            exit(withError: StoreOpenError.explaining(error, path: database))
        }
    }
}
