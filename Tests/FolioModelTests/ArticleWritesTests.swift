import FolioModel
import Foundation
import Testing

/// What a re-save, a refetch and an import write on an article already saved (issue 14): the
/// rules live in FolioModel, so every front end writes the same fields.
@Suite struct ArticleWritesTests {
    static let url = "https://example.com/post"
    static let complete = ArticleContent(html: "<p>the text</p>", text: "the text")
    static let pending = ArticleContent(status: .pending(reason: "offline"))

    static func article(title: String = "Post", content: ArticleContent = complete, tags: [String] = []) -> Article {
        Article(id: UUID(), url: url, title: title, content: content, savedAt: Date(timeIntervalSince1970: 1_700_000_000), tags: tags)
    }

    static func fields(_ writes: [(field: String, value: JSONValue)]) -> [String] { writes.map(\.field) }

    /// Re-saving keeps the reading state: only better content, a chosen title and new tags are written.
    @Test func resaveWritesOnlyWhatIsBetter() throws {
        var current = Self.article(title: "Mine", content: Self.complete)
        current.progress = 0.5
        let again = Self.article(title: "Page", content: Self.pending, tags: ["swift"])
        #expect(Self.fields(try again.resaveFields(over: current, titleIsChosen: false)) == [Field.tag(try #require(Tag("swift")))],
                "pending content does not replace complete text, and the page title does not replace the article's")
        #expect(Self.fields(try again.resaveFields(over: current, titleIsChosen: true)).contains(Field.title), "a typed title renames")

        let link = Self.article(title: "Post", content: Self.pending)
        let fetched = Self.article(title: "The page's title", content: Self.complete)
        #expect(Self.fields(try fetched.resaveFields(over: link, titleIsChosen: false)) == [Field.content, Field.title], "complete text over pending, with its title")

        current.trashedAt = Date()
        #expect(Self.fields(try again.resaveFields(over: current, titleIsChosen: false)).first == Field.trashedAt, "saving again restores from the trash")
    }

    /// A refetch writes the new content, and the page's title only over a placeholder or nothing.
    @Test func refetchKeepsAChosenTitle() throws {
        let placeholder = Self.article(title: Article.placeholderTitle(for: Self.url), content: Self.pending)
        #expect(Self.fields(try placeholder.refetchFields(content: Self.complete, pageTitle: "Real")) == [Field.content, Field.title])
        let named = Self.article(title: "My name for it")
        #expect(Self.fields(try named.refetchFields(content: Self.complete, pageTitle: "Real")) == [Field.content])
        #expect(Self.fields(try placeholder.refetchFields(content: Self.complete, pageTitle: "")) == [Field.content], "an empty page title is not a title")
    }

    /// An import adds what the article lacks and never takes anything away.
    @Test func importMergesWithoutLosing() throws {
        let incoming = Self.article(title: "From Pocket", content: Self.complete, tags: ["later"])
        #expect(try Article.importFields(incoming, over: nil).count == incoming.savedFields().count, "a new article is saved whole")

        var current = Self.article(title: "Mine", content: Self.pending)
        current.progress = 0.7
        current.isFavorite = true
        var source = incoming
        source.progress = 0.2
        source.isArchived = true
        source.readAt = Date(timeIntervalSince1970: 1_700_000_100)
        let merged = Self.fields(try Article.importFields(source, over: current))
        #expect(merged.contains(Field.content) && merged.contains(Field.archived) && merged.contains(Field.readAt))
        #expect(!merged.contains(Field.title), "the article's own title stays")
        #expect(!merged.contains(Field.progress), "less progress does not lower it")
        #expect(!merged.contains(Field.favorite), "a source without the mark does not clear it")

        var deleted = current
        deleted.isDeleted = true
        #expect(try Article.importFields(incoming, over: deleted).contains { $0.field == Field.deleted && $0.value == .bool(false) },
                "an article deleted for good comes back whole")
    }
}
