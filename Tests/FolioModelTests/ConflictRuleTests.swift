import FolioModel
import Foundation
import Testing

/// What the conflict log reports (SPEC §7, `ConflictRule`): what a person may want back, and
/// nothing else.
@Suite struct ConflictRuleTests {
    let record = UUID()
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let url = "https://example.com/posts/hello"

    func content(_ text: String?) -> JSONValue {
        let value = text.map { ArticleContent(html: "<p>\($0)</p>", text: $0) } ?? ArticleContent(status: .pending(reason: "not fetched yet"))
        return (try? JSONValue(encoding: value)) ?? .null
    }

    /// Both replicas exchange what they have; returns them after.
    func exchange(_ a: inout ModelReplica, _ b: inout ModelReplica) {
        let (a0, b0) = (a, b)
        a.receive(from: b0)
        b.receive(from: a0)
    }

    /// Regression (issue 14): one URL saved offline on two devices, one of which fetched the
    /// page, logged the save dates, two copies of the content and the placeholder title.
    @Test func theSameSaveOnTwoDevicesLogsNothing() {
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record)
        a.write([(Field.url, .string(url)), (Field.title, .string(Article.placeholderTitle(for: url))), (Field.content, content(nil)),
                 (Field.savedAt, .string("2026-11-29T10:00:00.000Z")), (Field.deleted, .bool(false))], at: t0)
        b.write([(Field.url, .string(url)), (Field.title, .string("Hello, world")), (Field.content, content("Hello, world.")),
                 (Field.savedAt, .string("2026-11-29T10:05:00.000Z")), (Field.deleted, .bool(false))], at: t0.addingTimeInterval(1))
        exchange(&a, &b)
        #expect(a.state == b.state && a.state.value(of: Field.title) == .string("Hello, world"))
        #expect(a.conflicts.isEmpty && b.conflicts.isEmpty)
    }

    /// The article's text losing to content without text is reported; so is a fetched title
    /// losing to a placeholder, and reading losing to unreading; two read dates are not.
    @Test func lossesAPersonWouldMissAreReported() {
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record)
        a.write([(Field.url, .string(url)), (Field.readAt, .string("2026-11-29T10:00:00.000Z"))], at: t0)
        b.receive(from: a)
        a.write([(Field.title, .string("Hello, world")), (Field.content, content("Hello, world.")), (Field.readAt, .string("2026-11-29T11:00:00.000Z"))], at: t0.addingTimeInterval(1))
        b.write([(Field.title, .string("hello")), (Field.content, content(nil)), (Field.readAt, .string("2026-11-29T12:00:00.000Z"))], at: t0.addingTimeInterval(2))
        exchange(&a, &b)
        #expect(Set(a.conflicts.map(\.field)) == [Field.title, Field.content])
        #expect(Set(b.conflicts.map(\.field)) == [Field.title, Field.content])

        var c = ModelReplica(3, record: record), d = ModelReplica(4, record: record)
        c.write([(Field.readAt, .string("2026-11-29T10:00:00.000Z"))], at: t0)
        d.write([(Field.readAt, .null)], at: t0.addingTimeInterval(1))
        exchange(&c, &d)
        #expect(c.conflicts.map(\.lost.value) == [.string("2026-11-29T10:00:00.000Z")])
    }

    /// Regression (issue 14): a deletion that beat another device's concurrent favourite, tag
    /// and note never appeared in the log. Each hidden edit is logged on both sides, under its
    /// field, with the deletion as the kept write; the article stays deleted.
    @Test func aDeletionThatHidEditsListsThem() {
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record)
        a.write([(Field.url, .string(url)), (Field.deleted, .bool(false)), (Field.content, content("text"))], at: t0)
        b.receive(from: a)
        a.write(RecordState.deletion, at: t0.addingTimeInterval(10))
        let swift = Field.tag(Tag("Swift")!)
        b.write([(Field.favorite, .bool(true)), (swift, .string("Swift"))], at: t0.addingTimeInterval(1))
        b.write([(Field.note, .string("for the team"))], at: t0.addingTimeInterval(2))
        exchange(&a, &b)
        #expect(a.state == b.state && a.state.value(of: Field.deleted) == .bool(true))
        for side in [a, b] {
            #expect(Set(side.conflicts.map(\.field)) == [Field.favorite, swift, Field.note])
            #expect(side.conflicts.allSatisfy { $0.kept.field == Field.deleted && $0.kept.value == .bool(true) && $0.lost.dot.replica == b.id })
        }
    }

    /// Edits the deleting device had seen, and a re-save that lost to the deletion (the
    /// `deleted` field's own conflict), are not reported as hidden.
    @Test func aDeletionHidesOnlyUnseenEdits() {
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record)
        a.write([(Field.url, .string(url)), (Field.deleted, .bool(false))], at: t0)
        b.receive(from: a)
        b.write([(Field.favorite, .bool(true))], at: t0.addingTimeInterval(1))
        a.receive(from: b)
        a.write(RecordState.deletion, at: t0.addingTimeInterval(10))
        b.write([(Field.url, .string(url)), (Field.title, .string("again")), (Field.deleted, .bool(false))], at: t0.addingTimeInterval(2))
        exchange(&a, &b)
        #expect(a.state.value(of: Field.deleted) == .bool(true))
        #expect(a.conflicts.map(\.field) == [Field.deleted])
        #expect(b.conflicts.map(\.field) == [Field.deleted])
    }

    /// A server merges into the fields `fieldsRead(by:)` names: merging into just them reports
    /// what merging into the whole record does (here, edits hidden by an incoming deletion, and
    /// an edit meeting a stored deletion).
    @Test func fieldsReadSufficeForTheRule() {
        var a = ModelReplica(1, record: record), b = ModelReplica(2, record: record)
        a.write([(Field.url, .string(url)), (Field.title, .string("hello")), (Field.deleted, .bool(false))], at: t0)
        b.receive(from: a)
        a.write(RecordState.deletion, at: t0.addingTimeInterval(10))
        b.write([(Field.favorite, .bool(true))], at: t0.addingTimeInterval(1))
        b.write([(Field.title, .string("Hello, world"))], at: t0.addingTimeInterval(2))
        for (local, incoming) in [(b.state, a.state.delta(notCoveredBy: b.state.vector)), (a.state, b.state.delta(notCoveredBy: a.state.vector))] {
            let whole = RecordMerge.merge(local: local, incoming: incoming)
            let fields = RecordMerge.fieldsRead(by: incoming)
            let part = RecordState(id: local.id, kind: local.kind, vector: local.vector,
                                   registers: local.registers.filter { fields?.contains($0.field) ?? true })
            #expect(Set(RecordMerge.merge(local: part, incoming: incoming).conflicts) == Set(whole.conflicts))
            #expect(!whole.conflicts.isEmpty)
        }
    }
}
