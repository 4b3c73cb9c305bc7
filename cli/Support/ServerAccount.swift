import FolioSync
import Foundation

/// The sync server this device is logged in to, kept in `config/server.json` with mode 0600
/// (it holds the device token).
struct ServerAccount: Codable {
    var server: URL
    var user: String
    var device: String
    var token: String

    /// The key the server's sync state is kept under in the device database.
    var peerName: String { "server:\(server.absoluteString)#\(user)" }

    static func load(_ paths: FolioPaths) throws -> ServerAccount? {
        guard let data = FileManager.default.contents(atPath: paths.serverConfig.path) else { return nil }
        do {
            return try JSONDecoder().decode(ServerAccount.self, from: data)
        } catch {
            throw CLIError.failed("\(paths.serverConfig.path) is damaged; run `folio logout` then `folio login` again")
        }
    }

    func save(_ paths: FolioPaths) throws {
        try FileManager.default.createDirectory(at: paths.config, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temporary = paths.serverConfig.appendingPathExtension("tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: try encoder.encode(self), attributes: [.posixPermissions: 0o600]) else {
            throw CLIError.failed("cannot write \(paths.serverConfig.path)")
        }
        guard rename(temporary.path, paths.serverConfig.path) == 0 else {
            throw CLIError.failed("cannot write \(paths.serverConfig.path): \(String(cString: strerror(errno)))")
        }
    }

    static func remove(_ paths: FolioPaths) throws {
        if FileManager.default.fileExists(atPath: paths.serverConfig.path) {
            try FileManager.default.removeItem(at: paths.serverConfig)
        }
    }

    var transport: HTTPTransport { HTTPTransport(server: server, token: token) }
}
