import ArgumentParser
import FolioExtract
import FolioStore
import Foundation

struct Read: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read an article in the terminal (through $PAGER on a TTY).")

    @Argument(help: "The article id (a unique prefix).")
    var id: String

    @Option(name: .long, help: "Wrap at this many columns (default: the terminal's width, at most 100).")
    var width: Int?

    @Flag(name: .long, help: "Print without a pager.")
    var noPager = false

    func validate() throws {
        if let width, width < 20 { throw ValidationError("--width must be at least 20") }
    }

    func run() throws {
        let library = try Library.open()
        let articleID = try library.database.resolve(id)
        guard let article = try library.database.article(articleID) else { throw StoreError.notFound(id) }
        let terminal = Terminal.standard
        let columns = width ?? min(terminal.width, 100)
        let renderer = TerminalRenderer(width: columns, styled: terminal.useColor)
        var output = terminal.style(Terminal.clean(article.title), .bold) + "\n"
        let meta = [article.content.byline, article.site, article.content.wordCount > 0 ? "\(article.content.readingMinutes) min" : nil]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
        if !meta.isEmpty { output += terminal.style(Terminal.clean(meta), .dim) + "\n" }
        output += "\n"
        if !article.content.html.isEmpty {
            output += renderer.render(html: article.content.html)
        } else if !article.content.text.isEmpty {
            output += Terminal.cleanLines(article.content.text)
        } else {
            output += "(no text saved for this article\(Add.missingTextHint(article)))"
        }
        if terminal.isTTY && !noPager {
            Pager.show(output)
        } else {
            print(output)
        }
    }
}

/// Shows long output through `$PAGER` (default `less -R`), falling back to plain printing.
enum Pager {
    static func show(_ text: String) {
        let pager = ProcessInfo.processInfo.environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -R"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", pager]
        let pipe = Pipe()
        process.standardInput = pipe
        do {
            try process.run()
            pipe.fileHandleForWriting.write(Data((text + "\n").utf8))
            try? pipe.fileHandleForWriting.close()
            process.waitUntilExit()
        } catch {
            print(text)
        }
    }
}
