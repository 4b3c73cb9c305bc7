import FolioModel
import Foundation
import Testing

/// Replays the merge and delta conformance vectors of Protocol/vectors against the model.
@Suite struct VectorReplayTests {
    struct MergeCase: Decodable {
        struct ExpectedConflict: Decodable, Hashable { var field: String; var lost: Dot }
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
            #expect(Set(outcome.conflicts.map { MergeCase.ExpectedConflict(field: $0.field, lost: $0.lost.dot) }) == Set(vector.conflicts), "\(vector.name)")
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
