import FolioModel
@testable import FolioStore
import Foundation
import Testing

/// The rules of editing, states and the trash (issue 14): what a re-save, an edit, a trash and
/// a restore write, and the one state vocabulary the listings filter and count by.
@Suite struct EditingTests {
    /// A trashed article leaves the listings but keeps its content; a restore brings it back
    /// whole; neither is a deletion.
    @Test func trashKeepsContentAndRestoreBringsItBack() throws {
        let temp = try TemporaryDatabase()
        let article = try temp.save("https://example.com/a", title: "A", text: "kept words", tags: ["x"])
        #expect(try temp.database.trash(article.id))
        #expect(try !temp.database.trash(article.id), "already in the trash")
        #expect(try temp.database.list(ArticleFilter(states: [])).isEmpty)
        #expect(try temp.database.list(ArticleFilter(states: [.trashed])).map(\.id) == [article.id])
        let trashed = try #require(try temp.database.article(article.id))
        #expect(trashed.isTrashed && !trashed.isDeleted && trashed.content.text == "kept words" && trashed.states.contains(.trashed))
        #expect(try temp.database.resolve(String(article.id.uuidString.prefix(8))) == article.id, "trashed articles can be named")

        #expect(try temp.database.restore(article.id))
        #expect(try !temp.database.restore(article.id), "not in the trash any more")
        let restored = try #require(try temp.database.article(article.id))
        #expect(!restored.isTrashed && restored.content.text == "kept words" && restored.tags == ["x"])
        #expect(try temp.database.list(ArticleFilter()).map(\.id) == [article.id])
    }

    /// Emptying the trash deletes exactly the trashed articles, for good (SPEC §3.4).
    @Test func emptyingTheTrashDeletesForGood() throws {
        let temp = try TemporaryDatabase()
        let a = try temp.save("https://example.com/a", title: "A", text: "one")
        let b = try temp.save("https://example.com/b", title: "B", text: "two")
        let kept = try temp.save("https://example.com/c", title: "C", text: "three")
        try temp.database.trash(a.id)
        try temp.database.trash(b.id)
        #expect(try temp.database.emptyTrash() == 2)
        #expect(try temp.database.emptyTrash() == 0)
        for id in [a.id, b.id] {
            let tombstone = try #require(try temp.database.record(id))
            #expect(tombstone.value(of: Field.deleted) == .bool(true) && tombstone.value(of: Field.content) == .null)
        }
        #expect(try temp.database.list(ArticleFilter(states: [.trashed])).isEmpty)
        #expect(try temp.database.article(kept.id)?.isDeleted == false)
    }

    /// Saving an address again says what happened: a trashed article is restored, a chosen
    /// title renames, a deleted one is saved again, and a repeated save changes nothing.
    @Test func resaveReportsWhatItDid() throws {
        let temp = try TemporaryDatabase()
        let article = try temp.save("https://example.com/a", title: "Page title", text: "words")
        #expect(try temp.database.save(article) == SaveResult(id: article.id, outcome: .alreadySaved, changed: []))

        var renamed = article
        renamed.title = "My title"
        #expect(try temp.database.save(renamed).changed.isEmpty, "a page's title does not replace a title")
        #expect(try temp.database.save(renamed, titleIsChosen: true).changed == [Field.title])
        #expect(try temp.database.article(article.id)?.title == "My title")

        try temp.database.trash(article.id)
        let restored = try temp.database.save(article)
        #expect(restored.outcome == .restored && restored.changed == [Field.trashedAt])
        #expect(try temp.database.article(article.id)?.isTrashed == false)

        try temp.database.trash(article.id)
        try temp.database.emptyTrash()
        #expect(try temp.database.save(article).outcome == .savedAgain)
        let back = try #require(try temp.database.article(article.id))
        #expect(!back.isDeleted && !back.isTrashed && back.content.text == "words")
    }

    /// Better content replaces pending content with the page's title; pending never replaces text.
    @Test func resaveTakesOnlyBetterContent() throws {
        let temp = try TemporaryDatabase()
        let url = try CanonicalURL("https://example.com/pending")
        let pending = Article(id: url.articleID, url: url.string, title: "pending", savedAt: Date())
        try temp.database.save(pending)
        var fetched = pending
        fetched.title = "The real title"
        fetched.content = ArticleContent(html: "<p>text</p>", text: "text")
        #expect(Set(try temp.database.save(fetched).changed) == [Field.content, Field.title])
        #expect(try temp.database.save(pending).changed.isEmpty)
        #expect(try temp.database.article(url.articleID)?.content.text == "text")
    }

    /// An edited address keeps the article's id, and saving the new address finds the article.
    @Test func editingTheAddressKeepsTheIdentity() throws {
        let temp = try TemporaryDatabase()
        let article = try temp.save("https://example.com/old", title: "A", text: "words")
        let moved = try CanonicalURL("https://example.com/new?utm_source=x")
        #expect(try temp.database.edit(article.id, title: "Renamed", url: moved) == [Field.title, Field.url, Field.givenURL])
        let edited = try #require(try temp.database.article(article.id))
        #expect(edited.url == "https://example.com/new" && edited.title == "Renamed" && edited.content.text == "words")
        #expect(edited.addressToOpen == "https://example.com/new?utm_source=x")
        #expect(try temp.database.edit(article.id, url: moved).isEmpty, "nothing changed")

        let again = try temp.database.save(Article(id: moved.articleID, url: moved.string, title: "new", savedAt: Date()))
        #expect(again.id == article.id && again.outcome == .alreadySaved)
        #expect(try temp.database.list(ArticleFilter(states: [])).map(\.id) == [article.id])
    }

    /// The address as given (a paste's key after `#`) is kept for opening while the canonical
    /// one names the article; a record saved before it was kept opens its canonical address; a
    /// re-save fills it in; an edit to a canonical address clears it.
    @Test func theGivenAddressOpensTheArticle() throws {
        let temp = try TemporaryDatabase()
        let old = try temp.save("https://paste.example/?c0ffee", title: "Old record")
        #expect(try temp.database.article(old.id)?.givenURL == nil)
        #expect(try temp.database.article(old.id)?.addressToOpen == "https://paste.example/?c0ffee")

        let paste = try CanonicalURL("https://paste.example/?c0ffee#key=abc")
        let resaved = try temp.database.save(Article(id: paste.articleID, url: paste.string, givenURL: paste.given, title: "", savedAt: Date()))
        #expect(resaved.id == old.id && resaved.changed == [Field.givenURL])
        let stored = try #require(try temp.database.article(old.id))
        #expect(stored.url == "https://paste.example/?c0ffee")
        #expect(stored.addressToOpen == "https://paste.example/?c0ffee#key=abc")
        #expect(try temp.database.record(old.id)?.value(of: Field.givenURL) == .string("https://paste.example/?c0ffee#key=abc"))

        #expect(try temp.database.edit(old.id, url: try CanonicalURL("https://paste.example/?beef")) == [Field.url, Field.givenURL])
        let edited = try #require(try temp.database.article(old.id))
        #expect(edited.givenURL == nil && edited.addressToOpen == "https://paste.example/?beef")
    }

    /// An address another article already has is refused, whether stored or its identity.
    @Test func editRefusesAnAddressInUse() throws {
        let temp = try TemporaryDatabase()
        let a = try temp.save("https://example.com/a", title: "A")
        let b = try temp.save("https://example.com/b", title: "B")
        #expect { try temp.database.edit(a.id, url: try CanonicalURL("https://example.com/b")) } throws: { error in
            if case .addressInUse(_, let other)? = error as? StoreError { other == RecordStorage.key(b.id) } else { false }
        }
        #expect(try temp.database.article(a.id)?.url == "https://example.com/a")
    }

    /// Progress below 100 % after `done` makes the article unread or being read again; 100 %
    /// marks it read; unread clears both.
    @Test func progressAndUnreadFollowTheVocabulary() throws {
        let temp = try TemporaryDatabase()
        let article = try temp.save("https://example.com/a", title: "A")
        func reading() throws -> ArticleState? { try temp.database.article(article.id)?.states.first }
        #expect(try reading() == .unread)
        try temp.database.markDone(article.id)
        #expect(try reading() == .read)
        try temp.database.setProgress(0, on: article.id)
        #expect(try reading() == .unread)
        #expect(try temp.database.article(article.id)?.readAt == nil)
        try temp.database.setProgress(0.01, on: article.id)
        #expect(try reading() == .reading)
        try temp.database.setProgress(1, on: article.id)
        #expect(try reading() == .read)
        #expect(try temp.database.markUnread(article.id))
        #expect(try reading() == .unread && temp.database.article(article.id)?.progress == 0)
        #expect(try temp.database.article(article.id)?.isArchived == true, "done archived it; unread leaves the place alone")
    }

    /// Each state word selects the articles it describes, in listings and in counts; the trash
    /// is left out of every other word.
    @Test func stateWordsFilterAndCount() throws {
        let temp = try TemporaryDatabase()
        let unread = try temp.save("https://example.com/unread", title: "unread")
        let reading = try temp.save("https://example.com/reading", title: "reading")
        let read = try temp.save("https://example.com/read", title: "read")
        let favorite = try temp.save("https://example.com/favorite", title: "favorite")
        let trashed = try temp.save("https://example.com/trashed", title: "trashed")
        try temp.database.setProgress(0.3, on: reading.id)
        try temp.database.markDone(read.id)
        try temp.database.set(Field.favorite, to: .bool(true), on: favorite.id)
        try temp.database.trash(trashed.id)
        let expected: [ArticleState: Set<UUID>] = [
            .unread: [unread.id, favorite.id], .reading: [reading.id], .read: [read.id],
            .inbox: [unread.id, reading.id, favorite.id], .archived: [read.id], .favorite: [favorite.id], .trashed: [trashed.id],
        ]
        let counts = try temp.database.counts()
        for state in ArticleState.allCases {
            #expect(Set(try temp.database.list(ArticleFilter(states: [state])).map(\.id)) == expected[state], "\(state)")
            #expect(counts[state] == expected[state]?.count, "\(state)")
        }
        #expect(counts.total == 4)
        #expect(try temp.database.list(ArticleFilter(states: [.unread, .favorite])).map(\.id) == [favorite.id])
        #expect(try temp.database.list(ArticleFilter()).allSatisfy { $0.states.contains(.inbox) })
    }

    /// Tags are counted over articles outside the trash; a rename moves every article, in the
    /// trash too, and a new spelling of the same tag respells it.
    @Test func tagsAreCountedAndRenamed() throws {
        let temp = try TemporaryDatabase()
        let a = try temp.save("https://example.com/a", title: "A", tags: ["Swift", "news"])
        let b = try temp.save("https://example.com/b", title: "B", tags: ["swift"])
        let c = try temp.save("https://example.com/c", title: "C", tags: ["swift"])
        try temp.database.trash(c.id)
        // Two spellings used once each: the first in code point order is shown.
        #expect(try temp.database.tagCounts() == [TagCount(tag: "news", count: 1), TagCount(tag: "Swift", count: 2)])

        #expect(try temp.database.renameTag(Tag("SWIFT")!, to: Tag("swift-lang")!) == 3)
        #expect(try temp.database.article(a.id)?.tags == ["news", "swift-lang"])
        #expect(try temp.database.article(b.id)?.tags == ["swift-lang"])
        #expect(try temp.database.article(c.id)?.tags == ["swift-lang"])
        #expect(try temp.database.list(ArticleFilter(states: [], tags: ["swift"])).isEmpty)

        #expect(try temp.database.renameTag(Tag("news")!, to: Tag("News")!) == 1)
        #expect(try temp.database.tagCounts().map(\.tag) == ["News", "swift-lang"])
        #expect(try temp.database.renameTag(Tag("nothing")!, to: Tag("else")!) == 0)
    }

    /// Highlights are named by id prefixes and deleted one by one.
    @Test func highlightsAreResolvedAndDeleted() throws {
        let temp = try TemporaryDatabase()
        let article = try temp.save("https://example.com/a", title: "A", text: "a fine passage here")
        let first = Highlight(articleID: article.id, quote: "fine passage")
        let second = Highlight(articleID: article.id, quote: "here", position: 0.8)
        try temp.database.addHighlight(first)
        try temp.database.addHighlight(second)
        let prefix = String(first.id.uuidString.lowercased().prefix(8))
        #expect(try temp.database.resolveHighlight(prefix) == first.id)
        #expect(try temp.database.deleteHighlight(first.id))
        #expect(try temp.database.highlights(of: article.id).map(\.id) == [second.id])
        #expect(throws: StoreError.noHighlight(prefix)) { try temp.database.resolveHighlight(prefix) }
        #expect(throws: StoreError.noHighlight(RecordStorage.key(first.id))) { try temp.database.deleteHighlight(first.id) }
    }
}
