import ArgumentParser
import FolioModel
import FolioStore
import FolioSync
import Foundation

extension Folio {
    struct Login: AsyncParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Connect this device to a sync server.",
            discussion: """
                Example:
                  folio login --server http://127.0.0.1:8080 --user alice
                  echo "$PASSWORD" | folio login --server https://folio.example.org --user alice --password-stdin
                """)

        @Option(name: .long, help: "The server's address, e.g. https://folio.example.org.")
        var server: String

        @Option(name: .long, help: "Your user name on the server.")
        var user: String

        @Flag(name: .long, help: "Read the password from standard input instead of prompting.")
        var passwordStdin = false

        @Option(name: .long, help: "A name for this device (default: the host name).")
        var device: String?

        @OptionGroup var location: LibraryOptions

        func validate() throws {
            guard let url = URL(string: server), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw ValidationError("--server must be an http:// or https:// address")
            }
        }

        func run() async throws {
            let library = try location.open()
            guard let url = URL(string: server) else { return }
            let password = try readPassword()
            let device = device ?? ProcessInfo.processInfo.hostName
            let response = try await HTTPTransport.login(server: url, user: user, password: password, device: device)
            try ServerAccount(server: url, user: user, device: device, token: response.token).save(library.paths)
            print("Logged in to \(url.absoluteString) as \(user). Run `folio sync` to sync.")
        }

        func readPassword() throws -> String {
            var password: String?
            if passwordStdin {
                password = readLine(strippingNewline: true)
            } else {
                guard isatty(STDIN_FILENO) == 1 else { throw CLIError.usage("no terminal to ask for the password; use --password-stdin") }
                password = getpass("Password for \(user): ").map { String(cString: $0) }
            }
            guard let password, !password.isEmpty else { throw CLIError.input("empty password") }
            return password
        }
    }

    struct Logout: AsyncParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(abstract: "Disconnect this device from its sync server (revokes its token).")

        @OptionGroup var location: LibraryOptions

        func run() async throws {
            let library = try location.open()
            guard let account = try ServerAccount.load(library.paths) else { return print("Not logged in.") }
            do {
                try await account.transport.logout()
            } catch {
                printError("note: could not revoke the token on the server (\(error)); it was removed from this device")
            }
            try ServerAccount.remove(library.paths)
            try library.database.forgetPeer(account.peerName)
            print("Logged out of \(account.server.absoluteString).")
        }
    }

    struct Sync: AsyncParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sync with the server: send local changes, then receive everyone else's.",
            discussion: """
                After a sync, at most once a day, the library is copied to folio.sqlite.bak beside it: the last good copy if the database is ever damaged. A library that was empty before the sync is copied at its next one: everything it holds is on the server.

                With --watch, folio keeps syncing until interrupted (Ctrl-C): it receives other devices' changes as soon as the server has them, sends this device's changes a second after you stop making them, retries with growing pauses when the server cannot be reached, and prints one line per sync (one JSON object per line with --json).
                """)

        @OptionGroup var output: JSONOutput

        @OptionGroup var location: LibraryOptions

        @Flag(name: .long, help: "Keep the library in sync until interrupted.")
        var watch = false

        func run() async throws {
            let library = try location.open()
            guard let account = try ServerAccount.load(library.paths) else { throw CLIError.notLoggedIn }
            if watch { return await watchChanges(library: library, account: account) }
            let engine = SyncEngine(database: library.database, transport: account.transport, peerName: account.peerName)
            // A new device's first sync needs no copy: what it received, the server still holds.
            let wasEmpty = try library.database.replicaInfo().knowledge.isEmpty
            let summary = try await engine.sync()
            if !wasEmpty { backUp(library) }
            if output.json { return try printJSON(summary) }
            printNotes(summary)
            print("Synced with \(account.server.absoluteString): sent \(summary.sent), received \(summary.received), \(Self.conflictText(summary)).")
        }

        /// Syncs until SIGINT or SIGTERM, one line per sync.
        private func watchChanges(library: Library, account: ServerAccount) async {
            let watch = SyncWatch(database: library.database, transport: account.transport, peerName: account.peerName)
            let json = output.json
            if !json { printLine("Watching \(account.server.absoluteString); press Ctrl-C to stop.") }
            let task = Task {
                await watch.run { event in
                    let time = Self.clockTime(Date())
                    switch event {
                    case .synced(let summary, let reason):
                        backUp(library)
                        if json {
                            try? printJSONLine(WatchLine(time: Date(), reason: reason.rawValue, sent: summary.sent, received: summary.received, conflicts: summary.conflicts))
                        } else {
                            printNotes(summary)
                            printLine("\(time)  sent \(summary.sent), received \(summary.received), \(Self.conflictText(summary))")
                        }
                    case .failed(let error, let pause):
                        printError("\(time)  could not sync: \(error); trying again in \(pause.components.seconds) s")
                    }
                }
            }
            await Signals.waitForInterrupt()
            task.cancel()
            await task.value
            if !json { printLine("Stopped watching.") }
        }

        /// One `--watch --json` line.
        struct WatchLine: Encodable {
            var time: Date
            var reason: String
            var sent: Int
            var received: Int
            var conflicts: Int
        }

        private func backUp(_ library: Library) {
            do {
                try library.database.backUp()
            } catch {
                printError("note: the synced library could not be copied to \(FolioDatabase.backupPath(of: library.database.path)): \(error)")
            }
        }

        private func printNotes(_ summary: SyncSummary) {
            if let repair = summary.clockRepair {
                printError("note: this device's clock was \(HybridClock.describe(repair.aheadBy)) ahead and has been corrected; \(repair.records) article(s) edited meanwhile were stamped again")
            }
            if summary.serverWasReset { printError("note: the server was reset or restored; this device sent it everything it has") }
        }

        /// The local time as HH:MM:SS, whatever the locale.
        static func clockTime(_ date: Date) -> String {
            let parts = Calendar.current.dateComponents([.hour, .minute, .second], from: date)
            return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        }

        private static func conflictText(_ summary: SyncSummary) -> String {
            summary.conflicts == 0 ? "no conflicts" : "\(summary.conflicts) conflict\(summary.conflicts == 1 ? "" : "s") (see `folio conflicts`)"
        }
    }

    struct Status: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(abstract: "Show this device's library and sync status.")

        @OptionGroup var output: JSONOutput

        @OptionGroup var location: LibraryOptions

        struct Report: Encodable {
            var database: String
            var replica: String
            var articles: Int
            /// How many articles each state word describes (`unread`, `reading`, …, `trashed`).
            var states: [String: Int]
            var pendingFetch: Int
            var server: String?
            var user: String?
            var lastSync: Date?
            var unsyncedChanges: Int?
        }

        func run() throws {
            let library = try location.open()
            let info = try library.database.replicaInfo()
            let counts = try library.database.counts()
            let account = try ServerAccount.load(library.paths)
            let peer = try account.flatMap { try library.database.peer($0.peerName) }
            let unsynced = try account.map { try library.database.pendingChangeCount(for: $0.peerName) }
            let report = Report(database: library.paths.database.path, replica: info.id.hex, articles: counts.total,
                                states: Dictionary(uniqueKeysWithValues: ArticleState.allCases.map { ($0.rawValue, counts[$0]) }), pendingFetch: counts.pending,
                                server: account?.server.absoluteString, user: account?.user, lastSync: peer?.lastSync, unsyncedChanges: unsynced)
            if output.json { return try printJSON(report) }
            let rows: [(String, String)] = [
                ("database", report.database),
                ("replica", report.replica),
                ("articles", "\(counts.total): " + [[.unread, .reading, .read], [.inbox, .archived], [.favorite], [.trashed]]
                    .map { (group: [ArticleState]) in group.map { "\(counts[$0]) \($0.rawValue)" }.joined(separator: ", ") }.joined(separator: "; ")),
                ("pending", counts.pending == 0 ? "none" : "\(counts.pending) not fetched yet (`folio fetch --pending`)"),
                ("server", account.map { "\($0.server.absoluteString) as \($0.user)" } ?? "not logged in"),
                ("last sync", peer?.lastSync?.formatted(date: .abbreviated, time: .standard) ?? (account == nil ? "-" : "never")),
                ("unsynced", unsynced.map { $0 == 0 ? "nothing to send" : "\($0) article\($0 == 1 ? "" : "s") or highlight\($0 == 1 ? "" : "s") to send" } ?? "-"),
            ]
            for (label, value) in rows { print(label.padding(toLength: 10, withPad: " ", startingAt: 0) + value) }
        }
    }
}
