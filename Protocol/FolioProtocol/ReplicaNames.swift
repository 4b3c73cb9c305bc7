import FolioModel
import Foundation

/// The device name of each replica of a user that pushed to the server: the name its token was
/// given at login (SPEC §5.3). On the wire an object from replica id (hex) to name, so a device
/// can say "laptop" where it would otherwise show `1f99b50407af1ab8`.
public struct ReplicaNames: Sendable, Equatable {
    public var entries: [ReplicaID: String]

    public init(_ entries: [ReplicaID: String] = [:]) {
        self.entries = entries
    }
}

extension ReplicaNames: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        var entries: [ReplicaID: String] = [:]
        for (key, name) in try container.decode([String: String].self) {
            guard let replica = ReplicaID(hex: key) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "replica id must be 1 to 16 hex digits, got \"\(key.prefix(40))\"")
            }
            entries[replica] = name
        }
        self.init(entries)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: entries.map { ($0.key.hex, $0.value) }))
    }
}

extension ReplicaNames: JSONWritable {
    /// Keys in replica order, which is the hex ids' order (as `JSONCoding.encoder` sorts them).
    public func writeJSON(to output: inout [UInt8]) {
        output.appendJSONObject { object in
            for (replica, name) in entries.sorted(by: { $0.key < $1.key }) {
                object.add(replica.hex, name)
            }
        }
    }
}

extension ReplicaNames: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        self.init(try reader.readReplicaMap { try $0.readString() })
    }
}
