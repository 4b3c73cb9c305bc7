import FolioModel
import Foundation

/// A conflict as a store's log keeps it: both registers as JSON text, read back with the fast reader.
public struct ConflictLogEntry {
    public var kept: String
    public var lost: String

    public init(_ conflict: Conflict) throws {
        kept = String(decoding: try JSONCoding.encoder.encode(conflict.kept), as: UTF8.self)
        lost = String(decoding: try JSONCoding.encoder.encode(conflict.lost), as: UTF8.self)
    }

    /// The conflict of the stored entry numbered `seq`.
    public static func conflict(seq: Int, recordID: String, field: String, kept: String, lost: String) throws -> Conflict {
        return Conflict(
            recordID: try StoredValue.recordID(recordID), field: field,
            kept: try JSONCoding.decode(Register.self, from: Array(kept.utf8)),
            lost: try JSONCoding.decode(Register.self, from: Array(lost.utf8)))
    }
}
