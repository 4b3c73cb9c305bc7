import FolioModel
import FolioStore
import Foundation
import Testing

/// Random histories on 3 to 5 real SQLite replicas, synced in random orders with partial,
/// interrupted and repeated exchanges, checked against the reference model. The operations are
/// every local write a user can make: saves, edits, tags, the trash and its restore, deletions,
/// undeletes and highlights.
@Suite struct SyncPropertyTests {
    static let urls = (0..<6).map { "https://example.com/post/\($0)" }
    static let tagNames = ["Swift", "news", "later"]

    struct Run {
        var replicas: Replicas
        var model = ReferenceModel()
        var articleIDs: [UUID] = []
    }

    /// Applies one random local operation on replica `index`, recording every write in the model.
    static func randomOperation(_ run: inout Run, on index: Int, at now: Date, rng: inout SeededGenerator) throws {
        let database = run.replicas[index]
        let before = try database.replicaInfo().counter
        let url = urls.randomElement(using: &rng)!
        let id = try CanonicalURL(url).articleID
        let live = try database.article(id).map { !$0.isDeleted } ?? false
        var written = id
        switch Int.random(in: 0..<13, using: &rng) {
        case 0, 1:
            let article = Article(id: id, url: url, title: "T\(Int.random(in: 0...99, using: &rng))",
                                  content: ArticleContent(html: "<p>body</p>", text: "body \(Int.random(in: 0...9, using: &rng))"), savedAt: now,
                                  tags: Bool.random(using: &rng) ? [tagNames.randomElement(using: &rng)!] : [])
            try database.save(article, now: now)
        case 2 where live: try database.setProgress(Double(Int.random(in: 0...10, using: &rng)) / 10, on: id, now: now)
        case 3 where live: try database.set(Field.title, to: .string("edit \(Int.random(in: 0...99, using: &rng))"), on: id, now: now)
        case 4 where live: try database.set(Field.archived, to: .bool(Bool.random(using: &rng)), on: id, now: now)
        case 5 where live: try database.set(Field.favorite, to: .bool(Bool.random(using: &rng)), on: id, now: now)
        case 6 where live: try database.set(Field.note, to: .string("note \(Int.random(in: 0...9, using: &rng))"), on: id, now: now)
        case 7 where live:
            let tag = Tag(tagNames.randomElement(using: &rng)!)!
            if Bool.random(using: &rng) { try database.retag(id, add: [tag], remove: [], now: now) } else { try database.retag(id, add: [], remove: [tag], now: now) }
        case 8 where live: try database.delete(id, now: now)
        case 9 where live:
            let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let highlightID = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                                          bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
            let highlight = Highlight(id: highlightID, articleID: id, quote: "q\(Int.random(in: 0...9, using: &rng))", createdAt: now)
            try database.addHighlight(highlight, now: now)
            written = highlight.id
        case 10 where !live:
            // An undelete as any client may send it: `deleted: false` alone, no new content.
            guard try database.record(id) != nil else { return }
            try database.change(id, kind: .article, now: now) { _ in [(Field.deleted, .bool(false))] }
        case 11 where live: try database.trash(id, now: now)
        case 12 where live: try database.restore(id, now: now)
        default: return
        }
        let info = try database.replicaInfo()
        guard info.counter > before else { return }
        let dot = Dot(replica: info.id, counter: info.counter)
        run.model.record(try #require(try database.record(written)), dot: dot)
    }

    /// One random schedule of replica-to-replica exchanges; returns the run after everyone has
    /// exchanged everything.
    static func schedule(seed: UInt64) async throws -> Run {
        try await schedule(seed: seed, exchange: { run, i, rng in
            let count = run.replicas.databases.count
            let j = (i + Int.random(in: 1..<count, using: &rng)) % count
            let pageSize = Int.random(in: 1...4, using: &rng)
            let stop: Int? = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 0...2, using: &rng) : nil
            try Exchange.send(from: run.replicas[j], to: run.replicas[i], pageSize: pageSize, stopAfter: stop)
            if Int.random(in: 0..<5, using: &rng) == 0 { try Exchange.send(from: run.replicas[j], to: run.replicas[i]) }  // repeated
        }, converge: Exchange.converge)
    }

    /// One random schedule of local operations and of exchanges by replica `i` (`exchange`);
    /// returns the run after `converge` made everyone exchange everything.
    static func schedule(
        seed: UInt64,
        exchange: (Run, _ i: Int, inout SeededGenerator) async throws -> Void,
        converge: ([FolioDatabase]) async throws -> Void
    ) async throws -> Run {
        var rng = SeededGenerator(seed: seed)
        let count = Int.random(in: 3...5, using: &rng)
        let ids = (0..<count).map { _ in ReplicaID(rawValue: UInt64.random(in: 1...UInt64.max, using: &rng)) }
        var run = Run(replicas: try Replicas(count: count, ids: ids))
        let skews = (0..<count).map { _ in Double.random(in: -86_400...86_400, using: &rng) }
        var now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400 - 10 * 86_400)
        for _ in 0..<Int.random(in: 8...30, using: &rng) {
            now.addTimeInterval(Double.random(in: 0...3, using: &rng))
            let i = Int.random(in: 0..<count, using: &rng)
            if Int.random(in: 0..<3, using: &rng) > 0 {
                try randomOperation(&run, on: i, at: now.addingTimeInterval(skews[i]), rng: &rng)
            } else {
                try await exchange(run, i, &rng)
            }
        }
        try await converge(run.replicas.databases)
        return run
    }

    /// Everyone ends with the same registers, vectors and materialised view, and it is the
    /// state the reference model predicts from the full history of writes.
    /// (It yields between schedules: a minute and more of work must not hold one of the shared
    /// concurrency pool's threads, which in-process servers of other suites need.)
    @Test func randomSchedulesConvergeToTheReferenceState() async throws {
        let environment = ProcessInfo.processInfo.environment
        let first = environment["FOLIO_SYNC_FIRST_SEED"].flatMap(UInt64.init) ?? 1
        let seeds = first...(first + (environment["FOLIO_SYNC_SCHEDULES"].flatMap(UInt64.init) ?? 1_000) - 1)
        for seed in seeds {
            await Task.yield()
            try Self.check(try await Self.schedule(seed: seed), seed: seed)
        }
    }

    /// Checks a run that converged: every replica shows the same records, listings and search
    /// results, the state the reference model predicts, and re-applying everything changes nothing.
    static func check(_ run: Run, seed: UInt64) throws {
        let dumps = try run.replicas.databases.map { try $0.canonicalDump() }
        for dump in dumps.dropFirst() { #expect(dump == dumps[0], "seed \(seed): replicas differ") }
        let lists = try run.replicas.databases.map { try $0.list(ArticleFilter(states: [])) + $0.list(ArticleFilter(states: [.trashed])) }
        for list in lists.dropFirst() { #expect(list == lists[0], "seed \(seed): listings differ") }
        for database in run.replicas.databases { try database.verifySearchIndex() }
        for word in ["note", "q1", "q2"] {
            let found = try run.replicas.databases.map { try Set($0.search(SearchQuery(word)).map(\.article.id)) }
            for hits in found.dropFirst() { #expect(hits == found[0], "seed \(seed): search results for \(word) differ") }
        }
        try checkAgainstModel(run, seed: seed)
        if dumps.isEmpty { return }
        // Re-applying a complete change set changes nothing.
        let everything = try run.replicas[0].changes(notCoveredBy: VersionVector(), limit: 1_000_000).records
        #expect(try run.replicas[1].apply(everything).changed == 0, "seed \(seed): re-apply changed a register")
        #expect(try run.replicas[1].canonicalDump() == dumps[0], "seed \(seed): re-apply changed the state")
    }

    static func checkAgainstModel(_ run: Run, seed: UInt64) throws {
        let database = run.replicas[0]
        for id in run.model.records {
            let state = try #require(try database.record(id), "seed \(seed): record lost")
            let fields = Set(run.model.writes.filter { $0.record == id && !Field.isTag($0.field) }.map(\.field))
            for field in fields {
                let expected = try #require(run.model.value(of: field, in: id))
                let kept = state.registers(of: field)
                #expect(kept.map(\.dot) == [expected.dot], "seed \(seed): \(field) of \(id) kept \(kept.map(\.dot)) expected \(expected.dot)")
            }
            let tagKeys = Set(state.registers.filter { Field.isTag($0.field) && !$0.value.isNull }.map { String($0.field.dropFirst(Field.tagPrefix.count)) })
            #expect(tagKeys == run.model.tags(of: id), "seed \(seed): tags of \(id)")
        }
    }
}
