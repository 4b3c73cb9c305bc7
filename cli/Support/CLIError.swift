import ArgumentParser

/// Errors the CLI itself reports; the message is printed as `Error: <message>`.
enum CLIError: Error, CustomStringConvertible {
    case usage(String)
    case input(String)
    case notLoggedIn
    case failed(String)

    var description: String {
        switch self {
        case .usage(let message), .input(let message), .failed(let message): message
        case .notLoggedIn: "not logged in to a sync server; run `folio login --server URL --user NAME` first"
        }
    }
}
