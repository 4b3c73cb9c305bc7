import FolioModel
import Foundation
import Testing

/// The canonical serializer: parseable, value-preserving and key-order stable.
@Suite struct JSONValueTests {
    static func randomString(_ rng: inout SeededGenerator) -> String {
        let pieces = ["a", "Z", "é", "😀", "\"", "\\", "/", "\n", "\t", "\r", "\u{8}", "\u{C}", "\u{1}", "\u{1F}", "\u{7F}", "\u{2028}", " ", "0"]
        return (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    static func randomValue(_ rng: inout SeededGenerator, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 2 ? 4 : 6), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2:
            let numbers: [Double] = [0, -0.0, 1, -1, 0.1, 0.25, 1e20, 1e-7, 4e15, 9_007_199_254_740_993, 1.5e300, -123.456,
                                     Double(Int.random(in: -1_000_000...1_000_000, using: &rng)), Double.random(in: -1e6...1e6, using: &rng)]
            return .number(numbers.randomElement(using: &rng)!)
        case 3: return .string(randomString(&rng))
        case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var fields: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) { fields[randomString(&rng)] = randomValue(&rng, depth: depth + 1) }
            return .object(fields)
        }
    }

    @Test func canonicalJSONParsesBackToTheSameValue() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let value = Self.randomValue(&rng)
            let text = value.canonicalJSON
            #expect(try JSONValue(json: text) == value, "\(text)")
            // Foundation's parser agrees too (the form is plain JSON).
            _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
        }
    }

    @Test func canonicalJSONMatchesJSONEncoderOnStringsIntegersAndKeyOrder() throws {
        var rng = SeededGenerator(seed: 8)
        for _ in 0..<500 {
            var fields: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                fields[Self.randomString(&rng)] = Bool.random(using: &rng)
                    ? .string(Self.randomString(&rng)) : .number(Double(Int.random(in: -100_000...100_000, using: &rng)))
            }
            let value = JSONValue.object(fields)
            let encoded = String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self)
            #expect(value.canonicalJSON == encoded)
        }
    }

    @Test func canonicalJSONSpellsEdgeCasesPlainly() {
        #expect(JSONValue.object(["b": .number(1), "a": .array([.null, .bool(true)]), "B": .string("x/y")]).canonicalJSON
                == #"{"B":"x/y","a":[null,true],"b":1}"#)
        #expect(JSONValue.string("tab\tquote\"nul\u{0}").canonicalJSON == #""tab\tquote\"nul\u0000""#)
        #expect(JSONValue.number(.nan).canonicalJSON == "null")
        #expect(JSONValue.number(0.5).canonicalJSON == "0.5")
    }

    /// The direct reading of scalars and plain strings gives what the decoder gives.
    @Test func parsesStoredShapesDirectly() throws {
        let values: [JSONValue] = [
            .null, .bool(true), .bool(false), .number(0), .number(-0.5), .number(1e-7), .number(12_345_678_901_234), .number(0.37),
            .string(""), .string("plain / text é"), .string("quote \" back \\ newline \n"), .array([.number(1), .string("a")]), .object(["k": .null]),
        ]
        for value in values {
            #expect(try JSONValue(json: value.canonicalJSON) == value, "\(value.canonicalJSON)")
            #expect(try JSONValue(json: value.canonicalJSON) == JSONCoding.decoder.decode(JSONValue.self, from: Data(value.canonicalJSON.utf8)))
        }
        #expect(throws: (any Error).self) { try JSONValue(json: "1e999") }
        #expect(throws: (any Error).self) { try JSONValue(json: "\"unterminated") }
    }

    /// Objects and escaped text (an article's content, read for every pull) go through the
    /// bounded reader: the decoder's values, and no nesting past its limit.
    @Test func readsContentWithTheBoundedReader() throws {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<300 {
            let text = String((0..<Int.random(in: 0...80, using: &rng)).map { _ in "ab \"\\\n\té€😀<>/".randomElement(using: &rng)! })
            let value = JSONValue.object(["html": .string("<p>\(text)</p>"), "text": .string(text), "wordCount": .number(Double(text.count)),
                                          "byline": Bool.random(using: &rng) ? .null : .string(text), "images": .array([.string(text), .bool(true)])])
            let json = value.canonicalJSON
            #expect(try JSONValue(json: json) == value)
            #expect(try JSONValue(json: json) == JSONCoding.decoder.decode(JSONValue.self, from: Data(json.utf8)))
        }
        let deep = String(repeating: "[", count: JSONReader.maximumDepth + 1) + String(repeating: "]", count: JSONReader.maximumDepth + 1)
        #expect(throws: JSONReader.Refusal.self) { try JSONValue(json: deep) }
        let allowed = String(repeating: "[", count: JSONReader.maximumDepth) + String(repeating: "]", count: JSONReader.maximumDepth)
        #expect(try JSONValue(json: allowed) != .null)
    }
}

/// The fast reading of Folio's own date format agrees with the general ISO 8601 parser.
@Suite struct DateFormatTests {
    @Test func fastParseAgreesWithFormatAndGeneralParser() throws {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<2_000 {
            let milliseconds = Int64.random(in: -2_000_000_000_000...7_000_000_000_000, using: &rng)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let text = JSONCoding.formatDate(date)
            let general = try Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
            #expect(JSONCoding.parseDate(text) == general, "\(text)")
            let roundedMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
            let wholeSeconds = Double((roundedMilliseconds - ((roundedMilliseconds % 1000) + 1000) % 1000) / 1000)
            #expect(text.hasPrefix(Date(timeIntervalSince1970: wholeSeconds).formatted(.iso8601).dropLast()), "\(text)")
            #expect(abs(JSONCoding.parseDate(text)!.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.0005, "\(text)")
        }
        #expect(JSONCoding.parseDate("2024-02-29T23:59:59.999Z") != nil)
        #expect(JSONCoding.parseDate("2026-11-26T07:10:52+01:00") == JSONCoding.parseDate("2026-11-26T06:10:52.000Z"))
    }
}
