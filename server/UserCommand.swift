import ArgumentParser
import Foundation
import FolioModel
import FolioServer

/// `folio-server user add|passwd|list|remove`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage users (works while the server runs).",
        subcommands: [Add.self, Passwd.self, List.self, Remove.self]
    )

    struct Add: AsyncParsableCommand, UsesDataDirectory {
        static let configuration = CommandConfiguration(abstract: "Add a user with a new, empty library on the server.")

        @Argument(help: "The user name: 1 to 64 letters, digits, '.', '_' or '-'.") var name: String
        @Flag(help: "Read the password from the first line of standard input instead of prompting.") var passwordStdin = false
        @OptionGroup var dataOptions: DataOptions

        func validate() throws {
            do { try AccountRules.checkUserName(name) } catch { throw ValidationError(error.description) }
        }

        func run() async throws {
            let store = try await dataOptions.openStore()
            let password = try PasswordInput.read(fromStandardInput: passwordStdin)
            let account = try await store.createUser(name: name, passwordHash: await PasswordHasher.hash(password), now: Date())
            print("Added user \(account.name). Connect a device with: folio login --server URL --user \(account.name)")
        }
    }

    struct Passwd: AsyncParsableCommand, UsesDataDirectory {
        static let configuration = CommandConfiguration(abstract: "Change a user's password (device tokens stay valid; revoke them with `token revoke`).")

        @Argument(help: "The user name.") var name: String
        @Flag(help: "Read the password from the first line of standard input instead of prompting.") var passwordStdin = false
        @OptionGroup var dataOptions: DataOptions

        func run() async throws {
            let store = try await dataOptions.openExistingStore()
            guard try await store.credentials(user: name) != nil else { throw AccountError.noSuchUser(name) }
            let password = try PasswordInput.read(fromStandardInput: passwordStdin)
            try await store.setPasswordHash(user: name, passwordHash: await PasswordHasher.hash(password))
            print("Changed the password of \(name).")
        }
    }

    struct List: AsyncParsableCommand, UsesDataDirectory {
        static let configuration = CommandConfiguration(abstract: "List users.")

        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var dataOptions: DataOptions

        func run() async throws {
            let users = try await dataOptions.openExistingStore().users()
            if json {
                print(String(decoding: try JSONCoding.encoder.encode(users), as: UTF8.self))
                return
            }
            guard !users.isEmpty else {
                print("No users. Add one with: folio-server user add NAME")
                return
            }
            Table.print([["NAME", "CREATED", "DEVICES", "EPOCH"]] + users.map {
                [$0.name, JSONCoding.formatDate($0.createdAt), String($0.activeTokens), $0.epoch]
            })
        }
    }

    struct Remove: AsyncParsableCommand, UsesDataDirectory {
        static let configuration = CommandConfiguration(abstract: "Remove a user with all their synced data and device tokens (asks first).")

        @Argument(help: "The user name.") var name: String
        @Flag(help: "Do not ask; for scripts.") var yes = false
        @OptionGroup var dataOptions: DataOptions

        func run() async throws {
            let store = try await dataOptions.openExistingStore()
            guard try await store.credentials(user: name) != nil else { throw AccountError.noSuchUser(name) }
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw CommandError("removing \(name) deletes all their synced data; pass --yes to confirm when there is no terminal to ask on")
                }
                FileHandle.standardError.write(Data("Remove \(name) and all their synced data from the server? Their devices keep their copies. Type the user name to confirm: ".utf8))
                guard readLine(strippingNewline: true) == name else { throw CommandError("not confirmed; nothing was removed") }
            }
            try await store.removeUser(name: name)
            print("Removed user \(name) and their synced data. Their devices keep their own copies.")
        }
    }
}
