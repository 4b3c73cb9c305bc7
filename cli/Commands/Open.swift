import ArgumentParser
import FolioModel
import FolioStore
import Foundation

extension Folio {
    struct Open: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(abstract: "Open an article's original page in the browser ($BROWSER or xdg-open).",
            discussion: "Opens the address as it was given when saved (a fragment after # kept), not its canonical form.")

        @OptionGroup var target: ArticleArgument

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let library = try location.open()
            let articleID = try target.resolve(in: library)
            guard let article = try library.database.article(articleID), !article.addressToOpen.isEmpty else {
                throw CLIError.input("this article has no address to open")
            }
            let browser = ProcessInfo.processInfo.environment["BROWSER"].flatMap { $0.isEmpty ? nil : $0 } ?? "xdg-open"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = try Self.arguments(browser: browser, address: article.addressToOpen)
            do {
                try process.run()
            } catch {
                throw CLIError.failed("cannot start '\(browser)' (set $BROWSER to your browser): \(error.localizedDescription)")
            }
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CLIError.failed("'\(browser)' failed with status \(process.terminationStatus)") }
        }

        /// The arguments for `/usr/bin/env` that open `address` in `browser`. Only an address the
        /// address policy allows is passed: it starts with `http://` or `https://`, so the browser can
        /// never read it as an option, and a `javascript:` or `file:` address never reaches it. The
        /// `--` ends env's own options, so a `$BROWSER` starting with `-` is run, not parsed.
        static func arguments(browser: String, address: String) throws -> [String] {
            guard WebAddress.isAllowed(address) else {
                throw CLIError.input("this article's address is not an http or https address, so it is not opened: \(address.terminalSafe)")
            }
            return ["--", browser, address]
        }
    }
}
