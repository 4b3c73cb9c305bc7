import FolioModel
import Foundation
import Testing

/// A replica of one record, as the pure model sees it: enough to test merge rules without SQLite.
struct ModelReplica {
    let id: ReplicaID
    var counter: UInt64 = 0
    var clock = HybridClock()
    var state: RecordState
    var conflicts: [Conflict] = []

    init(_ raw: UInt64, record: UUID) {
        id = ReplicaID(rawValue: raw)
        state = RecordState(id: record, kind: .article)
    }

    mutating func write(_ fields: [(field: String, value: JSONValue)], at now: Date) {
        counter += 1
        let stamp = clock.tick(now: now)
        state.write(fields, dot: Dot(replica: id, counter: counter), stamp: stamp)
    }

    /// Receives the other replica's record, whole or as the delta this replica lacks.
    mutating func receive(from other: ModelReplica, delta: Bool = true) {
        let incoming = delta ? other.state.delta(notCoveredBy: state.vector) : other.state
        for register in incoming.registers { clock.observe(register.stamp) }
        let outcome = RecordMerge.merge(local: state, incoming: incoming)
        state = outcome.state
        conflicts += outcome.conflicts
    }
}

@Suite struct RecordMergeTests {
    let record = UUID()
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// Concurrent writes to one field: the larger stamp wins on both sides and the loser is logged.
    @Test func concurrentWritesResolveByStampAndLogLoser() {
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record)
        a.write([(Field.title, .string("A"))], at: t0)
        b.write([(Field.title, .string("B"))], at: t0.addingTimeInterval(1))
        let (a0, b0) = (a, b)
        a.receive(from: b0)
        b.receive(from: a0)
        #expect(a.state == b.state)
        #expect(a.state.value(of: Field.title) == .string("B"))
        #expect(a.conflicts.map(\.lost.value) == [.string("A")])
        #expect(b.conflicts.map(\.lost.value) == [.string("A")])
    }

    /// Equal stamps: the larger replica id wins, the same everywhere.
    @Test func equalStampsTieBreakOnReplicaID() {
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record)
        a.write([(Field.note, .string("from a"))], at: t0)
        b.write([(Field.note, .string("from b"))], at: t0)
        let a0 = a
        a.receive(from: b)
        b.receive(from: a0)
        #expect(a.state.value(of: Field.note) == .string("from b"))
        #expect(b.state.value(of: Field.note) == .string("from b"))
    }

    /// A causally later write wins even from a clock a day behind, and is not a conflict.
    @Test func causallyLaterWriteWinsDespiteSlowClock() {
        var fast = ModelReplica(1, record: record), slow = ModelReplica(2, record: record)
        fast.write([(Field.progress, .number(0.2))], at: t0.addingTimeInterval(86_400))
        slow.receive(from: fast)
        slow.write([(Field.progress, .number(0.9))], at: t0)
        fast.receive(from: slow)
        #expect(fast.state.value(of: Field.progress) == .number(0.9))
        #expect(fast.conflicts.isEmpty && slow.conflicts.isEmpty)
    }

    /// Receiving the same thing twice changes nothing.
    @Test func idempotent() {
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record)
        a.write([(Field.title, .string("A")), (Field.archived, .bool(true))], at: t0)
        b.receive(from: a, delta: false)
        let once = b.state
        let outcome = RecordMerge.merge(local: once, incoming: a.state)
        #expect(!outcome.changed)
        #expect(outcome.state == once)
    }

    /// Tags: an add wins over a concurrent remove, whatever the stamps, and the removal is logged.
    @Test func tagAddWinsOverConcurrentRemove() {
        let swift = Field.tag(Tag("Swift")!)
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record)
        a.write([(swift, .string("Swift"))], at: t0)
        b.receive(from: a)
        b.write([(swift, .null)], at: t0.addingTimeInterval(100))  // remove, later stamp
        a.write([(swift, .string("swift"))], at: t0.addingTimeInterval(1))  // concurrent re-add
        let a0 = a
        a.receive(from: b)
        b.receive(from: a0)
        #expect(a.state.tags == ["swift"])
        #expect(b.state.tags == ["swift"])
        #expect(a.conflicts.count == 1 && a.conflicts[0].lost.value == .null)
    }

    /// A remove that saw the add removes it.
    @Test func tagRemoveAfterAddRemoves() {
        let tag = Field.tag(Tag("news")!)
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record)
        a.write([(tag, .string("news"))], at: t0)
        b.receive(from: a)
        b.write([(tag, .null)], at: t0.addingTimeInterval(1))
        a.receive(from: b)
        #expect(a.state.tags.isEmpty && b.state.tags.isEmpty)
        #expect(a.conflicts.isEmpty)
    }

    /// Regression: two concurrent adds and a remove that saw only one of them keep the other add,
    /// in every delivery order (a single-register add-wins would diverge here).
    @Test func concurrentAddsSurviveAPartialRemove() {
        let tag = Field.tag(Tag("x")!)
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record), c = ModelReplica(3, record: record)
        a.write([(tag, .string("x"))], at: t0.addingTimeInterval(5))
        c.write([(tag, .string("X"))], at: t0)
        b.receive(from: a)
        b.write([(tag, .null)], at: t0.addingTimeInterval(10))
        var order1 = ModelReplica(4, record: record), order2 = ModelReplica(5, record: record)
        order1.receive(from: a); order1.receive(from: b); order1.receive(from: c)
        order2.receive(from: c); order2.receive(from: a); order2.receive(from: b)
        #expect(order1.state.tags == ["X"])
        #expect(order2.state.tags == ["X"])
        #expect(order1.state.registers(of: tag) == order2.state.registers(of: tag))
    }

    /// Deletion against a concurrent edit: the deletion (later stamp) holds and the edit does not resurrect.
    @Test func concurrentEditDoesNotResurrect() {
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record)
        a.write([(Field.url, .string("https://e.com/")), (Field.deleted, .bool(false)), (Field.content, .string("text"))], at: t0)
        b.receive(from: a)
        a.write([(Field.progress, .number(0.5))], at: t0.addingTimeInterval(1))
        b.write(RecordState.deletion, at: t0.addingTimeInterval(2))
        let a0 = a
        a.receive(from: b)
        b.receive(from: a0)
        #expect(a.state == b.state)
        #expect(a.state.value(of: Field.deleted) == .bool(true))
        #expect(a.state.value(of: Field.content) == .null, "a tombstone drops its content")
    }

    /// Regression (item 7 of "Sync that no input can break"): an undelete that writes only
    /// `deleted: false` must leave every replica with the same content, whatever each saw.
    @Test func undeleteWithoutContentAgreesEverywhere() {
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record), c = ModelReplica(3, record: record)
        a.write([(Field.deleted, .bool(false)), (Field.content, .string("text"))], at: t0)
        b.receive(from: a)
        c.receive(from: a)
        b.write(RecordState.deletion, at: t0.addingTimeInterval(1))
        b.write([(Field.deleted, .bool(false))], at: t0.addingTimeInterval(2))
        c.receive(from: b)
        a.receive(from: b)
        #expect(a.state.registers == b.state.registers)
        #expect(c.state.registers == b.state.registers)
        #expect(c.state.value(of: Field.content) == .null)
    }

    /// Saving the URL again after a deletion brings the article back everywhere.
    @Test func resavingResurrects() {
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record)
        a.write([(Field.deleted, .bool(false)), (Field.content, .string("v1"))], at: t0)
        b.receive(from: a)
        b.write(RecordState.deletion, at: t0.addingTimeInterval(1))
        a.receive(from: b)
        a.write([(Field.deleted, .bool(false)), (Field.content, .string("v2"))], at: t0.addingTimeInterval(2))
        b.receive(from: a)
        #expect(b.state.value(of: Field.deleted) == .bool(false))
        #expect(b.state.value(of: Field.content) == .string("v2"))
    }
}

@Suite struct ArticleContentTests {
    /// The direct reader of the content register agrees with the Codable encoding, field for field.
    @Test(arguments: [
        ArticleContent(canonicalURL: "https://e.com/a", byline: "Ada", siteName: "E", excerpt: "x", leadImageURL: "https://e.com/i.png",
                       language: "en", publishedAt: Date(timeIntervalSince1970: 1_700_000_000.123), html: "<p>a b</p>", text: "a b"),
        ArticleContent(status: .pending(reason: "offline")),
        ArticleContent(html: "", text: "", status: .linkOnly(reason: "a PDF")),
    ])
    func directReadMatchesCodable(content: ArticleContent) throws {
        let value = try JSONValue(encoding: content)
        #expect(ArticleContent(register: value) == (try value.decode(as: ArticleContent.self)))
        #expect(ArticleContent(register: .string("not content")) == nil)
    }
}
