import ArgumentParser
import FolioExtract
import FolioModel
import FolioStore
import Foundation

extension Folio {
    struct Add: AsyncParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save an article: fetch a URL, or save a page or text you already have.",
            discussion: """
                A page that cannot be reached now (offline, a slow site) is saved as a pending link, and \
                `folio fetch --pending` tries again later. A page that does not exist (HTTP 404 or 410) or \
                is larger than 10 MiB is not saved: the command fails and says why.

                Saving an article that is already saved updates it: --title renames it, --tag adds tags, \
                and an article in the trash comes back. A file saved without --url takes the page's own \
                address (<link rel=canonical> or og:url) when it declares one, so saving it twice gives \
                one article. A text's first line is its title, unless --title is given: then the whole \
                text is the body.

                Examples:
                  folio add https://example.com/post --tag swift --tag later
                  folio add --file page.html --url https://example.com/post
                  pbpaste | folio add --file - --title "Notes from the talk"
                """)

        @Argument(help: "The address of the page to save.")
        var url: String?

        @Option(name: .long, help: "Save this file instead of fetching (HTML or plain text; - reads standard input).")
        var file: String?

        @Option(name: .long, help: "Tag the article (repeatable); the default-tags of config.toml are added too.")
        var tag: [String] = []

        /// The `--tag` options and the settings' default tags.
        var tags: [String] { tag + Settings.current.defaultTags }

        @Option(name: .long, help: "Use this title instead of the page's (renames an article already saved).")
        var title: String?

        @Flag(name: .long, help: "Do not fetch now; save the link as pending.")
        var offline = false

        @OptionGroup var output: JSONOutput

        @Option(name: .customLong("url"), help: "With --file: the page's original address.")
        var originalURL: String?

        @OptionGroup var location: LibraryOptions

        func validate() throws {
            if file == nil && url == nil { throw ValidationError("give a URL to save, or --file PATH") }
            if file != nil && url != nil && originalURL != nil { throw ValidationError("give the address once: either as the argument or with --url") }
            if let title, title.allSatisfy(\.isWhitespace) { throw ValidationError("--title is empty") }
            for name in tag where Tag(name) == nil { throw ValidationError("'\(name)' is not a usable tag (empty, too long or has control characters)") }
        }

        func run() async throws {
            let library = try location.open()
            let address = try (file == nil ? url : (originalURL ?? url)).map(Self.canonical)
            let chosenTitle = title?.trimmingCharacters(in: .whitespacesAndNewlines)
            let article: Article
            if let file {
                let page = try SavedFile(data: readInput(file, limit: Fetching.maximumPageBytes), name: file, address: address, title: chosenTitle)
                article = Article(id: page.address?.articleID ?? UUID(), url: page.address?.string ?? "", givenURL: address?.given, title: page.title,
                                  content: page.content, savedAt: Date(), tags: tags)
            } else {
                guard let address else { throw ValidationError("give a URL to save") }
                article = try await fetched(address, title: chosenTitle, in: library.database)
            }
            let result = try library.database.save(article, titleIsChosen: chosenTitle != nil)
            let saved = try library.database.article(result.id) ?? article
            if output.json { return try printJSON(saved) }
            print(Self.describe(result, id: shortID(saved.id), title: Terminal.clean(saved.title)) + Self.statusNote(saved.content.status))
        }

        /// The article to save for an address: its page fetched, unless `--offline` or the article
        /// is already saved with its text. A page that cannot be reached now is saved as pending; a
        /// page that is gone or too large is not saved at all (or, if already saved, kept as a link).
        func fetched(_ address: CanonicalURL, title chosenTitle: String?, in database: FolioDatabase) async throws -> Article {
            var article = Article(id: address.articleID, url: address.string, givenURL: address.given, title: chosenTitle ?? Self.fallbackTitle(address.string),
                                  content: ArticleContent(status: .pending(reason: offline ? "saved offline" : "not fetched yet")),
                                  savedAt: Date(), tags: tags)
            let existing = try database.existing(article)
            guard !offline, existing?.content.status != .complete else { return article }
            switch await Fetching.fetch(article.url, quiet: output.json) {
            case .fetched(let result):
                article.content = result.content
                if chosenTitle == nil, let pageTitle = result.title, !pageTitle.isEmpty { article.title = pageTitle }
            case .unavailable(let reason):
                article.content.status = .pending(reason: reason)
            case .refused(let reason):
                guard existing != nil else { throw CLIError.failed("nothing was saved: \(reason)") }
                article.content.status = .linkOnly(reason: reason)
            }
            return article
        }

        static func canonical(_ text: String) throws -> CanonicalURL {
            do { return try CanonicalURL(text) } catch let error as CanonicalURL.Invalid { throw CLIError.input(error.description) }
        }

        /// What a save did, in words, with the article's id and title: `Saved ID  TITLE`,
        /// `Restored from the trash ID  TITLE`, `Already saved ID  TITLE  (updated: title, tags)`…
        static func describe(_ result: SaveResult, id: String, title: String) -> String {
            let changes = result.changed.reduce(into: [String]()) { names, field in
                let name = Field.isTag(field) ? "tags" : field == Field.content ? "text" : field
                if field != Field.trashedAt, !names.contains(name) { names.append(name) }
            }
            let updated = changes.isEmpty ? "" : "  (updated: \(changes.joined(separator: ", ")))"
            switch result.outcome {
            case .saved: return "Saved \(id)  \(title)"
            case .savedAgain: return "Saved again \(id)  \(title)  (it had been deleted)"
            case .restored: return "Restored from the trash \(id)  \(title)\(updated)"
            case .alreadySaved: return "Already saved \(id)  \(title)\(changes.isEmpty ? "  (nothing changed)" : updated)"
            }
        }

        static func statusNote(_ status: ContentStatus) -> String {
            switch status {
            case .complete: ""
            case .pending(let reason): "  (pending: \(Terminal.clean(reason)))"
            case .linkOnly(let reason): "  (link only: \(Terminal.clean(reason)))"
            }
        }

        /// Why an article has no text and what to do, after "no text saved for this article": a
        /// fetch is suggested only when there is an address to fetch.
        static func missingTextHint(_ article: Article) -> String {
            let status = statusNote(article.content.status).trimmingCharacters(in: .whitespaces)
            let reason = status.isEmpty ? "" : ": \(status)"
            return article.url.isEmpty ? reason : "\(reason); try `folio fetch \(shortID(article.id))`"
        }

        /// A title for a link saved before its page is fetched (the rule lives in FolioModel, where
        /// the conflict log knows it too).
        static func fallbackTitle(_ url: String) -> String {
            Article.placeholderTitle(for: url)
        }
    }
}

/// Reads a file, or standard input for `-`, with a clear error for what cannot be read.
func readInput(_ path: String, limit: Int = 64 << 20) throws -> Data {
    let data: Data
    if path == "-" {
        data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw CLIError.input("no such file: \(path)") }
        guard !isDirectory.boolValue else { throw CLIError.input("\(path) is a directory, not a file") }
        guard let contents = FileManager.default.contents(atPath: path) else { throw CLIError.input("cannot read \(path) (permission denied?)") }
        data = contents
    }
    guard data.count <= limit else { throw CLIError.input(tooLargeMessage(path == "-" ? "standard input" : path, limit: limit) + "; nothing was changed") }
    return data
}

/// Why input over a size limit is refused, worded alike for a fetched page, a saved file and an import.
func tooLargeMessage(_ what: String, limit: Int) -> String {
    "\(what) is larger than \(limit >> 20) MiB, the most folio takes in at once"
}
