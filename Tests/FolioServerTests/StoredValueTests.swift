import FolioModel
@testable import FolioServer
import Foundation
import Testing

/// Record keys are written and read without Foundation's `sprintf` and `sscanf`, to the same effect.
@Suite struct StoredValueTests {
    /// Keys are `uuidString.lowercased()`, and read back in either case.
    @Test func keysRoundTrip() throws {
        for _ in 0..<2_000 {
            let id = UUID()
            #expect(StoredValue.key(id) == id.uuidString.lowercased())
            #expect(try StoredValue.recordID(StoredValue.key(id)) == id)
            #expect(try StoredValue.recordID(id.uuidString) == id)
        }
    }

    /// Whatever the text, the key parser finds the id `UUID(uuidString:)` finds when the text is
    /// 8-4-4-4-12 hex digits, and none otherwise (where Foundation's `sscanf` may take spaces, signs or `0x`).
    @Test func parserAgreesWithFoundation() {
        var random = SeededGenerator(seed: 13)
        let alphabet = Array("0123456789abcdefABCDEF-gGxZ {}+é\u{0}😀")
        var texts = ["", "-", String(repeating: "-", count: 36), String(repeating: "0", count: 36), String(repeating: "f", count: 32),
                     "{\(UUID().uuidString)}", " \(UUID().uuidString)", "\(UUID().uuidString) ", "\(UUID().uuidString)0"]
        for _ in 0..<20_000 {
            var text = Array(Bool.random(using: &random) ? UUID().uuidString : UUID().uuidString.lowercased())
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let index = Int.random(in: 0..<text.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: text[index] = alphabet.randomElement(using: &random)!
                case 1: text.remove(at: index)
                case 2: text.insert(alphabet.randomElement(using: &random)!, at: index)
                default: text.swapAt(index, Int.random(in: 0..<text.count, using: &random))
                }
            }
            texts.append(String(text))
        }
        let hex = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/
        for text in texts {
            let expected = text.wholeMatch(of: hex) == nil ? nil : UUID(uuidString: text)
            #expect((try? StoredValue.recordID(text)) == expected, "\(text)")
        }
        #expect(texts.filter { (try? StoredValue.recordID($0)) != nil }.count > 1_000)
    }
}

/// Outlines are assembled from rows in any order, each record's rows joined wherever they come.
@Suite struct RecordOutlineTests {
    @Test func rowsOfARecordApartAreJoined() throws {
        let first = UUID(), second = UUID(), bare = UUID()
        let vector = VersionVector([ReplicaID(rawValue: 0xA1): 3]).json
        func row(_ id: UUID, _ field: String?, counter: UInt64 = 1, value: String? = nil) -> OutlineRow {
            OutlineRow(key: StoredValue.key(id), kind: "article", vector: vector, changedSeq: 7,
                       register: field.map { ($0, Dot(replica: ReplicaID(rawValue: 0xA1), counter: counter), value.map { StoredRegister(stamp: 5, value: $0) }) })
        }
        let outlines = try RecordOutline.assemble([
            row(first, "title", value: "\"A\""), row(first, "url", counter: 2), row(second, "title", value: "\"B\""),
            row(bare, nil), row(first, "tag:x", counter: 3, value: "\"x\""),
        ])
        #expect(Set(outlines.keys) == [first, second, bare])
        let joined = try #require(outlines[first])
        #expect(joined.state.registers.map(\.field) == ["tag:x", "title", "url"])
        #expect(joined.state.vector == VersionVector([ReplicaID(rawValue: 0xA1): 3]) && joined.changedSeq == 7)
        #expect(Set(joined.values.keys.map(\.field)) == ["tag:x", "title"])
        #expect(joined.values.values.map(\.value).sorted() == ["\"A\"", "\"x\""])
        #expect(outlines[second]?.state.registers.count == 1 && outlines[second]?.values.count == 1)
        #expect(outlines[bare]?.state.registers.isEmpty == true && outlines[bare]?.values.isEmpty == true)
        #expect(throws: StoreCorruption.self) { try RecordOutline.assemble([OutlineRow(key: "not-a-key", kind: "article", vector: vector, changedSeq: 1, register: nil)]) }
    }
}
