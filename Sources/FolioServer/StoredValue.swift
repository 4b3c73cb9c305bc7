import FolioModel
import Foundation

/// How ids and times are kept in columns, the same in every store: record ids as lowercase text (which
/// sorts as the dot index needs), replica ids as the signed 64-bit integer of their bits.
public enum StoredValue {
    public static func key(_ id: UUID) -> String { id.uuidString.lowercased() }

    public static func replica(_ replica: ReplicaID) -> Int64 { Int64(bitPattern: replica.rawValue) }

    public static func replicaID(_ value: Int64) -> ReplicaID { ReplicaID(rawValue: UInt64(bitPattern: value)) }

    /// The record id of a stored key.
    public static func recordID(_ key: String) throws -> UUID {
        guard let id = UUID(uuidString: key) else { throw StoreCorruption("a row names the bad record id \"\(key)\"") }
        return id
    }

    /// A stored time (``JSONCoding/formatDate(_:)`` text, which sorts as the times do).
    public static func date(_ text: String) throws -> Date {
        guard let date = JSONCoding.parseDate(text) else { throw StoreCorruption("unreadable date \"\(text)\"") }
        return date
    }
}
