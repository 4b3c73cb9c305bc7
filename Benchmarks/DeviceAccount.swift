import FolioStore
import FolioSync
import Foundation

/// A `folio` home logged in to the benchmark server: what `folio login` wrote, read back so the
/// same device can also be driven in-process through ``SyncEngine``.
struct DeviceAccount: Sendable {
    var home: URL
    var server: URL
    var token: String

    /// The peer name `folio sync` keeps the server's state under (see cli/Support/ServerAccount.swift).
    var peerName: String { "server:\(server.absoluteString)#\(ServerProcess.user)" }

    /// Runs `folio login` for `home` against `server` and reads the stored token.
    static func login(context: BenchContext, home: URL, server: URL) throws -> DeviceAccount {
        let password = try context.scratchFile(ServerProcess.password + "\n", name: "login-password")
        _ = try context.folio(["login", "--server", server.absoluteString, "--user", ServerProcess.user, "--password-stdin", "--device", home.lastPathComponent],
                              home: home, stdin: password).check(scratch: context.scratch)
        let configuration = home.appendingPathComponent("config/server.json")
        guard let data = FileManager.default.contents(atPath: configuration.path),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let token = object["token"] as? String, let address = object["server"] as? String, let url = URL(string: address) else {
            throw BenchError("folio login wrote no readable \(configuration.path)")
        }
        return DeviceAccount(home: home, server: url, token: token)
    }

    /// An in-process engine over this device's database, as `folio sync` builds it.
    func engine(_ database: FolioDatabase) -> SyncEngine {
        SyncEngine(database: database, transport: HTTPTransport(server: server, token: token), peerName: peerName)
    }
}
