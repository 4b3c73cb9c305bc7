import FolioInterchange
import FolioModel
import Foundation
import Testing

@Suite("Wallabag import", .enabled(if: SampleData.isAvailable, SampleData.missing))
struct WallabagImportTests {
    /// All six entries import, whatever the JSON types of their flags and ids; dates keep their offset;
    /// the "No title found" placeholder is no title.
    @Test func sample() throws {
        let batch = try Importer.parse(SampleData.data("wallabag/wallabag-v2.json"), format: .wallabag)
        #expect(batch.problems.isEmpty)
        #expect(batch.items.count == 6)
        #expect(batch.items.allSatisfy { $0.savedAt == utc(2016, 9, 8, 9, 55, 58) })
        #expect(batch.items.map(\.isFavorite) == [true, false, true, false, false, false])
        #expect(batch.items.allSatisfy { $0.isArchived == false })
        let mediapart = batch.items[0]
        #expect(mediapart.title == "Site d'information français d'actualités indépendant et participatif en ligne | Mediapart")
        #expect(mediapart.tags == ["blog", "mediapart"])
        #expect(mediapart.content?.language == "fr")
        #expect(mediapart.content?.leadImageURL == "https://www.mediapart.fr/images/social/800/mediapart.png")
        #expect(batch.items[2].title == nil)
        #expect(batch.items[3].url == "https://fr.wikipedia.org/wiki/%C3%89checs")
        #expect(batch.items[3].title == "Échecs")
    }

    /// Wallabag's HTML goes through the sanitiser: the stored content has text and no scripts or handlers.
    @Test func contentIsSanitised() throws {
        let batch = try Importer.parse(SampleData.data("wallabag/wallabag-v2.json"), format: .wallabag)
        for item in batch.items {
            let content = try #require(item.content)
            #expect(content.status == .complete)
            #expect(!content.text.isEmpty)
            #expect(content.wordCount > 0)
            #expect(!content.html.lowercased().contains("<script"))
            #expect(!content.html.lowercased().contains("onerror="))
        }
        #expect(batch.items[1].content?.text.hasPrefix("Pour un sommet sur les réfugiés") == true)
        #expect(batch.items[2].content?.text == "Oh, what a shame, no content")
    }

    /// Scripts and event handlers in exported HTML never reach the library; annotations become highlights;
    /// integer flags read as booleans; an entry without a URL is reported by item number.
    @Test func handWrittenEntries() throws {
        let json = """
        [{"id": 1, "url": "https://a.example/post", "title": "Post", "is_archived": 1, "is_starred": 0,
          "created_at": "2020-01-02T03:04:05+0000", "tags": [{"label": "Swift"}],
          "content": "<p onclick=\\"evil()\\">Hello <b>world</b></p><script>alert(1)</script>",
          "annotations": [{"quote": "Hello", "text": "greeting", "created_at": "2020-01-03T00:00:00+0000"}]},
         {"id": 2, "title": "No address"}]
        """
        let batch = try Importer.parse(Data(json.utf8), format: .wallabag)
        #expect(batch.problems == [ImportProblem(.item(2), "no URL")])
        let item = try #require(batch.items.first)
        #expect(item.isArchived == true)
        #expect(item.isFavorite == false)
        #expect(item.tags == ["Swift"])
        #expect(item.content?.text == "Hello world")
        #expect(item.content?.html.contains("script") == false)
        #expect(item.content?.html.contains("onclick") == false)
        #expect(item.highlights == [ImportedHighlight(quote: "Hello", note: "greeting", createdAt: utc(2020, 1, 3))])
        let highlight = try #require(item.highlightRecords(createdAtFallback: Date()).first)
        #expect(highlight.articleID == item.id)
        // The same file imported twice gives the same highlight id.
        let again = try Importer.parse(Data(json.utf8), format: .wallabag)
        #expect(again.items[0].highlightRecords(createdAtFallback: Date()).first?.id == highlight.id)
    }
}
