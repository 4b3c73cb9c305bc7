import Foundation

/// Where Folio keeps its files: `$FOLIO_HOME/{data,config}` when set, else the XDG directories
/// (`$XDG_DATA_HOME/folio`, `$XDG_CONFIG_HOME/folio`, defaulting to `~/.local/share` and `~/.config`).
struct FolioPaths {
    let data: URL
    let config: URL

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let home = environment["FOLIO_HOME"], !home.isEmpty {
            let root = URL(fileURLWithPath: home)
            data = root.appendingPathComponent("data")
            config = root.appendingPathComponent("config")
        } else {
            let user = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory())
            data = Self.base(environment["XDG_DATA_HOME"], default: user.appendingPathComponent(".local/share")).appendingPathComponent("folio")
            config = Self.base(environment["XDG_CONFIG_HOME"], default: user.appendingPathComponent(".config")).appendingPathComponent("folio")
        }
    }

    private static func base(_ value: String?, default fallback: URL) -> URL {
        guard let value, value.hasPrefix("/") else { return fallback }
        return URL(fileURLWithPath: value)
    }

    var database: URL { data.appendingPathComponent("folio.sqlite") }
    var serverConfig: URL { config.appendingPathComponent("server.json") }
}
