import ArgumentParser
import FolioExtract
import FolioModel
import FolioStore
import Foundation

struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Save an article: fetch a URL, or save a page or text you already have.",
        discussion: """
            The save happens first and never waits on the network: if the page cannot be fetched
            the link is kept as pending, and `folio fetch --pending` tries again later.

            Examples:
              folio add https://example.com/post --tag swift --tag later
              folio add --file page.html --url https://example.com/post
              pbpaste | folio add --file - --title "Notes from the talk"
            """)

    @Argument(help: "The address of the page to save.")
    var url: String?

    @Option(name: .long, help: "Save this file instead of fetching (HTML or plain text; - reads standard input).")
    var file: String?

    @Option(name: .long, help: "Tag the article (repeatable).")
    var tag: [String] = []

    @Option(name: .long, help: "Use this title instead of the page's.")
    var title: String?

    @Flag(name: .long, help: "Do not fetch now; save the link as pending.")
    var offline = false

    @Flag(name: .long, help: "Print the saved article as JSON.")
    var json = false

    @Option(name: .customLong("url"), help: "With --file: the page's original address.")
    var originalURL: String?

    func validate() throws {
        if file == nil && url == nil { throw ValidationError("give a URL to save, or --file PATH") }
        if file != nil && url != nil && originalURL != nil { throw ValidationError("give the address once: either as the argument or with --url") }
        for name in tag where Tag(name) == nil { throw ValidationError("'\(name)' is not a usable tag (empty, too long or has control characters)") }
    }

    func run() async throws {
        let library = try Library.open()
        let address = file == nil ? url : (originalURL ?? url)
        let canonical = try address.map { text in
            do { return try CanonicalURL(text) } catch let error as CanonicalURL.Invalid { throw CLIError.input(error.description) }
        }
        var article: Article
        var isNew = false
        if let file {
            let data = try readInput(file)
            let page = try SavedFile(data: data, name: file, url: canonical.flatMap { URL(string: $0.string) })
            article = Article(id: canonical?.articleID ?? UUID(), url: canonical?.string ?? "", title: title ?? page.title,
                              content: page.content, savedAt: Date(), tags: tag)
        } else {
            guard let canonical else { throw ValidationError("give a URL to save") }
            article = Article(id: canonical.articleID, url: canonical.string, title: title ?? Self.fallbackTitle(canonical.string),
                              content: ArticleContent(status: .pending(reason: "not fetched yet")), savedAt: Date(), tags: tag)
            isNew = try library.database.save(article)
            if !offline {
                let result = await Fetching.fetch(article.url, quiet: json)
                article.content = result.content
                if title == nil, let fetchedTitle = result.title, !fetchedTitle.isEmpty { article.title = fetchedTitle }
            }
        }
        isNew = try library.database.save(article) || isNew
        let saved = try library.database.article(article.id) ?? article
        if json { return try printJSON(saved) }
        let verb = isNew ? "Saved" : "Already saved; updated"
        print("\(verb) \(shortID(saved.id))  \(Terminal.clean(saved.title))\(Self.statusNote(saved.content.status))")
    }

    static func statusNote(_ status: ContentStatus) -> String {
        switch status {
        case .complete: ""
        case .pending(let reason): "  (pending: \(Terminal.clean(reason)))"
        case .linkOnly(let reason): "  (link only: \(Terminal.clean(reason)))"
        }
    }

    /// A title for a link saved before its page is fetched (the rule lives in FolioModel, where
    /// the conflict log knows it too).
    static func fallbackTitle(_ url: String) -> String {
        Article.placeholderTitle(for: url)
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
    guard data.count <= limit else { throw CLIError.input("\(path == "-" ? "standard input" : path) is larger than \(limit >> 20) MB") }
    return data
}
