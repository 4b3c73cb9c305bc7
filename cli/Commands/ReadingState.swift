import ArgumentParser
import FolioModel
import FolioStore
import Foundation

/// Parses `0.4`, `40%` or `40` (read as a percentage when above 1).
struct ProgressValue: ExpressibleByArgument {
    let fraction: Double

    init?(argument: String) {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        let isPercent = trimmed.hasSuffix("%")
        guard let number = Double(isPercent ? String(trimmed.dropLast()) : trimmed), number.isFinite, number >= 0 else { return nil }
        let fraction = isPercent || number > 1 ? number / 100 : number
        guard fraction <= 1 else { return nil }
        self.fraction = fraction
    }
}

struct Progress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set how far you have read an article (0.4 or 40%).", discussion: "100% marks the article read.")

    @Argument(help: "The article id (a unique prefix).")
    var id: String

    @Argument(help: "Progress as a fraction (0.4) or a percentage (40%).")
    var progress: ProgressValue

    func run() throws {
        let library = try Library.open()
        let articleID = try library.database.resolve(id)
        try library.database.setProgress(progress.fraction, on: articleID)
        print("\(shortID(articleID))  progress \(Int((progress.fraction * 100).rounded()))%")
    }
}

struct Done: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Mark articles read and archive them.")

    @Argument(help: "Article ids (unique prefixes; - reads them from standard input).")
    var ids: [String]

    func run() throws {
        let library = try Library.open()
        for id in try library.resolve(ids) {
            try library.database.markDone(id)
            print("\(shortID(id))  done")
        }
    }
}

/// The shared body of archive, unarchive, fav and unfav: set one flag on several articles.
protocol FlagCommand: ParsableCommand {
    var ids: [String] { get }
    static var field: String { get }
    static var value: Bool { get }
    static var verb: String { get }
}

extension FlagCommand {
    func run() throws {
        let library = try Library.open()
        for id in try library.resolve(ids) {
            let changed = try library.database.set(Self.field, to: .bool(Self.value), on: id)
            print("\(shortID(id))  \(changed ? Self.verb : "already " + Self.verb)")
        }
    }
}

struct Archive: FlagCommand {
    static let configuration = CommandConfiguration(abstract: "Archive articles.")
    @Argument(help: "Article ids (unique prefixes; - reads them from standard input).") var ids: [String]
    static let field = Field.archived, value = true, verb = "archived"
}

struct Unarchive: FlagCommand {
    static let configuration = CommandConfiguration(abstract: "Move articles back to the reading list.")
    @Argument(help: "Article ids (unique prefixes; - reads them from standard input).") var ids: [String]
    static let field = Field.archived, value = false, verb = "unarchived"
}

struct Fav: FlagCommand {
    static let configuration = CommandConfiguration(abstract: "Mark articles as favourites.")
    @Argument(help: "Article ids (unique prefixes; - reads them from standard input).") var ids: [String]
    static let field = Field.favorite, value = true, verb = "favourite"
}

struct Unfav: FlagCommand {
    static let configuration = CommandConfiguration(abstract: "Remove articles from the favourites.")
    @Argument(help: "Article ids (unique prefixes; - reads them from standard input).") var ids: [String]
    static let field = Field.favorite, value = false, verb = "not favourite"
}

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Delete articles (on every device after sync; saving the URL again brings one back).")

    @Argument(help: "Article ids (unique prefixes; - reads them from standard input).")
    var ids: [String]

    func run() throws {
        let library = try Library.open()
        for id in try library.resolve(ids) {
            let title = try library.database.article(id)?.title ?? ""
            try library.database.delete(id)
            print("\(shortID(id))  deleted  \(Terminal.clean(title))")
        }
    }
}
