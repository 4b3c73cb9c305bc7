import ArgumentParser
import FolioModel
import FolioStore
import Foundation

/// The user's library on this device: the database under ``FolioPaths``, created on first use.
struct Library {
    let paths: FolioPaths
    let database: FolioDatabase

    /// Opens (and on first use creates) the device database, private to the user (see ``FolioPaths/makePrivate()``).
    static func open() throws -> Library {
        let paths = FolioPaths()
        try paths.makePrivate()
        return Library(paths: paths, database: try FolioDatabase(path: paths.database.path))
    }

    /// Resolves id prefixes; `-` reads whitespace-separated ids from standard input.
    func resolve(_ arguments: [String]) throws -> [UUID] {
        var words: [String] = []
        for argument in arguments {
            if argument == "-" {
                while let line = readLine() { words += line.split(whereSeparator: \.isWhitespace).map(String.init) }
            } else {
                words.append(argument)
            }
        }
        guard !words.isEmpty else { throw CLIError.usage("no article ids given (pass ids, or - to read them from standard input)") }
        var seen = Set<UUID>()
        return try words.map(database.resolve).filter { seen.insert($0).inserted }
    }
}

/// The short id shown to users: the first 8 hex digits, as git shows commits.
func shortID(_ id: UUID) -> String {
    String(id.uuidString.lowercased().prefix(8))
}

/// Prints a value as pretty JSON (the `--json` output of every listing).
/// Prints `value` as one line of JSON (for output read line by line).
func printJSONLine(_ value: some Encodable) throws {
    printLine(String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self))
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONCoding.encoder
    encoder.outputFormatting.insert(.prettyPrinted)
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
