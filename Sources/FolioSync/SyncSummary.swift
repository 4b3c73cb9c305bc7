import FolioStore

/// What one sync did: the one-line summary `folio sync` prints.
public struct SyncSummary: Sendable, Equatable, Codable {
    /// Records sent to the server.
    public var sent: Int
    /// Records that changed here.
    public var received: Int
    /// Values that lost to concurrent edits, found here or reported by the server.
    public var conflicts: Int
    /// True when the server had a new epoch (wiped or restored) and got everything again.
    public var serverWasReset: Bool
    /// Set when this device's clock had run fast and was corrected: its writes stamped in the
    /// future were stamped again before sending (``FolioDatabase/repairClock(now:)``).
    public var clockRepair: ClockRepair?

    public init(sent: Int = 0, received: Int = 0, conflicts: Int = 0, serverWasReset: Bool = false, clockRepair: ClockRepair? = nil) {
        self.sent = sent
        self.received = received
        self.conflicts = conflicts
        self.serverWasReset = serverWasReset
        self.clockRepair = clockRepair
    }
}
