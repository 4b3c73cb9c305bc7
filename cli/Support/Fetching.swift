import FolioExtract
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
}
