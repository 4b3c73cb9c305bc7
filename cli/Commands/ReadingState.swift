import ArgumentParser
import FolioModel
import FolioStore
import Foundation

extension Folio {
    /// `folio progress`: `Folio.Progress`, nested so it does not shadow Foundation's `Progress`.
    struct Progress: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            commandName: "progress",
            abstract: "Set how far you have read an article, as a percentage (50 or 50%).",
            discussion: """
                The number is always a percentage from 0 to 100: 1 means 1 %, 0.5 half of one per cent. \
                100 marks the article read; less makes it unread (0) or being read again, even after \
                `folio done`. `folio unread ID` is the same as `folio progress ID 0`.
                """)

        @OptionGroup var target: ArticleArgument

        @Argument(help: ArgumentHelp("How far, as a percentage from 0 to 100 (50 or 50%).", valueName: "percent"), transform: Progress.fraction(of:))
        var progress: Double

        @OptionGroup var location: LibraryOptions

        /// Reads a percentage (`40`, `40%`, `2.5`) as a fraction 0...1.
        static func fraction(of text: String) throws -> Double {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let number = Double(trimmed.hasSuffix("%") ? String(trimmed.dropLast()) : trimmed), number.isFinite, (0...100).contains(number) else {
                throw ValidationError("progress is a percentage from 0 to 100, such as 40 or 40%")
            }
            return number / 100
        }

        func run() throws {
            let library = try location.open()
            let articleID = try target.resolve(in: library)
            try library.database.setProgress(progress, on: articleID)
            let article = try library.database.article(articleID)
            print("\(shortID(articleID))  \(article.map { StateText.reading(progress: $0.progress, readAt: $0.readAt) } ?? "")")
        }
    }

    struct Unread: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark articles unread again: no read mark, progress 0 (archived ones stay archived).")

        @OptionGroup var targets: ArticleArguments

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let library = try location.open()
            for id in try targets.resolve(in: library) {
                print("\(shortID(id))  \(try library.database.markUnread(id) ? "unread" : "already unread")")
            }
        }
    }

    struct Done: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(abstract: "Mark articles read and archive them.")

        @OptionGroup var targets: ArticleArguments

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let library = try location.open()
            for id in try targets.resolve(in: library) {
                try library.database.markDone(id)
                print("\(shortID(id))  done")
            }
        }
    }

    struct Archive: FlagCommand {
        static let configuration = CommandConfiguration(abstract: "Archive articles.")
        @OptionGroup var targets: ArticleArguments
        @OptionGroup var location: LibraryOptions
        static let field = Field.archived, value = true, verb = "archived"
    }

    struct Unarchive: FlagCommand {
        static let configuration = CommandConfiguration(abstract: "Move articles back to the reading list.")
        @OptionGroup var targets: ArticleArguments
        @OptionGroup var location: LibraryOptions
        static let field = Field.archived, value = false, verb = "unarchived"
    }

    struct Fav: FlagCommand {
        static let configuration = CommandConfiguration(abstract: "Mark articles as favourites.")
        @OptionGroup var targets: ArticleArguments
        @OptionGroup var location: LibraryOptions
        static let field = Field.favorite, value = true, verb = "favourite"
    }

    struct Unfav: FlagCommand {
        static let configuration = CommandConfiguration(abstract: "Remove articles from the favourites.")
        @OptionGroup var targets: ArticleArguments
        @OptionGroup var location: LibraryOptions
        static let field = Field.favorite, value = false, verb = "not favourite"
    }
}

/// The shared body of archive, unarchive, fav and unfav: set one flag on several articles.
protocol FlagCommand: ParsableCommand, LibraryCommand {
    var targets: ArticleArguments { get }
    static var field: String { get }
    static var value: Bool { get }
    static var verb: String { get }
}

extension FlagCommand {
    func run() throws {
        let library = try location.open()
        for id in try targets.resolve(in: library) {
            let changed = try library.database.set(Self.field, to: .bool(Self.value), on: id)
            print("\(shortID(id))  \(changed ? Self.verb : "already " + Self.verb)")
        }
    }
}
