import FolioInterchange
import FolioModel
import Foundation
import Testing

@Suite("Omnivore import", .enabled(if: SampleData.isAvailable, SampleData.missing))
struct OmnivoreImportTests {
    /// Twenty items with labels as tags, one archived, metadata kept as pending content for a later fetch.
    @Test func sample() throws {
        let batch = try Importer.parse(SampleData.data("omnivore/omnivore.json"), format: .omnivore)
        #expect(batch.problems.isEmpty)
        #expect(batch.items.count == 20)
        #expect(batch.items.filter { $0.isArchived == true }.count == 1)
        #expect(batch.items.filter { $0.tags == ["RSS", "TEST"] }.count == 1)
        #expect(batch.items.filter { $0.tags == ["RSS"] }.count == 19)
        #expect(batch.items.allSatisfy { $0.progress == 0 })
        let first = try #require(batch.items.first)
        #expect(first.title == "Malgré la crise du marché des montres, Breitling étend son réseau commercial et dévoile ses ambitions")
        #expect(first.isArchived == true)
        #expect(first.savedAt == utc(2024, 10, 29, 16, 30, 11))
        #expect(first.content?.byline == "Juliette Garnier")
        #expect(first.content?.publishedAt == utc(2024, 10, 29, 16, 30, 11))
        #expect(first.content?.excerpt?.hasPrefix("La marque suisse") == true)
        #expect(first.content?.status == .pending(reason: "imported from Omnivore without the article text"))
        let third = batch.items[2]
        #expect(third.tags == ["RSS", "TEST"])
        #expect(third.savedAt == utc(2024, 10, 29, 16, 9, 19))
    }

    /// Progress in percent, highlights with annotations, and deleted items skipped with their number.
    @Test func progressHighlightsAndDeleted() throws {
        let json = """
        [{"url": "https://a.example/1", "title": "One", "state": "Active", "readingProgress": 42,
          "labels": [{"name": "News"}], "savedAt": "2024-01-01T00:00:00.000Z",
          "highlights": [{"quote": "a line", "annotation": "why", "createdAt": "2024-01-02T00:00:00.000Z"}]},
         {"url": "https://a.example/2", "title": "Two", "state": "Deleted", "savedAt": "2024-01-01T00:00:00.000Z"}]
        """
        let batch = try Importer.parse(Data(json.utf8), format: .omnivore)
        #expect(batch.items.count == 1)
        #expect(batch.items[0].progress == 0.42)
        #expect(batch.items[0].tags == ["News"])
        #expect(batch.items[0].highlights == [ImportedHighlight(quote: "a line", note: "why", createdAt: utc(2024, 1, 2))])
        #expect(batch.problems.map(\.position) == [.item(2)])
    }
}
