import FolioModel
@testable import FolioStore
import Foundation
import GRDB
import Testing

/// A new article's row of the full-text index is built from its values (``SearchIndex/row(rowid:of:state:highlights:)``),
/// not read back from the `article_search` view, which stays the definition of the row.
@Suite struct SearchRowTests {
    let other = ReplicaID(rawValue: 0xBEEF)

    /// Varied articles: text or none, bylines, site names or hosts (with `www.`, none without an
    /// address), notes, tags, deleted ones, link-only and pending ones, words with diacritics.
    func articles(_ count: Int) -> [Article] {
        var random = SeededGenerator(seed: 13)
        let words = ["alpha", "Brückenbau", "café", "naïve", "東京", "emoji🙂", "O'Brien", "x-ray", "3.14", "\"quoted\"", "tab\there", "line\nbreak"]
        func phrase(_ length: Int) -> String {
            (0..<length).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
        }
        return (0..<count).map { index in
            let text = index % 7 == 0 ? "" : phrase(Int.random(in: 1...40, using: &random))
            let status: ContentStatus = switch index % 11 {
            case 3: .linkOnly(reason: "a PDF")
            case 5: .pending(reason: "offline")
            default: .complete
            }
            let content = ArticleContent(
                byline: index % 3 == 0 ? nil : phrase(2), siteName: [nil, "", "The Site"][index % 3],
                html: "<p>\(text)</p>", text: text, status: status)
            let url = [
                "https://www.example.com/\(index)", "https://news.example.org/a?\(index)", "", "http://例え.jp/\(index)",
            ][index % 4]
            return Article(
                id: UUID(), url: url, title: index % 13 == 0 ? "" : phrase(3), content: content, savedAt: Date(timeIntervalSince1970: 1_700_000_000),
                note: index % 4 == 1 ? phrase(5) : "", tags: index % 5 == 0 ? ["Reading", "t\(index % 3)"] : [],
                isDeleted: index % 9 == 4)
        }
    }

    /// A record of `writes`, made with this replica's counters from `counter` on.
    func record(_ id: UUID, _ kind: RecordKind, _ writes: [[(field: String, value: JSONValue)]], counter: inout UInt64) -> RecordState {
        var state = RecordState(id: id, kind: kind)
        for fields in writes {
            counter += 1
            state.write(fields, dot: Dot(replica: other, counter: counter), stamp: HLCStamp(wall: 1_700_000_000_000 + counter))
        }
        return state
    }

    func viewRow(_ database: FolioDatabase, _ id: UUID) throws -> [DatabaseValue]? {
        try database.read { db in
            try Row.fetchOne(db, sql: """
                SELECT rowid, title, byline, site, text, note, highlights FROM article_search WHERE rowid = (SELECT rowid FROM article WHERE id = ?)
                """, arguments: [RecordStorage.key(id)]).map { Array($0.databaseValues) }
        }
    }

    /// For every article, the built row is the view's, and the index built from such rows
    /// passes FTS5's check against the view; highlights that arrived before their article count.
    @Test func builtRowIsTheViewsRow() throws {
        let temp = try TemporaryDatabase()
        let articles = articles(300)
        var counter: UInt64 = 0
        let states = articles.map { article in
            record(article.id, .article, article.isDeleted ? [article.savedFields(), RecordState.deletion] : [article.savedFields()], counter: &counter)
        }
        let highlights = articles.enumerated().filter { $0.offset % 3 != 2 }.map { index, article in
            record(UUID(), .highlight, [Highlight(articleID: article.id, quote: "quoted \(index)", note: index % 2 == 0 ? "" : "remark",
                                                  isDeleted: index % 6 == 3).createdFields()], counter: &counter)
        }
        // Half the highlights arrive a page before their articles, half in the same page.
        try temp.database.apply(Array(highlights.prefix(highlights.count / 2)))
        try temp.database.apply(Array(highlights.dropFirst(highlights.count / 2)) + states)

        for state in states {
            let article = Article(state: state)
            let view = try viewRow(temp.database, state.id)
            if article.isDeleted {
                #expect(view == nil)
                continue
            }
            let rowid = try #require(view?.first.flatMap(Int64.fromDatabaseValue))
            let built = SearchIndex.row(rowid: rowid, of: article, state: state, highlights: String.fromDatabaseValue(view![6]) ?? "")
            #expect(built == view, "article \(state.id)")
        }
        try temp.database.verifySearchIndex()
        #expect(try temp.database.search(SearchQuery("Brückenbau")).count > 0)
        #expect(try temp.database.search(SearchQuery("quoted")).count > 0)
    }

    /// Values the view's JSON operators would convert (a note that is not text) are not built
    /// in Swift: the row is read from the view instead.
    @Test func convertedValuesAreNotBuilt() throws {
        let article = Article(id: UUID(), url: "", title: "t", savedAt: Date())
        var counter: UInt64 = 0
        let state = record(article.id, .article, [article.savedFields() + [(Field.note, .number(2))]], counter: &counter)
        #expect(SearchIndex.row(rowid: 1, of: article, state: state, highlights: "") == nil)
    }
}
