import FolioModel
import Foundation
import Testing

/// Property tests of the merge rules on one record over random histories.
@Suite struct MergePropertyTests {
    static let fields = [Field.title, Field.progress, Field.archived, Field.note, Field.deleted]
    static let tags = ["a", "b", "c"].map { Field.tag(Tag($0)!) }

    /// Runs random local writes and random deliveries (whole or delta) on 3 to 5 replicas with
    /// clocks up to a day apart, then lets everyone exchange everything.
    static func randomHistory(seed: UInt64) -> (replicas: [ModelReplica], writes: [Register]) {
        var rng = SeededGenerator(seed: seed)
        let record = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, UInt8(seed & 0xFF)))
        let count = Int.random(in: 3...5, using: &rng)
        var replicas = (1...count).map { ModelReplica(UInt64($0), record: record) }
        let skews = (0..<count).map { _ in Double.random(in: -86_400...86_400, using: &rng) }
        var now = Date(timeIntervalSince1970: 1_800_000_000)
        var writes: [Register] = []
        for _ in 0..<Int.random(in: 5...40, using: &rng) {
            now.addTimeInterval(Double.random(in: 0...5, using: &rng))
            let i = Int.random(in: 0..<count, using: &rng)
            if Bool.random(using: &rng) {
                var fields: [(field: String, value: JSONValue)] = []
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    if Int.random(in: 0..<3, using: &rng) == 0 {
                        let tag = tags.randomElement(using: &rng)!
                        fields.append((tag, Bool.random(using: &rng) ? .string("T\(Int.random(in: 0...9, using: &rng))") : .null))
                    } else {
                        fields.append((Self.fields.randomElement(using: &rng)!, .number(Double(Int.random(in: 0...100, using: &rng)))))
                    }
                }
                var unique: [String: JSONValue] = [:]
                for (field, value) in fields { unique[field] = value }
                replicas[i].write(unique.map { ($0.key, $0.value) }, at: now.addingTimeInterval(skews[i]))
                writes += replicas[i].state.registers.filter { $0.dot == Dot(replica: replicas[i].id, counter: replicas[i].counter) }
            } else {
                let j = Int.random(in: 0..<count, using: &rng)
                if i != j { replicas[i].receive(from: replicas[j], delta: Bool.random(using: &rng)) }
            }
        }
        // Everyone exchanges everything: two rounds of all-pairs gossip reach every replica.
        for _ in 0..<2 {
            for i in 0..<count { for j in 0..<count where i != j { replicas[i].receive(from: replicas[j]) } }
        }
        return (replicas, writes)
    }

    /// Convergence: replicas that have seen the same writes hold the same state, whatever the order.
    @Test func randomHistoriesConverge() {
        for seed in UInt64(1)...1_000 {
            let (replicas, _) = Self.randomHistory(seed: seed)
            for replica in replicas.dropFirst() {
                #expect(replica.state == replicas[0].state, "seed \(seed)")
            }
        }
    }

    /// No write is lost unless a larger (stamp, replica) write to the same field won, which, with
    /// hybrid clocks, includes every causally later write.
    @Test func lastWriterWinsKeepsTheLargestWrite() {
        for seed in UInt64(1)...500 {
            let (replicas, writes) = Self.randomHistory(seed: seed)
            let state = replicas[0].state
            for field in Self.fields {
                let candidates = writes.filter { $0.field == field }
                guard let winner = candidates.max(by: { $1.beats($0) }) else { continue }
                let kept = state.registers(of: field)
                #expect(kept.count == 1 && kept[0].dot == winner.dot && kept[0].stamp == winner.stamp, "seed \(seed) field \(field)")
            }
        }
    }

    /// Merge of whole states is commutative, associative and idempotent.
    @Test func mergeIsASemilattice() {
        for seed in UInt64(1)...300 {
            // Three independent histories of one record, merged in every grouping.
            var rng = SeededGenerator(seed: seed)
            let record = UUID()
            var sides = (1...3).map { ModelReplica(UInt64($0) + 10, record: record) }
            for k in 0..<3 {
                for step in 0..<Int.random(in: 1...6, using: &rng) {
                    let field = (Self.fields + Self.tags).randomElement(using: &rng)!
                    let value: JSONValue = Field.isTag(field) && Bool.random(using: &rng) ? .null : .string("\(k)-\(step)")
                    sides[k].write([(field, value)], at: Date(timeIntervalSince1970: 1_800_000_000 + Double.random(in: 0...100, using: &rng)))
                }
            }
            func merge(_ x: RecordState, _ y: RecordState) -> RecordState { RecordMerge.merge(local: x, incoming: y).state }
            let (x, y, z) = (sides[0].state, sides[1].state, sides[2].state)
            #expect(merge(x, y) == merge(y, x), "seed \(seed)")
            #expect(merge(merge(x, y), z) == merge(x, merge(y, z)), "seed \(seed)")
            #expect(merge(x, x) == x)
            #expect(!RecordMerge.merge(local: merge(x, y), incoming: y).changed)
        }
    }
}
