import FolioModel
import Foundation

/// `GET /v1/info`: who the server is for this user and what it knows.
public struct ServerInfo: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var supportedVersions: [Int]
    /// Changes when the user's server space is wiped or restored: clients then push everything.
    public var epoch: String
    public var replica: ReplicaID
    public var knowledge: VersionVector
    /// The newest write of each replica the server holds, when it may exceed `knowledge`
    /// (SPEC §5 step 3): a client pulls unless its knowledge covers both.
    public var holds: VersionVector?
    /// The device name of each of the user's replicas that pushed (SPEC §5.3); absent when none did.
    public var replicas: ReplicaNames?
    public var serverTime: Date

    public init(protocolVersion: Int = ProtocolVersion.current, supportedVersions: [Int] = Array(ProtocolVersion.supported), epoch: String, replica: ReplicaID, knowledge: VersionVector, holds: VersionVector? = nil, replicas: ReplicaNames? = nil, serverTime: Date) {
        self.protocolVersion = protocolVersion
        self.supportedVersions = supportedVersions
        self.epoch = epoch
        self.replica = replica
        self.knowledge = knowledge
        self.holds = holds
        self.replicas = replicas
        self.serverTime = serverTime
    }
}

/// `POST /v1/login`: exchange a user name and password for a device token.
public struct LoginRequest: Codable, Sendable, Equatable {
    public var user: String
    public var password: String
    /// A name for the device, shown by `folio-server token list`.
    public var device: String

    public init(user: String, password: String, device: String) {
        self.user = user
        self.password = password
        self.device = device
    }
}

/// The answer to a successful login.
public struct LoginResponse: Codable, Sendable, Equatable {
    /// The device token, sent afterwards as `Authorization: Bearer <token>`. Shown once.
    public var token: String
    public var epoch: String

    public init(token: String, epoch: String) {
        self.token = token
        self.epoch = epoch
    }
}

/// `POST /v1/pull`: what the server has that `knowledge` does not cover, one page at a time.
public struct PullRequest: Codable, Sendable, Equatable {
    public var knowledge: VersionVector
    /// The `cursor` of the previous page; absent for the first page.
    public var cursor: String?
    /// Records per page; the server caps it (SPEC §Limits).
    public var limit: Int?
    /// Server conflict log entries after this sequence number are returned with the page.
    public var conflictsAfter: Int?

    public init(knowledge: VersionVector, cursor: String? = nil, limit: Int? = nil, conflictsAfter: Int? = nil) {
        self.knowledge = knowledge
        self.cursor = cursor
        self.limit = limit
        self.conflictsAfter = conflictsAfter
    }
}

/// One page of a pull.
public struct PullResponse: Codable, Sendable, Equatable {
    public var epoch: String
    /// The server's knowledge when this page was computed. The client joins the knowledge of the
    /// first page of a pull into its own after applying the last page.
    public var knowledge: VersionVector
    public var records: [RecordState]
    /// Present when more pages follow.
    public var cursor: String?
    /// Conflicts the server resolved, after `conflictsAfter`.
    public var conflicts: [Conflict]
    /// The sequence number of the newest conflict returned (or the request's `conflictsAfter`).
    public var conflictSeq: Int
    /// As in ``ServerInfo/replicas``: who wrote what the records and conflicts name.
    public var replicas: ReplicaNames?
    public var serverTime: Date

    public init(epoch: String, knowledge: VersionVector, records: [RecordState], cursor: String?, conflicts: [Conflict], conflictSeq: Int, replicas: ReplicaNames? = nil, serverTime: Date) {
        self.epoch = epoch
        self.knowledge = knowledge
        self.records = records
        self.cursor = cursor
        self.conflicts = conflicts
        self.conflictSeq = conflictSeq
        self.replicas = replicas
        self.serverTime = serverTime
    }
}

/// `POST /v1/push`: records the server lacks, merged in one transaction per request.
public struct PushRequest: Codable, Sendable, Equatable {
    /// The epoch the client believes the server is in; a mismatch is refused with `epoch_changed`.
    public var epoch: String?
    public var records: [RecordState]
    /// Sent with the last batch of a push only: the client's knowledge, which the server joins
    /// into its own once the batch is committed.
    public var knowledge: VersionVector?
    /// The server knowledge the client computed its change set against. A server that knows
    /// less (it was restored from a backup) refuses the batch with `server_behind`.
    public var base: VersionVector?
    /// The sending device's replica id: the server names the replica after the device the
    /// request's token was given to (SPEC §5.3).
    public var replica: ReplicaID?
    /// With `knowledge`: the answer also carries the first page of a pull with that knowledge,
    /// when the server has something it lacks (SPEC §5.2).
    public var pull: PullOptions?

    public init(epoch: String?, records: [RecordState], knowledge: VersionVector? = nil, base: VersionVector? = nil, replica: ReplicaID? = nil,
                pull: PullOptions? = nil) {
        self.epoch = epoch
        self.records = records
        self.knowledge = knowledge
        self.base = base
        self.replica = replica
        self.pull = pull
    }
}

/// The page a push asks to have pulled along (``PushRequest/pull``): a pull request's options
/// besides the knowledge, which is the push's.
public struct PullOptions: Codable, Sendable, Equatable {
    /// As in ``PullRequest/limit``.
    public var limit: Int?
    /// As in ``PullRequest/conflictsAfter``.
    public var conflictsAfter: Int?

    public init(limit: Int? = nil, conflictsAfter: Int? = nil) {
        self.limit = limit
        self.conflictsAfter = conflictsAfter
    }
}

/// The answer to a push, sent only after the batch is committed.
public struct PushResponse: Codable, Sendable, Equatable {
    public var epoch: String
    /// Records that changed on the server.
    public var changed: Int
    /// Values that lost to concurrent writes while merging this batch.
    public var conflicts: [Conflict]
    public var knowledge: VersionVector
    /// As in ``ServerInfo/holds``.
    public var holds: VersionVector?
    /// As in ``ServerInfo/replicas``, including the pushing device.
    public var replicas: ReplicaNames?
    /// The first page of the pull the request asked for (``PushRequest/pull``); absent when the
    /// request's knowledge lacks nothing the server has, or the server does not pull along.
    public var pull: PullResponse?
    public var serverTime: Date

    public init(epoch: String, changed: Int, conflicts: [Conflict], knowledge: VersionVector, holds: VersionVector? = nil, replicas: ReplicaNames? = nil,
                pull: PullResponse? = nil, serverTime: Date) {
        self.epoch = epoch
        self.changed = changed
        self.conflicts = conflicts
        self.knowledge = knowledge
        self.holds = holds
        self.replicas = replicas
        self.pull = pull
        self.serverTime = serverTime
    }
}

/// `POST /v1/wait`: answer as soon as the server has something `knowledge` lacks (SPEC §5.4).
public struct WaitRequest: Codable, Sendable, Equatable {
    /// The device's knowledge: what it has, from every replica.
    public var knowledge: VersionVector
    /// The longest the server should hold the request, in seconds (the server may hold it less).
    public var timeout: Int?

    public init(knowledge: VersionVector, timeout: Int? = nil) {
        self.knowledge = knowledge
        self.timeout = timeout
    }
}

/// The answer to `POST /v1/wait`: whether the server now has something the request's
/// knowledge lacks (then the device syncs), with the server's knowledge and `holds`.
public struct WaitResponse: Codable, Sendable, Equatable {
    public var changed: Bool
    public var epoch: String
    public var knowledge: VersionVector
    public var holds: VersionVector?
    public var serverTime: Date

    public init(changed: Bool, epoch: String, knowledge: VersionVector, holds: VersionVector? = nil, serverTime: Date) {
        self.changed = changed
        self.epoch = epoch
        self.knowledge = knowledge
        self.holds = holds
        self.serverTime = serverTime
    }
}
