import FolioExtract
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the output terminal can do: colour only on a TTY (or with `colour = "always"` in the
/// settings) and never with `NO_COLOR` or `colour = "never"`.
struct Terminal {
    let isTTY: Bool
    let useColor: Bool
    let width: Int

    static let standard = Terminal(colour: Settings.current.colour)

    init(environment: [String: String] = ProcessInfo.processInfo.environment, colour: Settings.Colour = .auto) {
        isTTY = isatty(STDOUT_FILENO) == 1
        let wanted = switch colour {
        case .auto: isTTY && environment["TERM"] != "dumb"
        case .always: true
        case .never: false
        }
        // no-color.org: a NO_COLOR that is present and not empty turns colour off.
        useColor = wanted && (environment["NO_COLOR"] ?? "").isEmpty
        var size = winsize()
        if isTTY, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            width = Int(size.ws_col)
        } else {
            width = Int(environment["COLUMNS"] ?? "") ?? 100
        }
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", cyan = "36"
    }

    /// Wraps text in an SGR style when colour is on.
    func style(_ text: String, _ style: Style) -> String {
        useColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Article data is untrusted: control characters and escape sequences never reach the terminal.
    static func clean(_ text: String) -> String {
        TerminalRenderer.neutralize(text)
    }

    /// Like ``clean(_:)`` but keeps line breaks (tabs become spaces).
    static func cleanLines(_ text: String) -> String {
        text.replacingOccurrences(of: "\t", with: "    ").split(separator: "\n", omittingEmptySubsequences: false)
            .map { TerminalRenderer.neutralize(String($0)) }.joined(separator: "\n")
    }
}

/// Writes to standard error, without control characters or escape sequences (messages often
/// quote a server, an import file or article data).
/// Prints one line to standard output at once, unbuffered (for output read while it is written).
func printLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((Terminal.cleanLines(message) + "\n").utf8))
}
