import FolioModel

/// One user's replica space on the server: its identity and what it knows.
public struct UserSpace: Sendable, Equatable {
    /// A random id per space; a wiped or recreated space gets a new one and clients push everything again.
    public var epoch: String
    /// The space's replica id. The server never writes on its own, so no dot may carry it.
    public var replica: ReplicaID
    public var knowledge: VersionVector
    /// The newest write of each replica the space holds a register of. It can exceed
    /// `knowledge` (the first batches of an interrupted push); clients pull unless they cover both.
    public var holds: VersionVector
    /// The device name of each replica that pushed with one of the user's tokens: the name the
    /// token was given at login (the newest token's, when a device logged in again).
    public var devices: [ReplicaID: String]
    /// The sequence number of the newest conflict log entry (0 for none): a pull that has seen
    /// it needs no look at the log.
    public var lastConflictSeq: Int

    public init(epoch: String, replica: ReplicaID, knowledge: VersionVector, holds: VersionVector, devices: [ReplicaID: String], lastConflictSeq: Int = 0) {
        self.epoch = epoch
        self.replica = replica
        self.knowledge = knowledge
        self.holds = holds
        self.devices = devices
        self.lastConflictSeq = lastConflictSeq
    }

    /// True when the space holds something `knowledge` does not cover: a pull would bring it.
    public func hasNews(for knowledge: VersionVector) -> Bool {
        !(knowledge.dominates(self.knowledge) && knowledge.dominates(holds))
    }

    /// The most dots a pull for `knowledge` can visit: each replica's writes the space holds
    /// beyond it. Saturates at `UInt64.max`: three replicas at the largest counter overflow a sum.
    func uncoveredDots(for knowledge: VersionVector) -> UInt64 {
        holds.entries.reduce(0) { sum, entry in
            let (total, overflowed) = sum.addingReportingOverflow(entry.value > knowledge[entry.key] ? entry.value - knowledge[entry.key] : 0)
            return overflowed ? .max : total
        }
    }
}
