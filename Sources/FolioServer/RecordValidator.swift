import FolioModel
import Foundation

/// Checks pushed records before they are merged: a record that would break an invariant of the
/// replica space is refused with `invalid_record`, a stamp far in the future with `clock_skew`.
public struct RecordValidator: Sendable {
    /// The space's own replica id: the server never writes, so no dot may claim it.
    public var serverReplica: ReplicaID
    /// The newest acceptable stamp.
    public var horizon: HLCStamp

    /// A validator for a space at wall time `now`.
    public init(serverReplica: ReplicaID, now: Date, maxClockSkew: TimeInterval) {
        self.serverReplica = serverReplica
        self.horizon = HLCStamp(wall: HybridClock.wallMilliseconds(now.addingTimeInterval(maxClockSkew)))
    }

    static let maxFieldLength = 512
    static let maxCounter = UInt64(Int64.max)

    /// Throws the first problem found in `record`.
    public func validate(_ record: RecordState) throws(ServerError) {
        for (replica, counter) in record.vector.entries {
            guard replica != serverReplica else { throw .invalidRecord(record.id, "its vector claims the server's own replica id \(replica.hex)") }
            guard counter <= Self.maxCounter else { throw .invalidRecord(record.id, "vector counter \(counter) of \(replica.hex) is out of range") }
        }
        for register in record.registers {
            let field = register.field
            guard !field.isEmpty, field.utf8.count <= Self.maxFieldLength else {
                throw .invalidRecord(record.id, "field names must be 1 to \(Self.maxFieldLength) bytes")
            }
            guard register.dot.counter >= 1 else { throw .invalidRecord(record.id, "field \(field) has write counter 0; counters start at 1") }
            guard register.dot.replica != serverReplica else {
                throw .invalidRecord(record.id, "field \(field) claims a write by the server's own replica id; the sender confused replica ids")
            }
            guard record.vector.covers(register.dot) else {
                throw .invalidRecord(record.id, "field \(field) was written by \(register.dot), which the record's vector does not cover")
            }
            guard register.stamp <= horizon else {
                throw ServerError(.clockSkew, "record \(record.id.uuidString.lowercased()) field \(field) is stamped \(JSONCoding.formatDate(register.stamp.date)), more than two days ahead of the server's clock; fix the device's clock and sync again")
            }
        }
        let ordinary = record.registers.filter { Field.policy(of: $0.field) == .lastWriterWins }
        if let field = Dictionary(grouping: ordinary, by: \.field).first(where: { $0.value.count > 1 })?.key {
            throw .invalidRecord(record.id, "field \(field) has several values; only tag fields may")
        }
    }
}
