import ArgumentParser
import Foundation
import FolioModel
import FolioServer

/// `folio-server status`: what the store (data directory or PostgreSQL database) holds, at a glance.
struct StatusCommand: AsyncParsableCommand, UsesDataDirectory {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show users, devices, records and database size (works while the server runs).",
        discussion: "Live request, error and login counts are served at GET /metrics when the server has a metrics token (see SECURITY.md).")

    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var dataOptions: DataOptions

    func run() async throws {
        let statistics = try await dataOptions.openExistingStore().statistics()
        if json {
            print(String(decoding: try JSONCoding.encoder.encode(statistics), as: UTF8.self))
            return
        }
        let megabytes = { (bytes: Int64) in String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        let store = try dataOptions.postgresURL().map { url in
            [["Database", url.description], ["Size", megabytes(statistics.databaseBytes)]]
        } ?? [
            ["Data directory", dataOptions.directory.path],
            ["Database", "\(megabytes(statistics.databaseBytes)) (write-ahead log \(megabytes(statistics.walBytes ?? 0)))"],
        ]
        Table.print(store + [
            ["Users", String(statistics.users)],
            ["Device tokens", "\(statistics.activeTokens) active, \(statistics.revokedTokens) revoked"],
            ["Last device request", statistics.lastDeviceRequest.map(JSONCoding.formatDate) ?? "never"],
            ["Records", String(statistics.records)],
            ["Conflicts logged", String(statistics.conflictsLogged)],
        ])
    }
}
