import FolioModel
import FolioStore
import FolioSync
import Foundation
import StoreTestSupport
import Testing

/// Edits, the trash and tag renames made on different devices converge through the server
/// (the loopback one, and the real server core on each store), the way `folio sync` runs them.
@Suite(.removesStores) struct EditingSyncTests {
    /// Two devices and a server, with an article saved on the first and synced to all.
    struct Devices {
        let replicas: Replicas
        let server: TestServer
        let a: SyncEngine
        let b: SyncEngine
        let article: UUID

        init(_ kind: ServerKind) async throws {
            replicas = try Replicas(count: 2)
            server = try await kind.start()
            a = SyncEngine(database: replicas[0], transport: server.transport, peerName: "s")
            b = SyncEngine(database: replicas[1], transport: server.transport, peerName: "s")
            let url = try CanonicalURL("https://example.com/shared")
            try replicas[0].save(Article(id: url.articleID, url: url.string, title: "Shared",
                                         content: ArticleContent(html: "<p>kept text</p>", text: "kept text"), savedAt: Date(), tags: ["swift"]))
            article = url.articleID
            _ = try await a.sync()
            _ = try await b.sync()
        }

        /// Syncs both devices until each has everything, and checks both and the server hold the same.
        func converge() async throws {
            _ = try await a.sync()
            _ = try await b.sync()
            _ = try await a.sync()
            #expect(try replicas[0].canonicalDump() == replicas[1].canonicalDump())
            #expect(try await server.dump() == replicas[1].canonicalDump())
        }

        func articles() throws -> [Article] {
            try replicas.databases.map { try #require(try $0.article(article)) }
        }
    }

    /// A trashed article edited elsewhere meanwhile comes back from the trash whole: its text,
    /// the other device's edit, on every device.
    @Test(arguments: ServerKind.available) func trashRestoreAndAConcurrentEditConverge(kind: ServerKind) async throws {
        let devices = try await Devices(kind)
        try devices.replicas[0].trash(devices.article)
        try devices.replicas[1].set(Field.title, to: .string("Edited on B"), on: devices.article)
        try devices.replicas[1].setProgress(0.5, on: devices.article)
        try await devices.converge()
        #expect(try devices.articles().allSatisfy { $0.isTrashed && $0.title == "Edited on B" })

        try devices.replicas[1].restore(devices.article)
        try await devices.converge()
        for article in try devices.articles() {
            #expect(!article.isTrashed && !article.isDeleted)
            #expect(article.title == "Edited on B" && article.progress == 0.5 && article.content.text == "kept text")
        }
        #expect(try devices.replicas[0].list(ArticleFilter()).map(\.id) == [devices.article])
    }

    /// Emptying the trash on one device while another restores the article: the deletion
    /// stands (a concurrent edit does not resurrect, SPEC §3.4), the same everywhere.
    @Test(arguments: ServerKind.available) func emptyingTheTrashBeatsAConcurrentRestore(kind: ServerKind) async throws {
        let devices = try await Devices(kind)
        try devices.replicas[0].trash(devices.article)
        try await devices.converge()
        try devices.replicas[0].emptyTrash()
        try devices.replicas[1].restore(devices.article)
        try await devices.converge()
        #expect(try devices.articles().allSatisfy { $0.isDeleted && $0.content.text.isEmpty })
    }

    /// An edited address and title travel; the id stays, so both devices hold one article.
    @Test(arguments: ServerKind.available) func editedAddressConverges(kind: ServerKind) async throws {
        let devices = try await Devices(kind)
        let moved = try CanonicalURL("https://example.com/moved")
        try devices.replicas[1].edit(devices.article, title: "Moved", url: moved)
        try await devices.converge()
        #expect(try devices.articles().allSatisfy { $0.url == moved.string && $0.title == "Moved" })
        let resaved = try devices.replicas[0].save(Article(id: moved.articleID, url: moved.string, title: "x", savedAt: Date()))
        #expect(resaved.id == devices.article)
    }

    /// A rename on one device and an add of the old tag on another: add wins, so the article
    /// the other device tagged keeps the old tag beside the new one.
    @Test(arguments: ServerKind.available) func tagRenameMeetsAConcurrentAdd(kind: ServerKind) async throws {
        let devices = try await Devices(kind)
        try devices.replicas[0].renameTag(Tag("swift")!, to: Tag("Swift language")!)
        try devices.replicas[1].retag(devices.article, add: [Tag("Swift")!], remove: [])
        try await devices.converge()
        #expect(try devices.articles().allSatisfy { Set($0.tags.map(Tag.normalize)) == ["swift", "swift language"] })
    }
}
