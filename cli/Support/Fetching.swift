import FolioExtract
import FolioModel
import FolioStore
import Foundation

/// Fetching pages for the CLI, with a progress line on a TTY.
enum Fetching {
    /// What fetching a page to save gave.
    enum Outcome {
        /// The page's article (complete, or a link for a PDF and the like).
        case fetched(ExtractionResult)
        /// Not now (offline, a slow or failing site): a new article is saved as pending.
        case unavailable(reason: String)
        /// Never (no such page, over the size limit): a new article is not saved at all.
        case refused(reason: String)
    }

    /// The largest page folio saves, whether fetched or read from a file.
    static let maximumPageBytes = PageFetcher.Configuration().maximumBodyBytes

    /// Fetches and extracts one page.
    static func fetch(_ address: String, quiet: Bool = false) async -> Outcome {
        let showProgress = !quiet && isatty(STDERR_FILENO) == 1
        if showProgress { FileHandle.standardError.write(Data("Fetching \(Terminal.clean(address))…\r".utf8)) }
        defer { if showProgress { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) } }
        let fetcher = PageFetcher()
        do throws(FetchError) {
            guard let url = URL(string: address) else { throw FetchError.invalidURL(address) }
            return .fetched(fetcher.extract(try await fetcher.fetch(url)))
        } catch .tooLarge(let limit) {
            return .refused(reason: tooLargeMessage("the page at \(address)", limit: limit))
        } catch {
            return error.isPermanent ? .refused(reason: error.description) : .unavailable(reason: error.description)
        }
    }

    /// Fetches many articles, four at a time, retrying each unavailable page once. Every
    /// finished article is saved at once, so an interrupted run (Ctrl-C) keeps what it fetched
    /// and the rest stay pending for the next `folio fetch --pending`. A page that is gone or
    /// too large is kept as a link with the reason, and no longer fetched.
    static func fetchAll(_ ids: [UUID], in database: FolioDatabase, concurrency: Int = 4) async throws {
        if ids.isEmpty { return print("Nothing to fetch.") }
        let articles = try ids.compactMap { try database.article($0) }.filter { !$0.url.isEmpty }
        var failures = 0, done = 0
        try await withThrowingTaskGroup(of: (Article, Outcome).self) { group in
            var queue = articles.makeIterator()
            func startNext() {
                guard let article = queue.next() else { return }
                group.addTask {
                    var outcome = await fetch(article.url, quiet: true)
                    if case .unavailable = outcome { outcome = await fetch(article.url, quiet: true) }
                    return (article, outcome)
                }
            }
            for _ in 0..<concurrency { startNext() }
            while let (article, outcome) = try await group.next() {
                done += 1
                let position = "[\(done)/\(articles.count)]"
                startNext()
                let result: ExtractionResult
                switch outcome {
                case .unavailable(let reason):
                    failures += 1
                    printError("\(position) \(shortID(article.id))  still pending: \(Terminal.clean(reason))")
                    continue
                case .refused(let reason): result = ExtractionResult(title: nil, content: ArticleContent(status: .linkOnly(reason: reason)))
                case .fetched(let fetched): result = fetched
                }
                let saved = try await database.refetched(article.id, content: result.content, pageTitle: result.title)
                print("\(position) \(shortID(saved.id))  \(Terminal.clean(saved.title))\(Folio.Add.statusNote(saved.content.status))")
            }
        }
        if failures > 0 { throw CLIError.failed("\(failures) of \(articles.count) could not be fetched; they stay pending (`folio fetch --pending` tries again)") }
    }
}
