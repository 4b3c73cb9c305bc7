import FolioModel
import Foundation

/// An independent statement of the merge rules, over the complete history of writes rather
/// than over registers: what every replica must show once it has seen every write.
///
/// - an ordinary field shows its write with the largest (stamp, replica, counter);
/// - a tag is present when some add is not superseded by a later write to that tag, where a
///   write supersedes another if the writer had seen it (its record vector covered the dot).
struct ReferenceModel {
    struct Write {
        var record: UUID
        var field: String
        var value: JSONValue
        var dot: Dot
        var stamp: HLCStamp
        /// The writer's record vector after the write: everything it had seen.
        var context: VersionVector
    }

    var writes: [Write] = []

    mutating func record(_ state: RecordState, dot: Dot) {
        for register in state.registers where register.dot == dot {
            writes.append(Write(record: state.id, field: register.field, value: register.value, dot: dot, stamp: register.stamp, context: state.vector))
        }
    }

    /// The expected value of an ordinary field, or nil if never written.
    func value(of field: String, in record: UUID) -> Write? {
        writes.filter { $0.record == record && $0.field == field }
            .max { ($0.stamp, $0.dot.replica, $0.dot.counter) < ($1.stamp, $1.dot.replica, $1.dot.counter) }
    }

    /// The expected tag keys present on a record.
    func tags(of record: UUID) -> Set<String> {
        let tagWrites = writes.filter { $0.record == record && Field.isTag($0.field) }
        var present = Set<String>()
        for add in tagWrites where !add.value.isNull {
            let superseded = tagWrites.contains { $0.field == add.field && $0.dot != add.dot && $0.context.covers(add.dot) }
            if !superseded { present.insert(String(add.field.dropFirst(Field.tagPrefix.count))) }
        }
        return present
    }

    var records: Set<UUID> { Set(writes.map(\.record)) }
}
