import FolioModel
import FolioProtocol
import Foundation
import Testing

/// The server writes its answers with `JSONWritable` rather than `JSONEncoder`: the bytes must be
/// exactly what the encoder makes of the same message, so clients cannot tell the difference.
@Suite struct DirectJSONTests {
    @Test(arguments: 0..<40 as Range<UInt64>) func messagesMatchTheEncoder(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let records = (0..<Int.random(in: 0...4, using: &random)).map { _ in Self.record(&random) }
        let conflicts = (0..<Int.random(in: 0...2, using: &random)).map { _ in
            Conflict(recordID: UUID(), field: "title", kept: Self.register(&random), lost: Self.register(&random))
        }
        let knowledge = Self.vector(&random)
        let time = try #require(JSONCoding.parseDate(JSONCoding.formatDate(Date(timeIntervalSince1970: Double.random(in: 0...2_000_000_000, using: &random)))))
        let cursor = Bool.random(using: &random) ? "00000000000000a1:\(seed)" : nil
        let names = cursor == nil ? nil : ReplicaNames([ReplicaID(rawValue: seed + 1): "laptop \(seed)", ReplicaID(rawValue: 0xA1): "Ada’s \"phone\""])

        let page = PullResponse(epoch: "e\(seed)", knowledge: knowledge, records: records, cursor: cursor,
                                conflicts: conflicts, conflictSeq: Int(seed), replicas: names, serverTime: time)
        try expectSame(page)
        try expectSame(PushResponse(epoch: "e", changed: records.count, conflicts: conflicts, knowledge: knowledge, replicas: names,
                                    pull: seed % 3 == 0 ? page : nil, serverTime: time))
        try expectSame(ServerInfo(epoch: "e", replica: ReplicaID(rawValue: seed + 1), knowledge: knowledge, replicas: names, serverTime: time))
        try expectSame(PushRequest(epoch: cursor == nil ? nil : "e", records: records, knowledge: cursor == nil ? knowledge : nil,
                                   replica: cursor == nil ? nil : ReplicaID(rawValue: seed + 1),
                                   pull: seed % 3 == 0 ? PullOptions(limit: cursor == nil ? nil : 500, conflictsAfter: Int(seed)) : nil))
        try expectSame(PullRequest(knowledge: knowledge, cursor: cursor, limit: cursor == nil ? nil : 500, conflictsAfter: cursor == nil ? 3 : nil))
    }

    @Test func emptyObjectsAndEscapes() throws {
        try expectSame(PushResponse(epoch: "quote \" backslash \\ newline \n tab \t bell \u{7} slash / é 😀", changed: 0,
                                    conflicts: [], knowledge: VersionVector(), serverTime: Date(timeIntervalSince1970: 0)))
    }

    /// Written directly: the encoder's bytes. Read directly: the same value the decoder reads.
    func expectSame<T: Codable & Equatable & JSONWritable & JSONReadable>(_ message: T) throws {
        let direct = message.jsonBytes
        #expect(String(decoding: direct, as: UTF8.self) == String(decoding: try JSONCoding.encoder.encode(message), as: UTF8.self))
        #expect(try JSONCoding.decoder.decode(T.self, from: Data(direct)) == message)
        #expect(try JSONReader.read(T.self, from: direct) == message)
    }

    /// Texts the reader takes: whatever it reads, `JSONDecoder` reads the same from them.
    @Test(arguments: [
        #"{"knowledge":{}}"#,
        " { \"limit\" : 20 , \"knowledge\" : { \"00000000000000a1\" : 9223372036854775807 } , \"cursor\" : null }\n",
        #"{"knowledge":{"a1":3},"unknown":{"nested":[1,2.5e3,-0.25,true,null,"x"]},"conflictsAfter":0}"#,
        #"{"cursor":"caf\u00e9 \ud83d\ude00 \/ \"q\" \\ \n\t","knowledge":{}}"#,
    ])
    func readerAgreesWithTheDecoder(text: String) throws {
        let direct = try JSONReader.read(PullRequest.self, from: Array(text.utf8))
        #expect(direct == (try JSONCoding.decoder.decode(PullRequest.self, from: Data(text.utf8))))
    }

    /// Text that breaks a limit is refused as it is, never handed to `JSONDecoder`: nesting
    /// past the depth limit (even inside a member the server ignores), negative stamps and
    /// counters past 2^63−1 (which crashed the server when converted).
    @Test(arguments: [
        #"{"knowledge":{"a1":-1}}"#,
        #"{"knowledge":{"a1":18446744073709551615}}"#,
        #"{"knowledge":{"a1":9223372036854775808}}"#,
        "{\"knowledge\":{},\"ignored\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}",
        "{\"knowledge\":{},\"x\":" + String(repeating: "{\"a\":", count: 50_000) + "1" + String(repeating: "}", count: 50_000) + "}",
        "{\"ignored\":" + String(repeating: "[", count: 100_000) + "x" + String(repeating: "]", count: 100_000) + ",\"knowledge\":{}}",
        #"{"records":[{"id":"11111111-2222-3333-4444-555555555555","kind":"article","registers":[{"dot":{"counter":1,"replica":"a1"},"field":"f","stamp":-5,"value":1}],"vector":{"a1":1}}]}"#,
        #"{"records":[{"id":"11111111-2222-3333-4444-555555555555","kind":"article","registers":[{"dot":{"counter":9223372036854775808,"replica":"a1"},"field":"f","stamp":5,"value":1}],"vector":{"a1":1}}]}"#,
    ])
    func limitsAreRefused(text: String) {
        let bytes = Array(text.utf8)
        #expect(throws: JSONReader.Refusal.self) {
            if text.contains("records") { _ = try JSONCoding.decode(PushRequest.self, from: bytes) }
            else { _ = try JSONCoding.decode(PullRequest.self, from: bytes) }
        }
    }

    /// Text the reader refuses goes to `JSONDecoder`, so errors still name the bad path.
    @Test(arguments: [
        "", "{", #"{"knowledge":{}"#, #"{"knowledge":{}} x"#, #"{"knowledge":{"zz":1}}"#,
        #"{"knowledge":{"a1":01}}"#, #"{"knowledge":{"a1":1.5}}"#, #"{"knowledge":{"a1":-}}"#, #"{"limit":"20","knowledge":{}}"#, #"{"cursor":"\ud800","knowledge":{}}"#,
        "{\"cursor\":\"tab\there\",\"knowledge\":{}}", #"{"records":[{"id":"not-a-uuid","kind":"article","registers":[],"vector":{}}]}"#,
        #"{"records":[{"id":"11111111-2222-3333-4444-555555555555","kind":"article","registers":[{"dot":{"counter":1,"replica":"a1"},"field":"f","stamp":1,"value":1e999}],"vector":{}}]}"#,
        #"{"records":[{"id":"11111111-2222-3333-4444-555555555555","kind":"article","registers":[{"dot":{"counter":1,"replica":"a1"},"field":"f","stamp":1,"value":1.}],"vector":{}}]}"#,
        #"{"records":[{"id":"11111111-2222-3333-4444-555555555555","kind":"article","registers":[{"dot":{"counter":1,"replica":"a1"},"field":"f","stamp":1,"value":2e}],"vector":{}}]}"#,
        #"{"cursor":"\u+123","knowledge":{}}"#,
    ])
    func malformedTextFallsBackToTheDecoder(text: String) {
        let bytes = Array(text.utf8)
        #expect(throws: JSONReader.Mismatch.self) { try JSONReader.read(PullRequest.self, from: bytes) }
        #expect(throws: DecodingError.self) {
            if text.contains("records") { _ = try JSONCoding.decode(PushRequest.self, from: bytes) }
            else { _ = try JSONCoding.decode(PullRequest.self, from: bytes) }
        }
    }

    static func vector(_ random: inout SeededGenerator) -> VersionVector {
        var vector = VersionVector()
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            vector[ReplicaID(rawValue: UInt64.random(in: 1...UInt64.max, using: &random))] = UInt64.random(in: 1...1_000_000, using: &random)
        }
        return vector
    }

    static func value(_ random: inout SeededGenerator, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0...(depth < 2 ? 7 : 5), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(Double(Int.random(in: -1_000...1_000_000, using: &random)))
        case 3: return .number(Double.random(in: -1...1, using: &random))
        case 4: return .string(["", "plain", "a \"quoted\" line\nnext", "tab\tand \\ back", "ünïcödé 日本 😀", "ctl \u{1} \u{1f}"].randomElement(using: &random)!)
        case 5: return .number([0.1, 1e-7, 1e21, 123.456, -0.5].randomElement(using: &random)!)
        case 6: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in value(&random, depth: depth + 1) })
        default:
            let keys = ["html", "text", "wordCount", "Title", "a", "é"]
            return .object(Dictionary(uniqueKeysWithValues: keys.shuffled(using: &random).prefix(Int.random(in: 0...4, using: &random)).map { ($0, value(&random, depth: depth + 1)) }))
        }
    }

    static func register(_ random: inout SeededGenerator) -> Register {
        Register(field: ["title", "progress", "tag:swift", "content"].randomElement(using: &random)!, value: value(&random),
                 dot: Dot(replica: ReplicaID(rawValue: UInt64.random(in: 1...UInt64.max, using: &random)), counter: UInt64.random(in: 1...999, using: &random)),
                 stamp: HLCStamp(wall: UInt64.random(in: 0...2_000_000_000_000, using: &random), logical: UInt16.random(in: 0...3, using: &random)))
    }

    static func record(_ random: inout SeededGenerator) -> RecordState {
        RecordState(id: UUID(), kind: Bool.random(using: &random) ? .article : .highlight, vector: vector(&random),
                    registers: (0..<Int.random(in: 0...3, using: &random)).map { _ in register(&random) })
    }
}
