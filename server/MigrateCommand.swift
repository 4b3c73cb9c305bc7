import ArgumentParser
import FolioServer
import FolioServerPostgres
import Foundation

/// `folio-server migrate`: moves the store from a data directory's SQLite file to PostgreSQL.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a data directory's store into an empty PostgreSQL database.",
        discussion: """
            Every user with their password, every device token, article, highlight and conflict is copied as it is, \
            so devices go on syncing without sending everything again: serve from the database at the same address \
            afterwards. The copy is one transaction: if it fails, the database is left empty. Stop the server first \
            (migrate refuses a data directory that is being served). The data directory is left as it was (only its lock file is taken).

            Example:
              folio-server migrate --from ./data --to postgres://folio@localhost/folio
              folio-server serve --database postgres://folio@localhost/folio
            """)

    @Option(name: .long, help: ArgumentHelp("The data directory to copy from.", valueName: "dir"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The empty PostgreSQL database to copy into.", valueName: "postgres://USER@HOST/DB"))
    var to: String

    func run() async throws {
        let directory = URL(fileURLWithPath: from).standardizedFileURL
        let file = directory.appendingPathComponent(SQLiteSyncStore.fileName).path
        guard FileManager.default.fileExists(atPath: file) else {
            throw CommandError("\(directory.path) holds no folio-server database (\(SQLiteSyncStore.fileName))")
        }
        let url = try PostgresDatabaseURL(to)
        // Held until the process exits: no server writes to the directory during the copy.
        try ServeLock.acquire(in: directory)
        let counts = try await PostgresMigration.copy(sqlitePath: file, to: url) { table in
            FileHandle.standardError.write(Data("copying \(table)…\n".utf8))
        }
        print("""
            Copied \(counts.users) user(s), \(counts.tokens) device token(s), \(counts.records) record(s) with \(counts.registers) field value(s) \
            and \(counts.conflicts) conflict(s) to \(url.description).
            Serve from it with: folio-server serve --database '\(url.description)'
            """)
    }
}
