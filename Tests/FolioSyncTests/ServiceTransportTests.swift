import FolioModel
import FolioProtocol
import FolioServer
import FolioStore
import FolioSync
import Foundation
import PostgresTestSupport
import StoreTestSupport
import Testing

/// ``ServiceTransport`` answers as the server does over HTTP.
@Suite(.removesStores) struct ServiceTransportTests {
    /// A refusal arrives as the ``SyncError`` the HTTP transport makes of the server's answer.
    @Test(arguments: StoreKind.available) func refusalsAreReportedAsOverHTTP(kind: StoreKind) async throws {
        let transport = try await ServiceTransport(newUserOf: try await kind.openForTest().store)
        let epoch = try await transport.info().epoch
        let refused = await #expect(throws: SyncError.self) { try await transport.push(PushRequest(epoch: "stale", records: [])) }
        guard case .server(let status, let code, let message)? = refused else { Issue.record("not a server answer: \(String(describing: refused))"); return }
        #expect(status == 409 && code == ErrorCode.epochChanged.rawValue && message.contains("epoch is now \(epoch)"))
        await #expect(throws: SyncError.server(status: 400, code: ErrorCode.badRequest.rawValue, message: "limit must be at least 1")) {
            try await transport.pull(PullRequest(knowledge: VersionVector(), limit: 0))
        }
    }

    /// A push names the pushing replica after the device its token was given to.
    @Test(arguments: StoreKind.available) func pushesNameTheirDevice(kind: StoreKind) async throws {
        let transport = try await ServiceTransport(newUserOf: try await kind.openForTest().store)
        let replicas = try Replicas(count: 1)
        try replicas[0].save(Article(id: UUID(), url: "https://example.com/named", title: "Named", content: ArticleContent(html: "<p>x</p>", text: "x"), savedAt: Date()))
        _ = try await SyncEngine(database: replicas[0], transport: transport, peerName: "s").sync()
        #expect(try await transport.info().replicas?.entries == [try replicas[0].replicaInfo().id: "test device"])
    }
}
