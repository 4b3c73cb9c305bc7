import FolioModel
import FolioStore
import Foundation
import Testing

@Suite struct SearchTests {
    @Test func parsesQuerySyntax() {
        let query = SearchQuery(#"swift "structured concurrency" actor* -objc tag:Lang -tag:old site:example.com is:unread is:fav"#)
        #expect(query.terms == [#""swift""#, #""structured concurrency""#, #""actor"*"#])
        #expect(query.excludedTerms == [#""objc""#])
        #expect(query.tags == ["lang"] && query.excludedTags == ["old"])
        #expect(query.site == "example.com")
        #expect(query.read == false && query.favorite == true)
        #expect(query.matchExpression == #""swift" AND "structured concurrency" AND "actor"* NOT "objc""#)
        #expect(SearchQuery(#"evil" OR "x"#).terms.allSatisfy { $0.hasPrefix("\"") }, "user quotes cannot inject FTS syntax")
    }

    @Test func ranksAndFilters() throws {
        let temp = try TemporaryDatabase()
        let titleHit = try temp.save("https://a.example/1", title: "Structured concurrency in Swift", text: "An overview.", tags: ["swift"])
        let bodyHit = try temp.save("https://b.example/2", title: "Notes", text: "We discuss structured concurrency briefly, among other things.", tags: ["notes"])
        _ = try temp.save("https://c.example/3", title: "Gardening", text: "Tomatoes and concurrency of seasons.")
        let hits = try temp.database.search(SearchQuery(#""structured concurrency""#))
        #expect(hits.map(\.article.id) == [titleHit.id, bodyHit.id])
        #expect(hits[1].snippet.contains(SearchHit.matchStart + "structured concurrency" + SearchHit.matchEnd))
        #expect(try temp.database.search(SearchQuery("concurr*")).count == 3)
        #expect(try temp.database.search(SearchQuery("concurrency tag:notes")).map(\.article.id) == [bodyHit.id])
        #expect(try temp.database.search(SearchQuery("concurrency -tag:notes -tag:swift")).count == 1)
        #expect(try temp.database.search(SearchQuery("concurrency site:b.example")).map(\.article.id) == [bodyHit.id])
        #expect(try temp.database.search(SearchQuery("concurrency -tomatoes")).count == 2)
        try temp.database.set(Field.archived, to: .bool(true), on: bodyHit.id)
        #expect(try temp.database.search(SearchQuery("structured is:archived")).map(\.article.id) == [bodyHit.id])
        #expect(try temp.database.search(SearchQuery("structured -is:archived")).map(\.article.id) == [titleHit.id])
        try temp.database.set(Field.note, to: .string("remember the xylophone"), on: titleHit.id)
        #expect(try temp.database.search(SearchQuery("xylophone")).map(\.article.id) == [titleHit.id])
    }

    /// Accents and case do not matter.
    @Test func foldsDiacritics() throws {
        let temp = try TemporaryDatabase()
        let article = try temp.save("https://a.example/cafe", title: "Café culture", text: "Über alles")
        #expect(try temp.database.search(SearchQuery("cafe")).map(\.article.id) == [article.id])
        #expect(try temp.database.search(SearchQuery("UBER")).map(\.article.id) == [article.id])
    }

    /// A query with more matches than the ranking window ranks the newest matches only, and
    /// filters apply before the window is counted.
    @Test func ranksWithinTheNewestMatches() throws {
        let temp = try TemporaryDatabase()
        var database = temp.database
        database.rankingWindow = 3
        let strong = try temp.save("https://example.com/0", title: "Walrus walrus walrus", text: "walrus")
        var newer: [UUID] = []
        for index in 1...4 { newer.append(try temp.save("https://example.com/\(index)", title: "Note \(index)", text: "a walrus", tags: index <= 2 ? ["old"] : []).id) }
        // The strongest match is older than the three newest: outside the window.
        #expect(try Set(database.search(SearchQuery("walrus")).map(\.article.id)) == Set(newer.suffix(3)))
        // With a tag filter, the window counts filtered matches: the strong one is back in it.
        #expect(try database.search(SearchQuery("walrus -tag:old")).first?.article.id == strong.id)
        database.rankingWindow = 5_000
        #expect(try database.search(SearchQuery("walrus")).first?.article.id == strong.id)
    }
}
