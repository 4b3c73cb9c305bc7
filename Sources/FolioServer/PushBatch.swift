import FolioModel
import FolioProtocol

/// A batch of records pushed by a client.
public struct PushBatch: Sendable, Equatable {
    /// The epoch the client expects; a different current epoch refuses the batch.
    public var epoch: String?
    public var records: [RecordState]
    /// The client's knowledge, joined into the space's in the same transaction (last batch only).
    public var knowledge: VersionVector?
    /// The server knowledge the client's change set assumes; a space that knows less refuses the batch.
    public var base: VersionVector?
    /// The pushing device: its token names the replica after the device (``UserSpace/devices``).
    public var sender: Sender?
    public var maxClockSkew: Double
    public var conflictLogSize: Int
    /// The pull whose first page the push's answer carries when the space, once merged, has
    /// something its knowledge lacks (pulling along, SPEC §5.2).
    public var pullAlong: PullQuery?
    /// The hash of the request's device token when the request was admitted on ``TokenCache``:
    /// the push's read of the space, under its lock, confirms it. Nil when the token was checked already.
    public var confirmToken: String?

    /// A device token (by its SHA-256 hash) and the replica id its device says it writes as.
    public struct Sender: Sendable, Equatable {
        public var tokenHash: String
        public var replica: ReplicaID

        public init(tokenHash: String, replica: ReplicaID) {
            self.tokenHash = tokenHash
            self.replica = replica
        }
    }

    /// A batch with the server's limits.
    public init(epoch: String?, records: [RecordState], knowledge: VersionVector?, base: VersionVector? = nil, sender: Sender? = nil,
                maxClockSkew: Double, conflictLogSize: Int, pullAlong: PullQuery? = nil) {
        self.epoch = epoch
        self.records = records
        self.knowledge = knowledge
        self.base = base
        self.sender = sender
        self.maxClockSkew = maxClockSkew
        self.conflictLogSize = conflictLogSize
        self.pullAlong = pullAlong
    }

    /// The batch a `POST /v1/push` body sends, with the server's limits. `tokenHash`, of the
    /// request's device token, names the sender when the body says which replica it is. Pull
    /// options the server refuses (as `POST /v1/pull` would) are a bad request.
    public init(_ request: PushRequest, tokenHash: String?, limits: ServerLimits) throws {
        let sender = tokenHash.flatMap { hash in request.replica.map { Sender(tokenHash: hash, replica: $0) } }
        let along = try request.knowledge.flatMap { knowledge in
            try request.pull.map { try PullQuery(PullRequest(knowledge: knowledge, limit: $0.limit, conflictsAfter: $0.conflictsAfter), limits: limits) }
        }
        self.init(epoch: request.epoch, records: request.records, knowledge: request.knowledge, base: request.base, sender: sender,
                  maxClockSkew: limits.maxClockSkew, conflictLogSize: limits.conflictLogSize, pullAlong: along)
    }
}

/// What a committed push did.
public struct PushOutcome: Sendable, Equatable {
    public var space: UserSpace
    /// Records that changed.
    public var changed: Int
    /// Values that lost to concurrent writes while merging (also in the conflict log).
    public var conflicts: [Conflict]
    /// The first page of the batch's ``PushBatch/pullAlong``, when the space had something its knowledge lacks.
    public var page: PullPage?
}
