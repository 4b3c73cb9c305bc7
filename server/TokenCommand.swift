import ArgumentParser
import Foundation
import FolioModel
import FolioServer

/// `folio-server token list|revoke`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage device tokens (works while the server runs).",
        subcommands: [List.self, Revoke.self]
    )

    struct List: AsyncParsableCommand, UsesDataDirectory {
        static let configuration = CommandConfiguration(abstract: "List device tokens (never the tokens themselves).")

        @Option(help: "Only this user's tokens.") var user: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var dataOptions: DataOptions

        func run() async throws {
            let tokens = try await dataOptions.openExistingStore().tokens(user: user)
            if json {
                print(String(decoding: try JSONCoding.encoder.encode(tokens), as: UTF8.self))
                return
            }
            guard !tokens.isEmpty else {
                print("No device tokens. A device gets one with: folio login --server URL --user NAME")
                return
            }
            Table.print([["ID", "USER", "DEVICE", "CREATED", "LAST USED", "REVOKED"]] + tokens.map {
                [String($0.id), $0.user, $0.device, JSONCoding.formatDate($0.createdAt),
                 $0.lastUsedAt.map(JSONCoding.formatDate) ?? "-", $0.revokedAt.map(JSONCoding.formatDate) ?? "-"]
            })
        }
    }

    struct Revoke: AsyncParsableCommand, UsesDataDirectory {
        static let configuration = CommandConfiguration(abstract: "Revoke a device token: the device must log in again.")

        @Argument(help: "The token id, from `folio-server token list`.") var id: Int64
        @OptionGroup var dataOptions: DataOptions

        func run() async throws {
            try await dataOptions.openExistingStore().revokeToken(id: id, now: Date())
            print("Revoked device token \(id).")
        }
    }
}
