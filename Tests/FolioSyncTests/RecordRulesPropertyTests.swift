import Crypto
import FolioModel
import FolioProtocol
import FolioServer
import FolioStore
import FolioSync
import Foundation
import Testing

/// Random valid records, mutated at random: whatever one replica accepts, every replica accepts
/// (a device pulling, a device applying a bundle, the server merging a push), and nothing
/// accepted can crash a reader (listing, showing, searching, pulling it back).
@Suite struct RecordRulesPropertyTests {
    static let writer = ReplicaID(rawValue: 0xA11CE)

    /// A valid record: an article or a highlight with a few fields, written in one or two transactions.
    static func validRecord(_ rng: inout SeededGenerator, now: Date) -> RecordState {
        let stamp = HLCStamp(wall: HybridClock.wallMilliseconds(now) - UInt64.random(in: 0...100_000, using: &rng))
        let dot = Dot(replica: writer, counter: UInt64.random(in: 1...50, using: &rng))
        var record = RecordState(id: UUID(), kind: Bool.random(using: &rng) ? .article : .highlight)
        var fields: [(field: String, value: JSONValue)]
        if record.kind == .article {
            fields = [(Field.url, .string("https://example.com/\(UInt32.random(in: 0...999, using: &rng))")), (Field.title, .string("Title"))]
            if Bool.random(using: &rng) { fields.append((Field.progress, .number(Double(Int.random(in: 0...10, using: &rng)) / 10))) }
            if Bool.random(using: &rng) { fields.append((Field.content, try! JSONValue(encoding: ArticleContent(html: "<p>words</p>", text: "words here")))) }
            if Bool.random(using: &rng) { fields.append((Field.tag(Tag("Swift")!), .string("Swift"))) }
            if Bool.random(using: &rng) { fields.append((Field.savedAt, .string(JSONCoding.formatDate(now)))) }
        } else {
            fields = [(Field.article, .string(UUID().uuidString)), (Field.quote, .string("a quote")), (Field.position, .number(0.5))]
        }
        if Bool.random(using: &rng) { fields.append(("x-unknown", .array([.number(1), .object(["a": .string("b")])]))) }
        record.write(fields, dot: dot, stamp: stamp)
        return record
    }

    /// One random mutation of the kind a buggy or hostile sender makes.
    static func mutate(_ record: RecordState, _ rng: inout SeededGenerator, now: Date) -> RecordState {
        var record = record
        let index = Int.random(in: 0..<record.registers.count, using: &rng)
        var register = record.registers[index]
        func deep(_ depth: Int) -> JSONValue { (0..<depth).reduce(JSONValue.null) { inner, _ in .array([inner]) } }
        switch Int.random(in: 0..<24, using: &rng) {
        case 0: register.stamp = HLCStamp(wall: HybridClock.wallMilliseconds(now.addingTimeInterval(3 * 86_400)))
        case 1: register.dot.counter = 0
        case 2: register.dot.counter = UInt64(Int64.max) + 1; record.vector[register.dot.replica] = register.dot.counter
        case 3: register.dot.replica = ReplicaID(rawValue: 0)
        case 4: record.vector = VersionVector()
        case 5: record.registers.append(register)  // the same dot twice
        case 6: register.value = .number(1e308)
        case 7: register.value = .object(["not": .string("a string")])
        case 8: register.value = deep(Int.random(in: 20...60, using: &rng))
        case 9: register.field = "bad\u{1B}[31mfield"
        case 10: register.field = String(repeating: "f", count: 600)
        case 11: record.registers = []
        case 12: register.value = .string("javascript:alert(1)"); register.field = Field.url
        case 13: register.value = .number(Double(Int.random(in: -5...5, using: &rng)))
        case 14: register.value = .string("not a date"); register.field = Field.savedAt
        case 15:  // a second value for a last-writer-wins field
            var second = register
            second.dot.counter += 1
            record.vector.add(second.dot)
            record.registers.append(second)
        case 16: register.value = .string(String(repeating: "=", count: 70_000))
        default: break  // unchanged: must be accepted everywhere
        }
        if index < record.registers.count { record.registers[index] = register }
        return record
    }

    /// Writes `records` as a version 2 bundle file, header checksum included.
    static func bundle(_ records: [RecordState], at url: URL) throws {
        let body = try records.map { String(decoding: try JSONCoding.encoder.encode($0), as: UTF8.self) + "\n" }.joined()
        let header = #"{"base":{},"bodyBytes":\#(body.utf8.count),"created":"2026-11-29T00:00:00.000Z","format":"folio-bundle","knowledge":{},"records":\#(records.count),"replica":"\#(writer.hex)","sha256":"","version":\#(SyncBundle.version)}"#
        var hasher = SHA256()
        hasher.update(data: Data((header + "\n" + body).utf8))
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        try Data((header.replacingOccurrences(of: #""sha256":"""#, with: #""sha256":"\#(digest)""#) + "\n" + body).utf8).write(to: url)
    }

    @Test(arguments: 0..<4 as Range<UInt64>) func everyReplicaAcceptsTheSame(seed: UInt64) async throws {
        var rng = SeededGenerator(seed: 0x5EED + seed)
        let now = Date()
        let replicas = try Replicas(count: 3)
        let serverDirectory = replicas.file("server")
        let store = try SQLiteSyncStore(directory: serverDirectory)
        let user = try await store.createUser(name: "alice", passwordHash: "x", now: now).id
        var accepted = 0
        for step in 0..<60 {
            let original = Self.validRecord(&rng, now: now)
            let record = Self.mutate(original, &rng, now: now)
            // The wire: what the server reads is what the device reads (the record round-trips).
            let device = Result { try replicas[0].apply([record], now: now) }
            let server = await Result { try await store.push(user: user, PushBatch(epoch: nil, records: [record], knowledge: nil, maxClockSkew: HybridClock.maximumOffset, conflictLogSize: 100), now: now) }
            let file = replicas.file("step\(step).folio")
            try Self.bundle([record], at: file)
            let viaBundle = Result { try SyncBundle.apply(file, to: replicas[1], now: now) }
            let verdicts = [device.isSuccess, server.isSuccess, viaBundle.isSuccess]
            #expect(Set(verdicts).count == 1, "step \(step): device, server and bundle disagree \(verdicts) on \(record)")
            guard device.isSuccess else { continue }
            accepted += 1
            // Readers of what was accepted must not crash, and the server serves it back.
            _ = try replicas[0].list(ArticleFilter(states: []))
            _ = try replicas[0].article(record.id)
            _ = try replicas[0].search(SearchQuery("words"))
            var pulled: [RecordState] = []
            var cursor: PullCursor?
            repeat {
                let page = try await store.pull(user: user, PullQuery(knowledge: VersionVector(), cursor: cursor, limit: 500, maxPageBytes: 8 << 20, conflictsAfter: 0, maxConflicts: 0))
                pulled += page.records
                cursor = page.next
            } while cursor != nil
            try replicas[2].apply(pulled, now: now)
        }
        #expect(accepted > 5, "the generator also makes records every replica accepts")
    }
}

extension Result {
    init(catching body: () async throws(Failure) -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }

    var isSuccess: Bool { if case .success = self { true } else { false } }
}
