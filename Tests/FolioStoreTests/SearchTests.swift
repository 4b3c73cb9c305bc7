import FolioModel
@testable import FolioStore
import Foundation
import GRDB
import Testing

@Suite struct SearchTests {
    @Test func parsesQuerySyntax() throws {
        let query = try SearchQuery(#"swift "structured concurrency" actor* -objc -"old news" tag:Lang -tag:old tag:"Machine  Learning" site:example.com is:unread -is:archived"#)
        #expect(query.terms == [[#""swift""#], [#""structured concurrency""#], [#""actor"*"#]])
        #expect(query.excludedTerms == [#""objc""#, #""old news""#])
        #expect(query.tags == ["lang", "machine learning"] && query.excludedTags == ["old"])
        #expect(query.site == "example.com")
        #expect(query.states == [.unread] && query.excludedStates == [.archived])
        #expect(query.matchExpression == #"("swift" AND "structured concurrency" AND "actor"*) NOT ("objc" OR "old news")"#)
        #expect(try SearchQuery(#"evil" OR "x"#).terms.joined().allSatisfy { $0.hasPrefix("\"") }, "user quotes cannot inject FTS syntax")
        #expect(try SearchQuery("https://example.com/a").terms == [[#""https://example.com/a""#]], "an address is text, not an operator")
    }

    /// `OR` joins the words on either side into one alternative; lower-case `or` and a quoted
    /// "OR" are words.
    @Test func orJoinsNeighbours() throws {
        #expect(try SearchQuery("rust OR go OR zig tutorial").matchExpression == #"("rust" OR "go" OR "zig") AND "tutorial""#)
        #expect(try SearchQuery(#"this or that "OR""#).terms.count == 4)
    }

    /// Every word at fault is named, with what to write instead; the operators are listed.
    @Test func badQueriesNameTheirProblems() {
        for (text, named) in [("is:bogus", "\"bogus\" is not a state"), ("tag:", "give a tag name"), ("is:", "give a state"),
                              ("foo:bar", "foo: is not a search operator"), ("OR swift", "OR must stand between two words"),
                              ("swift OR", "not at the end"), ("a OR -b", "not before -b"), ("a OR tag:x", "not before tag:x"),
                              ("-site:x", "a site cannot be excluded")] {
            let message = #expect(throws: SearchQueryError.self) { try SearchQuery(text) }?.description ?? ""
            #expect(message.contains(named) && message.contains("trashed") && message.contains("tag:NAME"), "\(text): \(message)")
        }
        #expect(throws: SearchQueryError(problems: [
            #""is:bogus": "bogus" is not a state; the states are is:unread, is:reading, is:read, is:inbox, is:archived, is:favorite, is:trashed"#,
            #""tag:": give a tag name, as in tag:swift"#,
        ])) { try SearchQuery("is:bogus tag:") }
    }

    /// `is:` takes the state words of ``ArticleState``, `-is:` excludes them; `OR` finds either
    /// word; exclusions work without any word to match.
    @Test func statesOrAndExclusionsFilter() throws {
        let temp = try TemporaryDatabase()
        let started = try temp.save("https://a.example/1", title: "Rust ownership", text: "Borrowing and lifetimes.", at: Date(timeIntervalSince1970: 1_000))
        let finished = try temp.save("https://b.example/2", title: "Go channels", text: "Goroutines talk.", at: Date(timeIntervalSince1970: 2_000))
        let fresh = try temp.save("https://c.example/3", title: "Zig comptime", text: "Borrowing nothing.", at: Date(timeIntervalSince1970: 3_000))
        try temp.database.setProgress(0.4, on: started.id)
        try temp.database.markDone(finished.id)
        try temp.database.set(Field.favorite, to: .bool(true), on: fresh.id)
        func found(_ text: String) throws -> Set<UUID> { Set(try temp.database.search(SearchQuery(text)).map(\.article.id)) }
        #expect(try found("rust OR go") == [started.id, finished.id])
        #expect(try found("borrowing -lifetimes") == [fresh.id])
        #expect(try found("-borrowing") == [finished.id], "an exclusion alone lists what does not match")
        #expect(try found("is:reading") == [started.id])
        #expect(try found("is:read") == [finished.id])
        #expect(try found("is:unread") == [fresh.id])
        #expect(try found("-is:read borrowing") == [started.id, fresh.id])
        #expect(try found("is:favorite") == [fresh.id])
        #expect(try found("is:archived") == [finished.id] && found("is:inbox") == [started.id, fresh.id])
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

    /// The trash is hidden from a search, also when the window is full of trashed matches,
    /// and shown with is:trashed, whether it is dropped by row number or joined (a large trash).
    @Test func hidesTheTrashWithinTheWindow() throws {
        let temp = try TemporaryDatabase()
        let older = try temp.save("https://example.com/old", title: "Old walrus", text: "walrus", at: Date(timeIntervalSince1970: 1_000))
        var trashed: [UUID] = []
        for index in 1...3 {
            let article = try temp.save("https://example.com/\(index)", title: "Walrus \(index)", text: "walrus walrus", tags: ["sea"])
            try temp.database.trash(article.id)
            trashed.append(article.id)
        }
        let newest = try temp.save("https://example.com/new", title: "New walrus", text: "walrus", tags: ["sea"])
        for trashSetLimit in [2_000, 2] {
            var database = temp.database
            database.rankingWindow = 2
            database.trashSetLimit = trashSetLimit
            // The three trashed matches sit between the two live ones; the window counts live ones.
            #expect(try Set(database.search(SearchQuery("walrus")).map(\.article.id)) == [older.id, newest.id], "trash set limit \(trashSetLimit)")
            #expect(try database.search(SearchQuery("walrus tag:sea")).map(\.article.id) == [newest.id])
            #expect(try database.search(SearchQuery("walrus -is:trashed")).count == 2)
            database.rankingWindow = 5_000
            #expect(try Set(database.search(SearchQuery("walrus is:trashed")).map(\.article.id)) == Set(trashed))
        }
    }

    /// The trash a search drops is read through its partial index: left to itself, SQLite took
    /// `article_saved` for `deleted = 0` and read every live article at every search.
    @Test func theTrashIsReadThroughItsIndex() throws {
        let temp = try TemporaryDatabase()
        for index in 0..<20 { _ = try temp.save("https://example.com/\(index)", title: "Walrus \(index)", text: "walrus") }
        let plan = try DatabaseQueue(path: temp.database.path).read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + FolioDatabase.trashSetSQL, arguments: [2_001]).map { $0["detail"] as String }
        }
        #expect(plan == ["SEARCH article USING INDEX article_in_trash (trashed_at>?)"])
    }

    /// An emptied trash leaves tombstones that keep their trash date; they are not counted in
    /// the trash a search drops by row number, so deleting many articles that way keeps
    /// searches off the join.
    @Test func deletedArticlesDoNotCountAsTrash() throws {
        let log = PartialWriteTests.StatementLog()
        var database = try PartialWriteTests.traced(log)
        database.trashSetLimit = 2
        func article(_ index: Int) throws -> Article {
            let url = try CanonicalURL("https://example.com/walrus/\(index)")
            return Article(id: url.articleID, url: url.string, title: "Walrus \(index)", content: ArticleContent(byline: nil, siteName: nil, html: "<p>walrus</p>", text: "walrus"),
                           savedAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(index)))
        }
        for index in 0..<4 {
            try database.save(try article(index))
            try database.trash(try article(index).id)
        }
        #expect(try database.emptyTrash() == 4)
        let live = try article(10), trashed = try article(11)
        try database.save(live)
        try database.save(trashed)
        try database.trash(trashed.id)
        _ = log.take()

        #expect(try database.search(SearchQuery("walrus")).map(\.article.id) == [live.id])
        let candidates = log.take().filter { $0.contains("bm25(") }
        #expect(!candidates.isEmpty)
        #expect(candidates.allSatisfy { !$0.contains("JOIN article a") }, "\(candidates)")
    }
}
