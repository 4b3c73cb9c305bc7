import FolioModel
import Foundation
import TOMLKit

/// The user's settings from `config.toml` in the config directory (`$XDG_CONFIG_HOME/folio`):
///
/// ```toml
/// pager = "less -R"          # how `folio read` pages (before $PAGER)
/// width = 80                 # the reading width in columns (before the terminal's)
/// colour = "auto"            # auto, always or never (NO_COLOR still wins)
/// default-tags = ["inbox"]   # tags `folio add` gives every article it saves
/// ```
///
/// A missing file means the defaults. A file that cannot be read, is not TOML, or has a setting
/// Folio does not know or a value of the wrong type is an error naming the file and the line.
struct Settings: Equatable {
    enum Colour: String, CaseIterable {
        case auto, always, never
    }

    var pager: String?
    var width: Int?
    var colour: Colour = .auto
    var defaultTags: [String] = []

    /// This process's settings, read once; an unreadable file is reported by ``Folio/main()``
    /// before any command runs, and the defaults stand in for it here.
    static let loaded = Result { try Settings.load(FolioPaths()) }
    static var current: Settings { (try? loaded.get()) ?? Settings() }

    /// The file's name in the config directory.
    static let fileName = "config.toml"
    /// Settings files are small; anything larger is refused rather than read.
    static let maximumBytes = 64 << 10

    /// The settings in `paths`' config directory, or the defaults when there is no file.
    static func load(_ paths: FolioPaths) throws -> Settings {
        let url = paths.config.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return Settings() }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CLIError.input("cannot read \(url.path): \(error.localizedDescription)")
        }
        guard data.count <= maximumBytes else { throw CLIError.input("\(url.path) is larger than \(maximumBytes >> 10) KiB; is it the right file?") }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError.input("\(url.path) is not UTF-8 text") }
        return try parse(text, file: url.path)
    }

    /// The settings `text` (the contents of `file`) gives.
    static func parse(_ text: String, file: String) throws -> Settings {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw CLIError.input("\(file), line \(error.source.begin.line): \(error.description.terminalSafe)")
        }
        var settings = Settings()
        for key in table.keys.sorted() {
            let value = table[key]
            func wrong(_ expected: String) -> CLIError {
                CLIError.input("\(file): \(key) must be \(expected)")
            }
            switch key {
            case "pager":
                guard let pager = value?.string, !pager.trimmingCharacters(in: .whitespaces).isEmpty else { throw wrong("a command, such as \"less -R\"") }
                settings.pager = pager
            case "width":
                guard let width = value?.int, (20...1000).contains(width) else { throw wrong("a number of columns from 20 to 1000") }
                settings.width = width
            case "colour", "color":
                guard let colour = value?.string.flatMap(Colour.init(rawValue:)) else { throw wrong("\"auto\", \"always\" or \"never\"") }
                settings.colour = colour
            case "default-tags":
                guard let array = value?.array else { throw wrong("a list of tags, such as [\"inbox\"]") }
                settings.defaultTags = try array.map { item in
                    guard let tag = item.string, Tag.isValidDisplay(tag) else { throw wrong("a list of tags of 1 to 100 characters") }
                    return tag
                }
            default:
                throw CLIError.input("\(file): unknown setting \"\(key.terminalSafe)\"; Folio reads pager, width, colour and default-tags")
            }
        }
        return settings
    }
}
