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
