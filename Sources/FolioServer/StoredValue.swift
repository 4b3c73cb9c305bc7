import FolioModel
import Foundation

/// How ids and times are kept in columns, the same in every store: record ids as lowercase text (which
/// sorts as the dot index needs), replica ids as the signed 64-bit integer of their bits.
public enum StoredValue {
    /// The key of record `id`: `uuidString.lowercased()`, written without Foundation's `sprintf`.
    public static func key(_ id: UUID) -> String {
        withUnsafeBytes(of: id.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                var index = 0
                for (offset, byte) in bytes.enumerated() {
                    if offset == 4 || offset == 6 || offset == 8 || offset == 10 {
                        text[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    text[index] = UInt8.hexDigit(byte >> 4)
                    text[index + 1] = UInt8.hexDigit(byte & 0xF)
                    index += 2
                }
                return index
            }
        }
    }

    public static func replica(_ replica: ReplicaID) -> Int64 { Int64(bitPattern: replica.rawValue) }

    public static func replicaID(_ value: Int64) -> ReplicaID { ReplicaID(rawValue: UInt64(bitPattern: value)) }

    /// The record id of a stored key.
    public static func recordID(_ key: String) throws -> UUID {
        var text = key
        guard let id = text.withUTF8(uuid) else { throw StoreCorruption("a row names the bad record id \"\(key)\"") }
        return id
    }

    /// The UUID `text` spells in 8-4-4-4-12 hex digits of either case, else nil; read here without
    /// Foundation's `sscanf`, as a pull reads keys by the hundred. Stricter than `UUID(uuidString:)`,
    /// whose `sscanf` also takes spaces, signs and `0x` inside the groups.
    static func uuid(_ text: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard text.count == 36 else { return nil }
        var id: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &id) { bytes in
            var index = 0
            for offset in 0..<16 {
                if offset == 4 || offset == 6 || offset == 8 || offset == 10 {
                    guard text[index] == UInt8(ascii: "-") else { return false }
                    index += 1
                }
                guard let high = text[index].hexValue, let low = text[index + 1].hexValue else { return false }
                bytes[offset] = high << 4 | low
                index += 2
            }
            return true
        }
        return parsed ? UUID(uuid: id) : nil
    }

    /// A stored time (``JSONCoding/formatDate(_:)`` text, which sorts as the times do).
    public static func date(_ text: String) throws -> Date {
        guard let date = JSONCoding.parseDate(text) else { throw StoreCorruption("unreadable date \"\(text)\"") }
        return date
    }
}
