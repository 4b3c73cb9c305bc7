import FolioExtract
import FolioModel
import FolioStore
import Foundation

/// Fetching pages for the CLI, with a progress line on a TTY.
enum Fetching {
    /// Fetches and extracts one page; never throws: failures come back as pending content.
    static func fetch(_ address: String, quiet: Bool = false) async -> ExtractionResult {
        let showProgress = !quiet && isatty(STDERR_FILENO) == 1
        if showProgress { FileHandle.standardError.write(Data("Fetching \(Terminal.clean(address))…\r".utf8)) }
        defer { if showProgress { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) } }
        guard let url = URL(string: address) else {
            return ExtractionResult(title: nil, content: .init(status: .pending(reason: "unusable address")))
        }
        return await PageFetcher().save(url: url)
    }

    /// Fetches many articles, four at a time, retrying each failed fetch once. Every finished
    /// article is saved at once, so an interrupted run (Ctrl-C) keeps what it fetched and the
    /// rest stay pending for the next `folio fetch --pending`.
    static func fetchAll(_ ids: [UUID], in database: FolioDatabase, concurrency: Int = 4) async throws {
        if ids.isEmpty { return print("Nothing to fetch.") }
        let articles = try ids.compactMap { try database.article($0) }.filter { !$0.url.isEmpty }
        var failures = 0, done = 0
        try await withThrowingTaskGroup(of: (Article, ExtractionResult).self) { group in
            var queue = articles.makeIterator()
            func startNext() {
                guard let article = queue.next() else { return }
                group.addTask {
                    var result = await fetch(article.url, quiet: true)
                    if case .pending = result.content.status { result = await fetch(article.url, quiet: true) }
                    return (article, result)
                }
            }
            for _ in 0..<concurrency { startNext() }
            while let (original, result) = try await group.next() {
                done += 1
                var article = original
                let position = "[\(done)/\(articles.count)]"
                if case .pending(let reason) = result.content.status {
                    failures += 1
                    printError("\(position) \(shortID(article.id))  still pending: \(Terminal.clean(reason))")
                } else {
                    try Refetch.replaceContent(of: &article, with: result, in: database)
                    print("\(position) \(shortID(article.id))  \(Terminal.clean(article.title))\(Add.statusNote(article.content.status))")
                }
                startNext()
            }
        }
        if failures > 0 { throw CLIError.failed("\(failures) of \(articles.count) could not be fetched; they stay pending (`folio fetch --pending` tries again)") }
    }
}
