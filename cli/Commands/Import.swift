import ArgumentParser
import FolioInterchange
import FolioModel
import FolioStore
import Foundation

extension Folio {
    struct Import: AsyncParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import articles from Pocket, Instapaper, Wallabag, Omnivore, Pinboard, Delicious, Readability, browser bookmarks or a Folio export.",
            discussion: """
                The format is detected from the file's content; --format only insists on
                one. Omnivore's export zip is read as it is. Importing the same file again
                changes nothing; articles already in the library are merged, not duplicated.
                Rows that cannot be read are reported with their line or item number and
                skipped. Bookmark items with no web address (Shaarli notes) become text
                articles.

                Examples:
                  folio import pocket.csv
                  folio import bookmarks.html --format netscape --dry-run
                  folio import instapaper.csv --fetch
                """)

        @Argument(help: "The export file (- reads standard input).")
        var file: String

        @Option(name: .long, help: "auto, \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format = "auto"

        @Flag(name: .long, help: "Afterwards, fetch the text of imported articles that came without it.")
        var fetch = false

        @Flag(name: .long, help: "Show what would be imported without changing anything.")
        var dryRun = false

        @OptionGroup var output: JSONOutput

        @OptionGroup var location: LibraryOptions

        func validate() throws {
            if format != "auto" && ImportFormat(rawValue: format) == nil {
                throw ValidationError("unknown format '\(format)'; use auto or one of \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        struct Summary: Encodable {
            var format: String
            var items: Int
            var imported: Int
            var merged: Int
            var unchanged: Int
            var skipped: Int
            var problems: [String]
            var dryRun: Bool
        }

        func run() async throws {
            let library = try location.open()
            let data = try readInput(file, limit: 1 << 30)
            let detected: ImportFormat
            do {
                detected = try ImportFormat(rawValue: format) ?? Importer.detectFormat(data, fileName: file == "-" ? nil : file)
            } catch {
                throw CLIError.input("\(file): \(error)")
            }
            let batch: ImportBatch
            do { batch = try Importer.parse(data, format: detected) } catch { throw CLIError.input("\(file): \(error)") }
            for problem in batch.problems.prefix(20) { printError("skipped \(problem)") }
            if batch.problems.count > 20 { printError("… and \(batch.problems.count - 20) more skipped rows") }

            let counts: ImportCounts
            if dryRun {
                counts = try library.database.importPreview(batch.items.map(\.id))
            } else {
                counts = try write(batch.items, to: library.database)
                // As after a large pull: merge the many small index segments the import left.
                if counts.imported + counts.merged >= 1_000 { try library.database.compactSearchIndex() }
            }
            let summary = Summary(format: detected.rawValue, items: batch.items.count, imported: counts.imported, merged: counts.merged,
                                  unchanged: counts.unchanged, skipped: batch.problems.count, problems: batch.problems.map(\.description), dryRun: dryRun)
            if output.json { try printJSON(summary) } else {
                let prefix = dryRun ? "Would import" : "Imported"
                print("\(prefix) \(summary.imported) new, \(summary.merged) merged into existing articles, \(summary.unchanged) unchanged, \(summary.skipped) skipped (\(detected.displayName)).")
            }
            if fetch && !dryRun {
                let pending = try batch.items.map(\.id).filter { id in
                    guard let article = try library.database.article(id), !article.isDeleted else { return false }
                    if case .pending = article.content.status { return true }
                    return false
                }
                try await Fetching.fetchAll(pending, in: library.database)
            }
        }

        /// Writes the items in transactions of 1,000, with a progress line on a TTY; what each
        /// item writes is the library's rule (``FolioDatabase/importArticles(_:now:)``).
        func write(_ items: [ImportedItem], to database: FolioDatabase) throws -> ImportCounts {
            let progress = ProgressLine(total: items.count, label: "Importing")
            let now = Date()
            var counts = ImportCounts(), done = 0
            for chunk in stride(from: 0, to: items.count, by: 1_000).map({ items[$0..<min($0 + 1_000, items.count)] }) {
                let entries = chunk.map { item in
                    ImportedArticle(article: item.article(savedAtFallback: now),
                                    highlights: item.highlightRecords(createdAtFallback: item.savedAt ?? Date(timeIntervalSince1970: 0)))
                }
                counts = try counts + database.importArticles(entries, now: now)
                done += chunk.count
                progress.update(done)
            }
            progress.finish()
            return counts
        }
    }
}
