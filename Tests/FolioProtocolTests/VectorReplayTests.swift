import FolioModel
import FolioProtocol
import Foundation
import Testing

/// Replays the merge and delta conformance vectors of Protocol/vectors against the model.
@Suite struct VectorReplayTests {
    struct MergeCase: Decodable {
        struct ExpectedConflict: Decodable, Hashable {
            var field: String
            var lost: Dot
            /// The kept register's dot, when the case names it.
            var kept: Dot?
        }
        var name: String
        var local: RecordState?
        var incoming: RecordState
        var expected: RecordState
        var conflicts: [ExpectedConflict]
    }

    struct DeltaCase: Decodable {
        var name: String
        var store: [RecordState]
        var knowledge: VersionVector
        var expected: [RecordState]
    }

    @Test func mergeVectors() throws {
        let files = try VectorFiles.named("merge-")
        #expect(files.count >= 8)
        for file in files {
            let vector = try JSONCoding.decoder.decode(MergeCase.self, from: Data(contentsOf: file))
            let outcome = RecordMerge.merge(local: vector.local, incoming: vector.incoming)
            #expect(outcome.state.vector == vector.expected.vector, "\(vector.name)")
            #expect(Set(outcome.state.registers) == Set(vector.expected.registers), "\(vector.name)")
            let logged = outcome.conflicts.map { conflict in
                MergeCase.ExpectedConflict(field: conflict.field, lost: conflict.lost.dot,
                                           kept: vector.conflicts.contains { $0.field == conflict.field && $0.kept != nil } ? conflict.kept.dot : nil)
            }
            #expect(Set(logged) == Set(vector.conflicts), "\(vector.name)")
            // Merge is symmetric in its result (not in what each side logs).
            if let local = vector.local {
                let reverse = RecordMerge.merge(local: vector.incoming, incoming: local)
                #expect(Set(reverse.state.registers) == Set(vector.expected.registers), "\(vector.name) reversed")
            }
        }
    }

    @Test func deltaVectors() throws {
        let files = try VectorFiles.named("delta-")
        #expect(files.count >= 3)
        for file in files {
            let vector = try JSONCoding.decoder.decode(DeltaCase.self, from: Data(contentsOf: file))
            let delta = vector.store.map { $0.delta(notCoveredBy: vector.knowledge) }.filter { !$0.registers.isEmpty }
            #expect(delta.map(\.id) == vector.expected.map(\.id), "\(vector.name)")
            for (got, want) in zip(delta, vector.expected) {
                #expect(got.vector == want.vector && Set(got.registers) == Set(want.registers), "\(vector.name)")
            }
        }
    }
}

/// Replays `rules-*.json`: what every receiver accepts (SPEC §2.3). Each record is read from its
/// JSON text by the bounded wire reader, then checked with the receiver's rules.
@Suite struct RulesVectorTests {
    struct RulesFile: Decodable {
        struct Receiver: Decodable { var replica: ReplicaID; var counter: UInt64 }
        var name: String
        var receiver: Receiver
        /// The receiver's wall clock, milliseconds since 1970.
        var now: Double
    }

    @Test func rulesVectors() throws {
        let files = try VectorFiles.named("rules-")
        #expect(!files.isEmpty)
        for file in files {
            let data = try Data(contentsOf: file)
            let header = try JSONCoding.decoder.decode(RulesFile.self, from: data)
            let rules = RecordRules(receiver: Dot(replica: header.receiver.replica, counter: header.receiver.counter),
                                    now: Date(timeIntervalSince1970: header.now / 1000))
            let cases = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["cases"] as? [[String: Any]])
            #expect(cases.count >= 20)
            for entry in cases {
                let name = entry["name"] as? String ?? "?"
                let text = try JSONSerialization.data(withJSONObject: try #require(entry["record"]))
                let verdict: String
                do {
                    try rules.check(try JSONCoding.decode(RecordState.self, from: Array(text)))
                    verdict = "accept"
                } catch let violation as RecordViolation {
                    verdict = violation.kind == .clockSkew ? "clock_skew" : "invalid_record"
                } catch {
                    verdict = "bad_request"
                }
                #expect(verdict == entry["verdict"] as? String, "\(header.name): \(name)")
            }
        }
    }
}
