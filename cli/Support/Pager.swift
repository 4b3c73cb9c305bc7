import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The pager that `read` shows an article through. It is fed one line at a time, as it asks for
/// more, so the lines it has read tell how far the reader got.
///
/// The pager runs in folio's own process group, the terminal's foreground group, so it owns the
/// keyboard. While it runs, folio ignores SIGINT and SIGQUIT (the pager handles them) and keeps
/// the default SIGTSTP, so ^Z stops both and `fg` resumes both; the terminal's settings are
/// restored when the pager exits, however it exits.
struct Pager {
    /// The shell command that runs the pager.
    let command: String
    /// Whether the pager is less, which takes `-R` (show colours) and `+LINE` (open at a line).
    let isLess: Bool
    /// Whether the pager reads its input only as far as it shows it (less and more do; another
    /// pager may read everything at once, so what it read says nothing about the reader).
    let readsOnDemand: Bool

    init(command: String) {
        self.command = command
        let program = command.split(whereSeparator: \.isWhitespace).first?.split(separator: "/").last ?? ""
        isLess = program == "less"
        readsOnDemand = isLess || program == "more"
    }

    /// The `pager` setting, else `$PAGER`, else `less`, else `more` when installed; nil when there is none.
    static func find(environment: [String: String] = ProcessInfo.processInfo.environment, setting: String? = Settings.current.pager) -> Pager? {
        if let command = setting ?? environment["PAGER"], command.contains(where: { !$0.isWhitespace }) { return Pager(command: command) }
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        let installed = ["less", "more"].first { name in
            directories.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
        }
        return installed.map(Pager.init(command:))
    }

    /// Shows `lines` (opening at line `top`, from 0, when the pager can) and returns how many of
    /// them the pager had read when it quit; nil when the pager could not be started.
    func show(_ lines: [String], top: Int) -> Int? {
        var arguments = ["/bin/sh", "-c", command + " \"$@\"", "pager"]
        if isLess { arguments += ["-R"] + (top > 0 ? ["+\(top + 1)"] : []) }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        let feed = ends[1]
        // A pipe of one page is writable only when empty: each line is written once the pager has read the last.
        _ = fcntl(feed, Self.setPipeSize, 4096)

        var terminal = termios()
        let hasTerminal = tcgetattr(STDOUT_FILENO, &terminal) == 0
        let ignored = [SIGINT, SIGQUIT, SIGPIPE].map { ($0, signal($0, SIG_IGN)) }
        defer {
            for (number, handler) in ignored { signal(number, handler) }
            if hasTerminal { tcsetattr(STDOUT_FILENO, TCSADRAIN, &terminal) }
        }
        let spawned = Self.spawn(arguments, input: ends[0], closing: feed)
        close(ends[0])
        guard let pid = spawned else {
            close(feed)
            return nil
        }

        var read = 0
        var written = 0
        while true {
            var poller = pollfd(fd: feed, events: Int16(POLLOUT), revents: 0)
            if poll(&poller, 1, -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            if poller.revents & Int16(POLLERR | POLLHUP) != 0 { break }  // the pager quit
            var unread: Int32 = 0
            if ioctl(feed, UInt(FIONREAD), &unread) == 0, unread > 0 {
                usleep(5_000)  // a pipe that could not be made one page long: wait until it is empty
                continue
            }
            read = written
            guard written < lines.count, Self.write(lines[written] + "\n", to: feed) else { break }
            written += 1
        }
        close(feed)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitCode = status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
        return read == 0 && (exitCode == 126 || exitCode == 127) ? nil : read  // 126, 127: the shell could not run it
    }

    /// `F_SETPIPE_SZ` (Linux; elsewhere the call fails and the feed waits for an empty pipe).
    private static let setPipeSize: Int32 = 1031

    /// Starts `arguments` with `input` as its standard input, in this process group, with the
    /// default handling of the signals this process ignores meanwhile.
    private static func spawn(_ arguments: [String], input: Int32, closing other: Int32) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, input)
        posix_spawn_file_actions_addclose(&actions, other)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGQUIT, SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        return posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ) == 0 ? pid : nil
    }

    /// Writes all of `text`; false when the pager has gone.
    private static func write(_ text: String, to descriptor: Int32) -> Bool {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            bytes = bytes.dropFirst(count)
        }
        return true
    }
}
