import FolioModel
@testable import FolioServer
import FolioServerPostgres
import Foundation
import PostgresTestSupport
import StoreTestSupport
import Testing

/// The store reads only the registers a pull or a merge needs: what it sends and keeps must be
/// exactly what whole-record merges and `RecordState.delta(notCoveredBy:)` give.
@Suite(.removesStores) struct StoreDeltaTests {
    static let limits = ServerLimits()

    /// A store over a fresh directory with one user.
    struct Space {
        let opened: TestStore
        var store: any SyncStore { opened.store }
        let user: UserID

        init(_ kind: StoreKind) async throws {
            opened = try await kind.openForTest()
            user = try await opened.store.createUser(name: "alice", passwordHash: "x", now: Date()).id
        }


        @discardableResult
        func push(_ records: [RecordState]) async throws -> PushOutcome {
            try await store.push(user: user, PushBatch(epoch: nil, records: records, knowledge: nil, maxClockSkew: limits.maxClockSkew, conflictLogSize: limits.conflictLogSize), now: Date())
        }

        /// Every page of a pull for `knowledge`, `limit` records or `maxPageBytes` a page.
        func pull(_ knowledge: VersionVector = VersionVector(), limit: Int = 2_000, maxPageBytes: Int = limits.maxPageBytes) async throws -> [RecordState] {
            var records: [RecordState] = []
            var cursor: PullCursor?
            repeat {
                let page = try await store.pull(user: user, PullQuery(
                    knowledge: knowledge, cursor: cursor, limit: limit, maxPageBytes: maxPageBytes, conflictsAfter: 0, maxConflicts: 10))
                records += page.records
                cursor = page.next
            } while cursor != nil
            return records
        }
    }

    static let deviceA = ReplicaID(rawValue: 0xA1)
    static let deviceB = ReplicaID(rawValue: 0xB2)

    static func stamp(_ milliseconds: UInt64 = 0) -> HLCStamp {
        HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 60_000 + milliseconds)
    }

    /// A content register value holding `text`.
    static func content(_ text: String) -> JSONValue {
        try! JSONValue(encoding: ArticleContent(html: "<p>\(text)</p>", text: text))
    }

    /// A saved article: url, title and content written by `deviceA` at counter 1.
    static func savedArticle() -> RecordState {
        var article = RecordState(id: UUID(), kind: .article)
        article.write([(Field.url, .string("https://example.com/a")), (Field.title, .string("A")),
                       (Field.content, content(String(repeating: "text ", count: 2_000)))],
                      dot: Dot(replica: deviceA, counter: 1), stamp: stamp())
        return article
    }

    /// After one progress change, a device that saw the save gets only the progress register, with the record's whole vector.
    @Test(arguments: StoreKind.available) func oneRegisterChange(kind: StoreKind) async throws {
        let space = try await Space(kind)
        var article = Self.savedArticle()
        try await space.push([article])
        article.write([(Field.progress, .number(0.5))], dot: Dot(replica: Self.deviceB, counter: 1), stamp: Self.stamp(1))
        let change = RecordState(id: article.id, kind: .article, vector: article.vector, registers: article.registers(of: Field.progress))
        #expect(try await space.push([change]).changed == 1)

        let pulled = try await space.pull(VersionVector([Self.deviceA: 1]))
        #expect(pulled == [RecordState(id: article.id, kind: .article, vector: article.vector, registers: article.registers(of: Field.progress))])
        #expect(try await space.pull() == [article])
    }

    /// A pull whose knowledge names thousands of replicas the space never held (a body of up to
    /// `maxPullBytes` can) gets the same pages as one naming only the replicas that matter: the
    /// store's scan is given only the knowledge of replicas the space holds, so the extra entries
    /// cost it nothing per register read.
    @Test(arguments: StoreKind.available) func knowledgeOfUnknownReplicasChangesNothing(kind: StoreKind) async throws {
        let space = try await Space(kind)
        var articles = (0..<300).map { _ in Self.savedArticle() }
        try await space.push(articles)
        for index in articles.indices {
            articles[index].write([(Field.progress, .number(0.5))], dot: Dot(replica: Self.deviceB, counter: UInt64(index + 1)), stamp: Self.stamp(1))
        }
        try await space.push(articles)
        var hostile = VersionVector([Self.deviceA: 1])
        for replica in 1...25_000 { hostile[ReplicaID(rawValue: 0x1_0000 + UInt64(replica))] = UInt64(replica) }
        let pulled = try await space.pull(hostile, limit: 100)
        #expect(pulled.count == articles.count)
        #expect(pulled.allSatisfy { $0.registers.map(\.field) == [Field.progress] })
    }

    /// The page's scan hands the store the query's knowledge of the replicas the space holds only.
    @Test func theScanIsGivenOnlyTheKnowledgeOfHeldReplicas() {
        var knowledge = VersionVector([Self.deviceA: 3, Self.deviceB: 9])
        for replica in 1...1_000 { knowledge[ReplicaID(rawValue: 0x1_0000 + UInt64(replica))] = 1 }
        let query = PullQuery(knowledge: knowledge, cursor: nil, limit: 10, maxPageBytes: Self.limits.maxPageBytes, conflictsAfter: 0, maxConflicts: 10)
        let scan = PageScan(query: query, startSeq: 0, holds: VersionVector([Self.deviceA: 5, ReplicaID(rawValue: 0xC3): 2]))
        #expect(scan.knowledgeOfHeld == VersionVector([Self.deviceA: 3]))
    }

    /// A tag field with one unseen register is sent with all of its registers.
    @Test(arguments: StoreKind.available) func tagFieldIsSentWhole(kind: StoreKind) async throws {
        let space = try await Space(kind)
        let article = Self.savedArticle()
        try await space.push([article])
        var onA = article, onB = article
        onA.write([(Field.tagPrefix + "swift", .string("Swift"))], dot: Dot(replica: Self.deviceA, counter: 2), stamp: Self.stamp(1))
        onB.write([(Field.tagPrefix + "swift", .string("swift"))], dot: Dot(replica: Self.deviceB, counter: 1), stamp: Self.stamp(2))
        try await space.push([onA])
        try await space.push([onB])

        let pulled = try #require(try await space.pull(VersionVector([Self.deviceA: 2])).first)
        #expect(pulled.registers.map(\.field) == [Field.tagPrefix + "swift", Field.tagPrefix + "swift"])
        #expect(Set(pulled.registers.map(\.dot)) == [Dot(replica: Self.deviceA, counter: 2), Dot(replica: Self.deviceB, counter: 1)])
        #expect(pulled.vector == VersionVector([Self.deviceA: 2, Self.deviceB: 1]))
    }

    /// A deletion writes a null content under its own dot, so the tombstone drops the text and
    /// every replica holds one value per dot; a later undelete without content leaves it null
    /// everywhere (SPEC §3.4); saving again brings content back.
    @Test(arguments: StoreKind.available) func tombstoneDropsContent(kind: StoreKind) async throws {
        let space = try await Space(kind)
        let saved = Self.savedArticle()
        var article = saved
        try await space.push([article])
        let deletion = Dot(replica: Self.deviceB, counter: 1)
        article.write(RecordState.deletion, dot: deletion, stamp: Self.stamp(1))
        try await space.push([article.delta(notCoveredBy: saved.vector)])
        var stored = try #require(try await space.pull().first)
        #expect(stored.value(of: Field.content) == .null)
        #expect(stored.registers(of: Field.content).map(\.dot) == [deletion])

        // A device that had not seen the deletion edits the note; the content stays null.
        var late = saved
        late.write([(Field.note, .string("n"))], dot: Dot(replica: Self.deviceA, counter: 2), stamp: Self.stamp(2))
        try await space.push([late])
        stored = try #require(try await space.pull().first)
        #expect(stored.value(of: Field.content) == .null)
        #expect(stored.value(of: Field.note) == .string("n"))

        // An undelete without content: the saving device, which never saw the deletion, now
        // receives the null content under the deletion's dot, as every replica holds it.
        var undeleted = stored
        undeleted.write([(Field.deleted, .bool(false))], dot: Dot(replica: Self.deviceB, counter: 2), stamp: Self.stamp(3))
        try await space.push([undeleted])
        let delta = try #require(try await space.pull(late.vector).first)
        #expect(delta.registers(of: Field.content).map(\.dot) == [deletion])
        #expect(RecordMerge.merge(local: late, incoming: delta).state.value(of: Field.content) == .null)

        article = try #require(try await space.pull().first)
        article.write([(Field.deleted, .bool(false)), (Field.content, Self.content("again"))], dot: Dot(replica: Self.deviceB, counter: 3), stamp: Self.stamp(4))
        try await space.push([article])
        #expect(try await space.pull().first?.value(of: Field.content) == Self.content("again"))
    }

    /// Random histories of several devices writing fields, tags and deletions, each device pushing
    /// what it holds and now and then taking in the server's state: the server keeps what
    /// whole-record merges keep, reports the same conflicts, and a pull for any knowledge returns
    /// each record's `delta(notCoveredBy:)`, in (first uncovered dot, id) order, whatever the page size.
    @Test(arguments: StoreKind.available, 0..<6 as Range<UInt64>) func pullsAndPushesMatchWholeRecords(kind: StoreKind, seed: UInt64) async throws {
        var random = SeededGenerator(seed: 0xDE17A + seed)
        let space = try await Space(kind)
        let devices = (1...3).map { ReplicaID(rawValue: 0x100 * UInt64($0)) }
        let ids = (0..<8).map { _ in UUID() }
        let fields = [Field.title, Field.note, Field.progress, Field.content, Field.deleted, Field.tagPrefix + "a", Field.tagPrefix + "b"]
        var views: [ReplicaID: [UUID: RecordState]] = [:]
        var counters: [ReplicaID: UInt64] = [:]
        var model: [UUID: RecordState] = [:]
        for step in 0..<60 {
            let device = devices.randomElement(using: &random)!
            let id = ids.randomElement(using: &random)!
            var record = views[device]?[id] ?? RecordState(id: id, kind: .article)
            counters[device, default: 0] += 1
            let written = fields.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random))
            record.write(written.map { field in (field, Self.randomValue(of: field, using: &random)) },
                         dot: Dot(replica: device, counter: counters[device]!), stamp: Self.stamp(UInt64.random(in: 0...50, using: &random)))
            views[device, default: [:]][id] = record

            let merged = RecordMerge.merge(local: model[id], incoming: record)
            let changed = merged.state != model[id]
            model[id] = merged.state
            let outcome = try await space.push([record])
            #expect(outcome.changed == (changed ? 1 : 0), "step \(step)")
            // The merge meets fields in hash order: compare the conflicts as a set.
            #expect(Set(outcome.conflicts) == Set(changed ? merged.conflicts : []), "step \(step)")
            if Bool.random(using: &random) {
                for full in try await space.pull() {
                    views[device, default: [:]][full.id] = RecordMerge.merge(local: views[device]?[full.id], incoming: full).state
                }
            }
        }
        let full = try await space.pull()
        #expect(Dictionary(uniqueKeysWithValues: full.map { ($0.id, $0) }) == model)

        for _ in 0..<20 {
            let knowledge = VersionVector(Dictionary(uniqueKeysWithValues: devices.map { ($0, UInt64.random(in: 0...(counters[$0] ?? 0), using: &random)) }))
            let expected = Self.changeSet(of: Array(model.values), for: knowledge)
            #expect(try await space.pull(knowledge) == expected, "knowledge \(knowledge)")
            let limit = Int.random(in: 1...3, using: &random)
            #expect(try await space.pull(knowledge, limit: limit) == expected, "knowledge \(knowledge), limit \(limit)")
        }
    }

    /// A pull reads the dot index and the outlines in batches of 256: with 450 dot entries over
    /// three replicas, records reached through several dots, and content too large to come along
    /// with the outline, every page limit (by count or by bytes, falling inside a batch) still
    /// gives each record once, at its first uncovered dot, whole.
    @Test(arguments: StoreKind.available) func pagesAcrossBatches(kind: StoreKind) async throws {
        let space = try await Space(kind)
        let (a, b, c) = (ReplicaID(rawValue: 0xA), ReplicaID(rawValue: 0xB), ReplicaID(rawValue: 0xC))
        var records = (0..<150).map { _ in RecordState(id: UUID(), kind: .article) }
        for (index, _) in records.enumerated() {
            let large = index % 3 == 0 ? Self.content(String(repeating: "long text ", count: 300)) : Self.content("short")
            records[index].write([(Field.url, .string("https://example.com/\(index)")), (Field.content, large)],
                                 dot: Dot(replica: a, counter: UInt64(index + 1)), stamp: Self.stamp())
            records[index].write([(Field.progress, .number(0.5))], dot: Dot(replica: b, counter: UInt64(150 - index)), stamp: Self.stamp(1))
        }
        for index in stride(from: 0, to: 150, by: 2) {
            records[index].write([(Field.note, .string("n"))], dot: Dot(replica: a, counter: UInt64(151 + index / 2)), stamp: Self.stamp(2))
            records[index].write([(Field.tagPrefix + "x", .string("x"))], dot: Dot(replica: c, counter: UInt64(index / 2 + 1)), stamp: Self.stamp(3))
        }
        try await space.push(records)
        #expect(Self.changeSet(of: records, for: VersionVector()).contains { $0.value(of: Field.content)?.canonicalJSON.utf8.count ?? 0 > RecordOutline.inlineValueBytes })

        for knowledge in [VersionVector(), VersionVector([a: 100]), VersionVector([a: 200, c: 10]), VersionVector([a: 225, b: 75])] {
            let expected = Self.changeSet(of: records, for: knowledge)
            for limit in [7, 100, 2_000] {
                #expect(try await space.pull(knowledge, limit: limit) == expected, "knowledge \(knowledge), limit \(limit)")
            }
            #expect(try await space.pull(knowledge, maxPageBytes: 20_000) == expected, "knowledge \(knowledge), 20 kB pages")
        }
    }

    /// A record pushed twice in one batch merges both: the second merge reads what the first saved.
    @Test(arguments: StoreKind.available) func recordPushedTwiceInOneBatch(kind: StoreKind) async throws {
        let space = try await Space(kind)
        let saved = Self.savedArticle()
        var later = saved
        later.write([(Field.progress, .number(0.25))], dot: Dot(replica: Self.deviceB, counter: 1), stamp: Self.stamp(1))
        var concurrent = saved
        concurrent.write([(Field.note, .string("n"))], dot: Dot(replica: Self.deviceA, counter: 2), stamp: Self.stamp(2))
        #expect(try await space.push([saved, later, concurrent]).changed == 3)
        #expect(try await space.pull() == [RecordMerge.merge(local: later, incoming: concurrent).state])
    }

    /// A push that pulls along carries exactly the page a pull right after the push gives (the
    /// records, the cursor, the space, and the conflict the push itself logged), whether the
    /// page is read inside the push's write (a few other writes) or after it (many).
    @Test(arguments: StoreKind.available, [4, 80]) func pageAlongIsThePullAfterThePush(kind: StoreKind, otherWrites: Int) async throws {
        let space = try await Space(kind)
        var saved = Self.savedArticle()
        let others = (1...otherWrites).map { index in
            var record = RecordState(id: UUID(), kind: .article)
            record.write([(Field.url, .string("https://example.com/b\(index)"))], dot: Dot(replica: Self.deviceB, counter: UInt64(index + 1)), stamp: Self.stamp())
            return record
        }
        try await space.push([saved] + others)
        var fromB = saved, fromA = saved
        let lastOfB = UInt64(otherWrites + 2)
        fromB.write([(Field.title, .string("B's title"))], dot: Dot(replica: Self.deviceB, counter: lastOfB), stamp: Self.stamp(1))
        fromA.write([(Field.title, .string("A's title"))], dot: Dot(replica: Self.deviceA, counter: 2), stamp: Self.stamp(2))
        try await space.push([fromB])

        let knowledge = VersionVector([Self.deviceA: 2])
        let along = PullQuery(knowledge: knowledge, cursor: nil, limit: 3, maxPageBytes: Self.limits.maxPageBytes, conflictsAfter: 0, maxConflicts: 10)
        let outcome = try await space.store.push(user: space.user, PushBatch(
            epoch: nil, records: [fromA], knowledge: knowledge, maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize,
            pullAlong: along), now: Date())
        #expect(outcome.conflicts.count == 1, "B's title lost to A's later one")
        let page = try #require(outcome.page)
        #expect(page == (try await space.store.pull(user: space.user, along)))
        #expect(outcome.space.lastConflictSeq == page.conflictSeq, "the push's space counts the entry it logged")
        #expect(page.records.count == 3 && page.next != nil && page.conflicts.map(\.field) == [Field.title])

        saved = RecordMerge.merge(local: fromB, incoming: fromA).state
        #expect((outcome.space.uncoveredDots(for: knowledge) <= kind.pullAlongInWriteDots) == (otherWrites == 4), "both ways are tested")
        let knowsAll = VersionVector([Self.deviceA: 2, Self.deviceB: lastOfB])
        let upToDate = try await space.store.push(user: space.user, PushBatch(
            epoch: nil, records: [saved], knowledge: knowsAll, maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize,
            pullAlong: PullQuery(knowledge: knowsAll, cursor: nil, limit: 3, maxPageBytes: Self.limits.maxPageBytes, conflictsAfter: 1, maxConflicts: 10)), now: Date())
        #expect(upToDate.page == nil, "nothing new: no page")
    }

    /// A page along of small values and no new conflict (what a sync that moved a reading
    /// position gets: one read inside the push's write) is the pull right after the push, and
    /// the push is committed.
    @Test(arguments: StoreKind.available) func smallPageAlongIsThePullAfterThePush(kind: StoreKind) async throws {
        let space = try await Space(kind)
        let articles = (1...3).map { index in
            var record = RecordState(id: UUID(), kind: .article)
            record.write([(Field.url, .string("https://example.com/\(index)"))], dot: Dot(replica: Self.deviceB, counter: UInt64(index)), stamp: Self.stamp())
            return record
        }
        try await space.push(articles)
        var moved = articles[0]
        moved.write([(Field.progress, .number(0.5))], dot: Dot(replica: Self.deviceA, counter: 1), stamp: Self.stamp(1))
        let knowledge = VersionVector([Self.deviceA: 1, Self.deviceB: 1])
        let along = PullQuery(knowledge: knowledge, cursor: nil, limit: 10, maxPageBytes: Self.limits.maxPageBytes, conflictsAfter: 0, maxConflicts: 10)
        let outcome = try await space.store.push(user: space.user, PushBatch(
            epoch: nil, records: [moved.delta(notCoveredBy: VersionVector([Self.deviceB: 3]))], knowledge: knowledge,
            maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize, pullAlong: along), now: Date())
        #expect(outcome.changed == 1)
        let page = try #require(outcome.page)
        #expect(page == (try await space.store.pull(user: space.user, along)))
        #expect(page.records.map(\.id) == [articles[1].id, articles[2].id] && page.next == nil)
        #expect(try await space.pull().first { $0.id == moved.id } == moved, "the push is committed")
    }

    static func randomValue(of field: String, using random: inout SeededGenerator) -> JSONValue {
        switch field {
        case Field.deleted: .bool(Bool.random(using: &random))
        case Field.content: Bool.random(using: &random) ? .null : content("v\(Int.random(in: 0...999, using: &random))")
        case Field.progress: .number(Double(Int.random(in: 0...100, using: &random)) / 100)
        case _ where Field.isTag(field): Bool.random(using: &random) ? .string(field.dropFirst(Field.tagPrefix.count).uppercased()) : .null
        default: .string("v\(Int.random(in: 0...999, using: &random))")
        }
    }

    /// The change set for `knowledge` computed from whole records, in the order a pull sends it.
    static func changeSet(of records: [RecordState], for knowledge: VersionVector) -> [RecordState] {
        records
            .compactMap { record in record.registers.map(\.dot).filter { !knowledge.covers($0) }.min().map { (dot: $0, record: record) } }
            .sorted { ($0.dot, $0.record.id.uuidString.lowercased()) < ($1.dot, $1.record.id.uuidString.lowercased()) }
            .map { $0.record.delta(notCoveredBy: knowledge) }
    }
}

extension StoreKind {
    /// The store's ``SyncStorage/pullAlongInWriteDots``.
    fileprivate var pullAlongInWriteDots: UInt64 {
        switch self {
        case .sqlite: SQLiteSyncStore.pullAlongInWriteDots
        case .postgres: PostgresSyncStore.pullAlongInWriteDots
        }
    }
}
