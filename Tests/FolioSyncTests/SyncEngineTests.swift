import FolioModel
import FolioProtocol
import FolioServer
import FolioStore
import FolioSync
import Foundation
import GRDB
import StoreTestSupport
import Testing

/// The engine against the loopback server and against the real server core on each store
/// (``ServerKind``).
@Suite(.removesStores) struct SyncEngineTests {
    func save(_ database: FolioDatabase, _ n: Int, title: String? = nil) throws -> UUID {
        let url = try CanonicalURL("https://example.com/\(n)")
        try database.save(Article(id: url.articleID, url: url.string, title: title ?? "Article \(n)", content: ArticleContent(html: "<p>x</p>", text: "text"), savedAt: Date()))
        return url.articleID
    }

    /// Two devices edit offline and sync through the server in turn: all three end equal.
    @Test(arguments: ServerKind.available) func twoDevicesConvergeThroughServer(kind: ServerKind) async throws {
        let replicas = try Replicas(count: 2)
        let server = try await kind.start()
        let a = SyncEngine(database: replicas[0], transport: server.transport, peerName: "s")
        let b = SyncEngine(database: replicas[1], transport: server.transport, peerName: "s")
        let shared = try save(replicas[0], 1)
        _ = try save(replicas[1], 2)
        #expect(try await a.sync() == SyncSummary(sent: 1, received: 0))
        #expect(try await b.sync() == SyncSummary(sent: 1, received: 1))
        try replicas[0].set(Field.title, to: .string("from A"), on: shared)
        try replicas[1].set(Field.title, to: .string("from B"), on: shared)
        _ = try await a.sync()
        let summary = try await b.sync()
        #expect(summary.conflicts == 1)
        _ = try await a.sync()
        #expect(try replicas[0].canonicalDump() == replicas[1].canonicalDump())
        #expect(try await server.dump() == replicas[1].canonicalDump())
        #expect(try await a.sync() == SyncSummary(), "a repeated sync changes nothing")
        #expect(try !replicas[1].conflicts().isEmpty)
    }

    /// A conflict the server resolved reaches every device through its conflict log, also one
    /// that never held the losing write.
    @Test(arguments: ServerKind.stores) func serverConflictLogReachesEveryDevice(kind: ServerKind) async throws {
        let replicas = try Replicas(count: 3)
        let server = try await kind.start()
        let engines = replicas.databases.map { SyncEngine(database: $0, transport: server.transport, peerName: "s") }
        let shared = try save(replicas[0], 1)
        for engine in engines { _ = try await engine.sync() }
        try replicas[0].set(Field.title, to: .string("from A"), on: shared)
        try replicas[1].set(Field.title, to: .string("from B"), on: shared)
        _ = try await engines[0].sync()
        #expect(try await engines[1].sync().conflicts == 1)
        _ = try await engines[2].sync()
        _ = try await engines[0].sync()
        let logged = try replicas.databases.map { try $0.conflicts().map(\.conflict) }
        #expect(logged[0].count == 1 && logged.allSatisfy { $0 == logged[0] }, "\(logged)")
        #expect(logged[0].first?.field == Field.title)
    }

    /// A sync without local changes with a server the device knows is one request, the pull,
    /// with no info first; it brings what changed elsewhere.
    @Test(arguments: ServerKind.available) func syncWithoutChangesIsOnePull(kind: ServerKind) async throws {
        let replicas = try Replicas(count: 2)
        let started = try await kind.start()
        let server = started.transport
        let device = SyncEngine(database: replicas[0], transport: server, peerName: "s")
        _ = try save(replicas[0], 1)
        _ = try await device.sync()
        let (infos, pulls) = (server.infos.count, server.pulls.count)
        #expect(try await device.sync() == SyncSummary())
        #expect(server.infos.count == infos && server.pulls.count == pulls + 1, "nothing new: one pull, no info")
        _ = try save(replicas[1], 2)
        _ = try await SyncEngine(database: replicas[1], transport: server, peerName: "s").sync()
        let (infosBefore, pullsBefore) = (server.infos.count, server.pulls.count)
        let summary = try await device.sync()
        #expect(summary.received == 1)
        #expect(server.infos.count == infosBefore && server.pulls.count == pullsBefore + 1)
    }

    /// A pull-only sync that meets a server with a new epoch (it was wiped) applies nothing from
    /// that page and starts over from info, sending everything it has.
    @Test(arguments: ServerKind.available) func pullOnlySyncNoticesAWipedServer(kind: ServerKind) async throws {
        let replicas = try Replicas(count: 1)
        let old = try await kind.start()
        _ = try save(replicas[0], 1)
        _ = try await SyncEngine(database: replicas[0], transport: old.transport, peerName: "s").sync()
        let wiped = try await kind.start()
        let summary = try await SyncEngine(database: replicas[0], transport: wiped.transport, peerName: "s").sync()
        #expect(summary.serverWasReset && summary.sent == 1)
        #expect(wiped.transport.infos.count == 1)
        #expect(try await wiped.dump() == replicas[0].canonicalDump())
    }

    /// Pages are asked for ahead: with a small page size a long pull still ends identical.
    @Test(arguments: ServerKind.available) func prefetchedPagesApplyInOrder(kind: ServerKind) async throws {
        let replicas = try Replicas(count: 2)
        let server = try await kind.start()
        for index in 0..<57 { _ = try save(replicas[1], index) }
        _ = try await SyncEngine(database: replicas[1], transport: server.base, peerName: "s").sync()
        var device = SyncEngine(database: replicas[0], transport: server.transport, peerName: "s")
        device.pageSize = 5
        let summary = try await device.sync()
        #expect(summary.received == 57)
        #expect(server.transport.pulls.count >= 12)
        #expect(try replicas[0].canonicalDump() == replicas[1].canonicalDump())
    }

    /// The server's page limit wins over a larger one asked for: the pull takes more pages and
    /// still ends complete.
    @Test(arguments: ServerKind.stores) func serverPageLimitCapsPulls(kind: ServerKind) async throws {
        let replicas = try Replicas(count: 2)
        var limits = ServerLimits()
        limits.maxPageSize = 3
        let server = try await kind.start(limits: limits)
        for index in 0..<10 { _ = try save(replicas[1], index) }
        _ = try await SyncEngine(database: replicas[1], transport: server.base, peerName: "s").sync()
        let summary = try await SyncEngine(database: replicas[0], transport: server.transport, peerName: "s").sync()
        #expect(summary.received == 10)
        #expect(server.transport.pulls.count == 4, "pages of 3, 3, 3 and 1")
        #expect(try replicas[0].canonicalDump() == replicas[1].canonicalDump())
    }

    /// A device with changes for a server it knows skips the info request: push, then a pull only
    /// when the push answer shows the server has more. The real server answers the push with the
    /// pull's first page (SPEC §5.2), so even that sync is one request; the loopback server does
    /// not pull along, and the device then pulls as before.
    @Test(arguments: ServerKind.available) func changesArePushedWithoutInfo(kind: ServerKind) async throws {
        let replicas = try Replicas(count: 2)
        let started = try await kind.start()
        let server = started.transport
        let device = SyncEngine(database: replicas[0], transport: server, peerName: "s")
        let other = SyncEngine(database: replicas[1], transport: server, peerName: "s")
        let id = try save(replicas[0], 1)
        _ = try await device.sync()
        #expect(server.infos.count == 1, "the first sync asks for info")

        try replicas[0].set(Field.progress, to: .number(0.5), on: id)
        let (infos, pulls) = (server.infos.count, server.pulls.count)
        #expect(try await device.sync() == SyncSummary(sent: 1, received: 0))
        #expect(server.infos.count == infos && server.pulls.count == pulls, "one request: the push")

        _ = try await other.sync()
        try replicas[1].set(Field.title, to: .string("from the other device"), on: id)
        _ = try await other.sync()
        try replicas[0].set(Field.progress, to: .number(0.75), on: id)
        let (infosBefore, pullsBefore, pushesBefore) = (server.infos.count, server.pulls.count, server.pushes.count)
        let summary = try await device.sync()
        #expect(summary == SyncSummary(sent: 1, received: 1))
        #expect(server.infos.count == infosBefore, "the push answer showed the other change: pulled without info")
        #expect(server.pushes.count == pushesBefore + 1)
        let pullsAlong: Bool
        if case .store = kind { pullsAlong = true } else { pullsAlong = false }
        #expect(server.pulls.count == pullsBefore + (pullsAlong ? 0 : 1), "the page came with the push answer, or was pulled after it")
        #expect(try await started.dump() == replicas[0].canonicalDump())
    }

    /// A server restored from a backup under the same epoch knows less than the device stored:
    /// it refuses the short push (`server_behind`), and the full sync sends it everything it lacks.
    @Test(arguments: ServerKind.available) func restoredServerWithTheSameEpochGetsWhatItLacks(kind: ServerKind) async throws {
        let replicas = try Replicas(count: 1)
        let (server, backup) = try await kind.startWithBackup()
        for n in 0..<3 { _ = try save(replicas[0], n) }
        _ = try await SyncEngine(database: replicas[0], transport: server.transport, peerName: "s").sync()
        _ = try save(replicas[0], 3)
        let summary = try await SyncEngine(database: replicas[0], transport: backup.transport, peerName: "s").sync()
        #expect(summary.sent == 4 && !summary.serverWasReset)
        #expect(backup.transport.infos.count == 1)
        #expect(try await backup.dump() == replicas[0].canonicalDump())
    }

    /// A pull of 1,000 records or more ends with the search index in one segment; a smaller
    /// one leaves the segments its pages wrote.
    @Test func bulkPullCompactsTheSearchIndex() async throws {
        let replicas = try Replicas(count: 4)
        func segments(_ database: FolioDatabase) throws -> Int {
            try DatabaseQueue(path: database.path).read { db in try Int.fetchOne(db, sql: "SELECT count(DISTINCT segid) FROM article_fts_idx") ?? 0 }
        }
        func articles(_ range: Range<Int>) -> [LocalChange] {
            range.map { index in
                let article = Article(id: UUID(), url: "https://example.com/\(index)", title: "Title \(index)",
                                      content: ArticleContent(html: "<p>words</p>", text: "words"), savedAt: Date())
                return LocalChange(id: article.id, kind: .article) { _ in article.savedFields() }
            }
        }
        let server = LoopbackTransport(server: replicas[3], epoch: "e")
        func pull(into database: FolioDatabase) async throws -> Int {
            var engine = SyncEngine(database: database, transport: server, peerName: "s")
            engine.pageSize = 300
            return try await engine.sync().received
        }
        try replicas[0].change(batch: articles(0..<900))
        _ = try await SyncEngine(database: replicas[0], transport: server, peerName: "s").sync()
        #expect(try await pull(into: replicas[1]) == 900)
        #expect(try segments(replicas[1]) > 1, "900 records in pages of 300: left as written")

        try replicas[0].change(batch: articles(900..<1_000))
        _ = try await SyncEngine(database: replicas[0], transport: server, peerName: "s").sync()
        #expect(try await pull(into: replicas[2]) == 1_000)
        #expect(try segments(replicas[2]) == 1)
        #expect(try replicas[2].search(SearchQuery("words"), limit: 2_000).count == 1_000)
        try replicas[2].verifySearchIndex()
    }

    /// A pull cut off mid-way keeps its committed pages and finishes on the next sync.
    @Test(arguments: ServerKind.available) func interruptedPullResumes(kind: ServerKind) async throws {
        let replicas = try Replicas(count: 2)
        let server = try await kind.start()
        for n in 0..<10 { _ = try save(replicas[1], n) }
        _ = try await SyncEngine(database: replicas[1], transport: server.base, peerName: "s").sync()
        var engine = SyncEngine(database: replicas[0], transport: CountingTransport(server.base, failPullAfterPages: 2), peerName: "s")
        engine.pageSize = 3
        await #expect(throws: SyncError.self) { try await engine.sync() }
        #expect(try replicas[0].list(ArticleFilter(states: [])).count == 6, "two pages of three were committed")
        #expect(try replicas[0].peer("s")?.cursor != nil)
        var healthy = SyncEngine(database: replicas[0], transport: server.base, peerName: "s")
        healthy.pageSize = 3
        let summary = try await healthy.sync()
        #expect(summary.received == 4)
        #expect(try replicas[0].canonicalDump() == replicas[1].canonicalDump())
        #expect(try await server.base.info().knowledge == replicas[0].replicaInfo().knowledge)
    }

    /// A server that lost everything (new epoch) refuses the push of a new change made for the
    /// old one (`epoch_changed`), and gets the device's whole library back.
    @Test(arguments: ServerKind.available) func wipedServerGetsEverythingBack(kind: ServerKind) async throws {
        let replicas = try Replicas(count: 1)
        let old = try await kind.start()
        for n in 0..<4 { _ = try save(replicas[0], n) }
        _ = try await SyncEngine(database: replicas[0], transport: old.transport, peerName: "s").sync()
        _ = try save(replicas[0], 4)
        let wiped = try await kind.start()
        let summary = try await SyncEngine(database: replicas[0], transport: wiped.transport, peerName: "s").sync()
        #expect(summary.serverWasReset && summary.sent == 5)
        #expect(wiped.transport.infos.count == 1, "the refused push led to one full sync")
        #expect(try await wiped.dump() == replicas[0].canonicalDump())
    }
}
