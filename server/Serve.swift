import ArgumentParser
import Foundation
import FolioServer
import Hummingbird
import Logging

/// `folio-server serve`: runs the server until SIGTERM or SIGINT, finishing requests in flight.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the sync server (the default command).")

    @Option(help: ArgumentHelp("The address to listen on (env FOLIO_SERVER_HOST; default 127.0.0.1).", valueName: "address"))
    var host: String?

    @Option(help: ArgumentHelp("The port to listen on (env FOLIO_SERVER_PORT; default 8080).", valueName: "port"))
    var port: Int?

    @OptionGroup var dataOptions: DataOptions

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (env FOLIO_SERVER_LOG_LEVEL; default info).", valueName: "level"))
    var logLevel: String?

    @Option(help: ArgumentHelp("The largest push body accepted, in bytes (env FOLIO_SERVER_MAX_PUSH_BYTES; default 16 MiB).", valueName: "bytes"))
    var maxPushBytes: Int?

    func configuration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration(dataDirectory: dataOptions.directory)
        configuration.host = host ?? Environment.value("FOLIO_SERVER_HOST") ?? configuration.host
        if let text = port.map(String.init) ?? Environment.value("FOLIO_SERVER_PORT") {
            guard let port = Int(text), (0...65535).contains(port) else { throw ValidationError("the port must be a number from 0 to 65535, not \(text)") }
            configuration.port = port
        }
        if let text = logLevel ?? Environment.value("FOLIO_SERVER_LOG_LEVEL") {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ValidationError("unknown log level \(text): use trace, debug, info, notice, warning, error or critical")
            }
            configuration.logLevel = level
        }
        if let text = maxPushBytes.map(String.init) ?? Environment.value("FOLIO_SERVER_MAX_PUSH_BYTES") {
            guard let bytes = Int(text), bytes >= 1024 else { throw ValidationError("the push size limit must be at least 1024 bytes, not \(text)") }
            configuration.limits.maxPushBytes = bytes
        }
        return configuration
    }

    func run() async throws {
        let configuration = try configuration()
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let app = try await buildApplication(configuration)
        let users = try await dataOptions.openStore().users()
        let url = "http://\(configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host):\(configuration.port)"
        let data = configuration.dataDirectory.path
        let banner = """
            folio-server: data in \(data), listening on \(url)
            \(users.isEmpty ? "No users yet. Add one (also while the server runs):" : "\(users.count) user(s). Add another with:") folio-server user add NAME --data \(data)
            Connect a device: folio login --server \(url) --user NAME

            """
        FileHandle.standardOutput.write(Data(banner.utf8))
        try await app.runService()
    }
}
