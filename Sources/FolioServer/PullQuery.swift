import FolioModel
import FolioProtocol

/// What a pull asks for: changes not covered by `knowledge`, from `cursor`, at most `limit` records.
public struct PullQuery: Sendable, Equatable {
    /// The client's knowledge; it must not shrink between the pages of one pull.
    public var knowledge: VersionVector
    public var cursor: PullCursor?
    public var limit: Int
    public var maxPageBytes: Int
    /// Conflict log entries with a larger sequence number are returned.
    public var conflictsAfter: Int
    public var maxConflicts: Int
    /// The hash of the request's device token when the request was admitted on ``TokenCache``:
    /// the pull's read of the space confirms it. Nil when the token was checked already.
    public var confirmToken: String?

    /// A query; `limit` and `maxConflicts` must be at least 1.
    public init(knowledge: VersionVector, cursor: PullCursor?, limit: Int, maxPageBytes: Int, conflictsAfter: Int, maxConflicts: Int) {
        self.knowledge = knowledge
        self.cursor = cursor
        self.limit = limit
        self.maxPageBytes = maxPageBytes
        self.conflictsAfter = conflictsAfter
        self.maxConflicts = maxConflicts
    }

    /// The query a `POST /v1/pull` body asks for, within the server's limits. A malformed cursor,
    /// a limit below 1 or a negative `conflictsAfter` is a bad request.
    public init(_ request: PullRequest, limits: ServerLimits) throws {
        var cursor: PullCursor?
        if let text = request.cursor {
            guard let parsed = PullCursor(text) else {
                throw ServerError.badRequest("the pull cursor \"\(text.prefix(100))\" is malformed; start the pull again without a cursor")
            }
            cursor = parsed
        }
        if let limit = request.limit, limit < 1 { throw ServerError.badRequest("limit must be at least 1") }
        if let after = request.conflictsAfter, after < 0 { throw ServerError.badRequest("conflictsAfter must not be negative") }
        self.init(
            knowledge: request.knowledge, cursor: cursor,
            limit: min(request.limit ?? limits.defaultPageSize, limits.maxPageSize), maxPageBytes: limits.maxPageBytes,
            conflictsAfter: request.conflictsAfter ?? 0, maxConflicts: limits.maxConflictsPerPage)
    }
}

/// One page of a pull, read in one snapshot of the user's space.
public struct PullPage: Sendable, Equatable {
    public var space: UserSpace
    /// Each record's registers the query's knowledge lacks, with the full record vector.
    public var records: [RecordState]
    /// Where the next page starts; nil when this page is the last.
    public var next: PullCursor?
    /// Conflict log entries after the query's `conflictsAfter`, oldest first.
    public var conflicts: [Conflict]
    /// The sequence number of the last conflict returned, or the query's `conflictsAfter`.
    public var conflictSeq: Int
}
