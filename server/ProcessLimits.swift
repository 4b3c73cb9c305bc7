import Foundation

/// Process-wide settings `folio-server` makes before it opens anything.
enum ProcessLimits {
    /// Files the server creates are private to its user whatever the caller's umask, and a
    /// file-size limit (`ulimit -f`) makes a write fail (answered 503) instead of killing the server.
    static func makePrivate() {
        umask(0o077)
        signal(SIGXFSZ, SIG_IGN)
    }

    /// Raises the soft open-file limit to the hard one (many systems start at 1,024) and returns
    /// the limit in force.
    static func raiseOpenFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = min(limit.rlim_max, 1 << 20)
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }
}
