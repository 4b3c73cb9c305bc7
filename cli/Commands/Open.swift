import ArgumentParser
import FolioStore
import Foundation

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open an article's original page in the browser ($BROWSER or xdg-open).")

    @Argument(help: "The article id (a unique prefix).")
    var id: String

    func run() throws {
        let library = try Library.open()
        let articleID = try library.database.resolve(id)
        guard let article = try library.database.article(articleID), !article.url.isEmpty else {
            throw CLIError.input("this article has no address to open")
        }
        let browser = ProcessInfo.processInfo.environment["BROWSER"].flatMap { $0.isEmpty ? nil : $0 } ?? "xdg-open"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [browser, article.url]
        do {
            try process.run()
        } catch {
            throw CLIError.failed("cannot start '\(browser)' (set $BROWSER to your browser): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CLIError.failed("'\(browser)' failed with status \(process.terminationStatus)") }
    }
}
