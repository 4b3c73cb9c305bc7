import FolioModel
@testable import FolioStore
import Foundation
import GRDB
import Testing

/// A batch of received records writes its search index rows after all of its records
/// (``SearchIndex/Changes``), and a pull pauses FTS5's merging until its last page.
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

    func segments(_ database: FolioDatabase) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT count(DISTINCT segid) FROM article_fts_idx") ?? 0 }
    }

    func automerge(_ database: FolioDatabase) throws -> Int? {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT v FROM article_fts_config WHERE k = 'automerge'") }
    }

    /// A page of new articles, each with a dozen registers written by one statement, indexes as
    /// one segment: its index rows are written after its records, so no statement savepoint
    /// splits them (one segment per article when they were written between the registers).
    @Test func aPageIndexesAsOneSegment() throws {
        let temp = try TemporaryDatabase()
        var counter: UInt64 = 0
        let page = (0..<40).map { written(RecordState(id: UUID(), kind: .article), article($0, words: "word\($0) common").savedFields(), counter: &counter) }
        try temp.database.apply(page)
        #expect(try segments(temp.database) == 1)
        #expect(try ids(temp.database, "common").count == 40)
        try temp.database.verifySearchIndex()
    }

    /// One page that adds, edits, deletes and highlights articles, some twice: every article's
    /// row is the view's (FTS5's check against the view), old words are gone, new ones found.
    @Test func aPageOfChangesLeavesEveryRowRight() throws {
        let temp = try TemporaryDatabase()
        var counter: UInt64 = 0
        let articles = (0..<30).map { article($0, words: "before\($0) shared") }
        let states = articles.map { written(RecordState(id: $0.id, kind: .article), $0.savedFields(), counter: &counter) }
        try temp.database.apply(Array(states.prefix(20)))

        var page: [RecordState] = []
        // Edited text (0–4), an edited title then the text again in the same page (5), deleted (6).
        for index in 0..<5 { page.append(written(states[index], [(Field.content, try JSONValue(encoding: article(index, words: "after\(index) shared").content))], counter: &counter)) }
        let retitled = written(states[5], [(Field.title, .string("renamed"))], counter: &counter)
        page += [retitled, written(retitled, [(Field.content, try JSONValue(encoding: article(5, words: "after5 shared").content))], counter: &counter)]
        page.append(written(states[6], RecordState.deletion, counter: &counter))
        // Highlights of an old article, of a new one before it arrives, and of a new one after.
        for (index, target) in [(7, 7), (20, 20)] {
            page.append(written(RecordState(id: UUID(), kind: .highlight), Highlight(articleID: articles[target].id, quote: "marked\(index)").createdFields(), counter: &counter))
        }
        page += states.dropFirst(20)
        page.append(written(RecordState(id: UUID(), kind: .highlight), Highlight(articleID: articles[25].id, quote: "marked25").createdFields(), counter: &counter))
        try temp.database.apply(page)

        try temp.database.verifySearchIndex()
        #expect(try ids(temp.database, "shared").count == 29)
        for index in 0..<6 {
            #expect(try ids(temp.database, "before\(index)").isEmpty, "article \(index)")
            #expect(try ids(temp.database, "after\(index)") == [articles[index].id], "article \(index)")
        }
        #expect(try ids(temp.database, "renamed") == [articles[5].id])
        #expect(try ids(temp.database, "before6").isEmpty)
        for index in 7..<30 {
            #expect(try ids(temp.database, "before\(index)") == [articles[index].id], "article \(index)")
        }
        for index in [7, 20, 25] {
            #expect(try ids(temp.database, "marked\(index)") == [articles[index].id], "highlight of \(index)")
        }
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
