import FolioModel
@testable import FolioStore
import Foundation
import GRDB
import Testing

/// A pull pauses FTS5's merging until its last page.
@Suite struct PageIndexTests {
    let other = ReplicaID(rawValue: 0xBEEF)

    /// The next write of `fields` to `state` by the other replica.
    func written(_ state: RecordState, _ fields: [(field: String, value: JSONValue)], counter: inout UInt64) -> RecordState {
        counter += 1
        var state = state
        state.write(fields, dot: Dot(replica: other, counter: counter), stamp: HLCStamp(wall: 1_700_000_000_000 + counter))
        return state
    }

    func article(_ index: Int, words: String) -> Article {
        Article(id: UUID(), url: "https://example.com/\(index)", title: "title\(index)",
                content: ArticleContent(byline: nil, siteName: nil, html: "<p>\(words)</p>", text: words), savedAt: Date(timeIntervalSince1970: 1_700_000_000))
    }

    func ids(_ database: FolioDatabase, _ words: String) throws -> Set<UUID> {
        Set(try database.search(SearchQuery(words), limit: 1_000).map(\.article.id))
    }

    func automerge(_ database: FolioDatabase) throws -> Int? {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT v FROM article_fts_config WHERE k = 'automerge'") }
    }

    /// A pull's pages pause FTS5's merging while more pages follow; its last page resumes it.
    @Test func aPullPausesMergingUntilItsLastPage() async throws {
        let temp = try TemporaryDatabase()
        var counter: UInt64 = 0
        func page(_ range: Range<Int>, cursor: String?) -> FolioDatabase.IncomingPage {
            let records = range.map { written(RecordState(id: UUID(), kind: .article), article($0, words: "pulled").savedFields(), counter: &counter) }
            return FolioDatabase.IncomingPage(
                records: records, news: FolioDatabase.PeerNews(serverTime: Date(), names: [:], conflicts: []),
                conflictSeq: 0, cursor: cursor, peerKnowledge: VersionVector([other: 100]))
        }
        #expect(try automerge(temp.database) == nil, "FTS5's default")
        _ = try await temp.database.applyIncoming(page(0..<10, cursor: "10"), from: "server")
        #expect(try automerge(temp.database) == 0)
        _ = try await temp.database.applyIncoming(page(10..<20, cursor: "20"), from: "server")
        #expect(try automerge(temp.database) == 0)
        _ = try await temp.database.applyIncoming(page(20..<30, cursor: nil), from: "server")
        #expect(try automerge(temp.database) == SearchIndex.automerge)
        #expect(try ids(temp.database, "pulled").count == 30)
        try temp.database.verifySearchIndex()
    }
}
