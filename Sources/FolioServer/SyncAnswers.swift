import FolioProtocol
import Foundation

// The protocol's answers (SPEC §5) made from what the store returns, the same for every transport.

extension ServerInfo {
    /// The answer to `GET /v1/info` for a user's space.
    public init(_ space: UserSpace, serverTime: Date) {
        self.init(epoch: space.epoch, replica: space.replica, knowledge: space.knowledge, holds: space.holds,
                  replicas: space.replicaNames, serverTime: serverTime)
    }
}

extension PullResponse {
    /// The answer to `POST /v1/pull` carrying one page.
    public init(_ page: PullPage, serverTime: Date) {
        self.init(epoch: page.space.epoch, knowledge: page.space.knowledge, records: page.records, cursor: page.next?.description,
                  conflicts: page.conflicts, conflictSeq: page.conflictSeq, replicas: page.space.replicaNames, serverTime: serverTime)
    }
}

extension PushResponse {
    /// The answer to `POST /v1/push` once the batch is committed.
    public init(_ outcome: PushOutcome, serverTime: Date) {
        self.init(epoch: outcome.space.epoch, changed: outcome.changed, conflicts: outcome.conflicts,
                  knowledge: outcome.space.knowledge, holds: outcome.space.holds, replicas: outcome.space.replicaNames, serverTime: serverTime)
    }
}

extension UserSpace {
    /// ``devices`` as answers carry them: absent when no device has pushed yet.
    var replicaNames: ReplicaNames? { devices.isEmpty ? nil : ReplicaNames(devices) }
}
