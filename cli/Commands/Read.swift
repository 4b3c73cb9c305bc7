import ArgumentParser
import FolioExtract
import FolioModel
import FolioStore
import Foundation

extension Folio {
    struct Read: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read an article in the terminal, through a pager, from where you stopped.",
            discussion: """
                On a terminal the article goes through the `pager` of config.toml, else $PAGER, else \
                `less -R`, else `more` (printed \
                when neither is installed). Highlights are shown in reverse video, or `[[like this]]` \
                with NO_COLOR or when the output is not a terminal.

                Progress: folio hands the text to the pager a line at a time, as the pager asks for \
                it, so it knows the furthest line shown. With less or more as the pager, that line \
                becomes the article's progress when you quit (a last screen shown marks it read), and \
                less opens at the saved progress. `read` never lowers progress (`folio progress` \
                does). Other pagers may read the whole text at once, so with them, with --no-pager and \
                when the output is not a terminal, progress is left as it was.
                """)

        @OptionGroup var target: ArticleArgument

        @Option(name: .long, help: "Wrap at this many columns (default: `width` in config.toml, else the terminal's width, at most 100).")
        var width: Int?

        @Flag(name: .long, help: "Print without a pager.")
        var noPager = false

        @OptionGroup var location: LibraryOptions

        func validate() throws {
            if let width, width < 20 { throw ValidationError("--width must be at least 20") }
        }

        func run() throws {
            let library = try location.open()
            let articleID = try target.resolve(in: library)
            guard let article = try library.database.article(articleID) else { throw StoreError.notFound(target.id) }
            let terminal = Terminal.standard
            let marks = try library.database.highlights(of: articleID).map { MarkedPassage($0, in: article.content.text) }
            let renderer = TerminalRenderer(width: width ?? Settings.current.width ?? min(terminal.width, 100), styled: terminal.useColor, marks: marks)
            let lines = Self.lines(of: article, renderer: renderer, terminal: terminal)
            guard terminal.isTTY, !noPager, let pager = Pager.find() else { return print(lines.joined(separator: "\n")) }
            // Open at the last line read, so the reader sees where they were.
            let top = article.progress < 1 ? max(0, Int(article.progress * Double(lines.count)) - 1) : 0
            guard let read = pager.show(lines, top: top) else { return print(lines.joined(separator: "\n")) }
            let reached = read == lines.count ? 1 : (Double(read) / Double(lines.count) * 100).rounded(.down) / 100
            if pager.readsOnDemand && reached > article.progress {
                try library.database.setProgress(reached, on: articleID)
            }
        }

        /// The article as the lines `read` shows: title, byline, site and reading time, then the text.
        static func lines(of article: Article, renderer: TerminalRenderer, terminal: Terminal) -> [String] {
            var lines = [terminal.style(Terminal.clean(article.title), .bold)]
            let meta = [article.content.byline, article.site, article.content.wordCount > 0 ? "\(article.content.readingMinutes) min" : nil]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
            if !meta.isEmpty { lines.append(terminal.style(Terminal.clean(meta), .dim)) }
            lines.append("")
            let body: String
            if !article.content.html.isEmpty {
                body = renderer.render(html: article.content.html)
            } else if !article.content.text.isEmpty {
                body = renderer.render(text: article.content.text)
            } else if case .complete = article.content.status {
                body = "(this article has no text)"
            } else {
                body = "(no text saved for this article\(Add.missingTextHint(article)))"
            }
            return lines + body.replacing(/\n+$/, with: "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
