import FolioModel

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

    /// A query; `limit` and `maxConflicts` must be at least 1.
    public init(knowledge: VersionVector, cursor: PullCursor?, limit: Int, maxPageBytes: Int, conflictsAfter: Int, maxConflicts: Int) {
        self.knowledge = knowledge
        self.cursor = cursor
        self.limit = limit
        self.maxPageBytes = maxPageBytes
        self.conflictsAfter = conflictsAfter
        self.maxConflicts = maxConflicts
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
