import FolioModel
import Foundation

/// Where a paged pull resumes: just after one (dot, record) entry of the dot index.
///
/// On the wire it is opaque: `v1.<replica hex>.<counter>.<record id>.<seq>`, where `seq` is the
/// space's change sequence when the pull started (records changed after it may be sent twice,
/// records unchanged since are sent once).
public struct PullCursor: Sendable, Hashable, CustomStringConvertible {
    public var dot: Dot
    public var record: UUID
    /// The space's change sequence number when the first page was read.
    public var startSeq: Int64

    /// A cursor after `record` at `dot`.
    public init(dot: Dot, record: UUID, startSeq: Int64) {
        self.dot = dot
        self.record = record
        self.startSeq = startSeq
    }

    /// Parses the wire form; nil when it is not one this server wrote.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "v1",
              parts[2].utf8.allSatisfy(\.isDecimalDigit), parts[4].utf8.allSatisfy(\.isDecimalDigit),
              let replica = ReplicaID(hex: String(parts[1])),
              let counter = UInt64(parts[2]), counter <= UInt64(Int64.max),
              let record = UUID(uuidString: String(parts[3])),
              let seq = Int64(parts[4]), seq >= 0
        else { return nil }
        self.init(dot: Dot(replica: replica, counter: counter), record: record, startSeq: seq)
    }

    public var description: String {
        "v1.\(dot.replica.hex).\(dot.counter).\(record.uuidString.lowercased()).\(startSeq)"
    }
}
