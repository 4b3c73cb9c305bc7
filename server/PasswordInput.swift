import Foundation
import FolioServer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a new password: one line from standard input, or typed twice at a prompt without echo.
enum PasswordInput {
    /// The new password, checked against ``AccountRules``.
    static func read(fromStandardInput: Bool) throws -> String {
        let password: String
        if fromStandardInput {
            guard let line = readLine(strippingNewline: true) else { throw CommandError("no password on standard input") }
            password = line
        } else {
            guard isatty(STDIN_FILENO) == 1 else {
                throw CommandError("standard input is not a terminal, so there is no prompt: pass --password-stdin and pipe the password in")
            }
            let first = try prompt("New password: ")
            try AccountRules.checkPassword(first)
            guard try prompt("Repeat it: ") == first else { throw CommandError("the passwords differ; nothing was changed") }
            password = first
        }
        try AccountRules.checkPassword(password)
        return password
    }

    /// Reads one line from the terminal with echo turned off.
    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { throw CommandError("cannot read the terminal settings") }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw CommandError("no password entered") }
        return line
    }
}
