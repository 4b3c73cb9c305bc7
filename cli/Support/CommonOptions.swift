import ArgumentParser
import Foundation

/// `--home DIR`: which library a command works on, shared by every command that opens one.
struct LibraryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Use the library and settings under this directory, as FOLIO_HOME does (default: $FOLIO_HOME, else the XDG directories).",
        valueName: "dir"))
    var home: String?

    func validate() throws {
        if home?.isEmpty == true { throw ValidationError("--home is empty") }
    }

    /// Opens (and on first use creates) the library; `--home` has been applied by ``Folio/main()``.
    func open() throws -> Library { try Library.open() }

    /// Makes `--home` the process's FOLIO_HOME, so the library, the account and config.toml all
    /// come from it, as if the variable had been set.
    func applyHome() {
        guard let home else { return }
        setenv("FOLIO_HOME", URL(fileURLWithPath: home).standardizedFileURL.path, 1)
    }
}

/// A command that opens the library (and so takes `--home`).
protocol LibraryCommand {
    var location: LibraryOptions { get }
}

/// `--json`: the machine-readable output of a command.
struct JSONOutput: ParsableArguments {
    @Flag(name: .long, help: "Print JSON for scripts instead of text.")
    var json = false
}

/// The one article a command works on.
struct ArticleArgument: ParsableArguments {
    @Argument(help: "The article id (a unique prefix, as `folio list` shows it).")
    var id: String

    /// The article's full id.
    func resolve(in library: Library) throws -> UUID {
        try library.database.resolve(id)
    }
}

/// The articles a command works on, one or more.
struct ArticleArguments: ParsableArguments {
    @Argument(help: "Article ids (unique prefixes; - reads them from standard input).")
    var ids: [String]

    /// The articles' full ids, each once, in the order given.
    func resolve(in library: Library) throws -> [UUID] {
        try library.resolve(ids)
    }
}
