import FolioInterchange
import FolioModel
import Foundation
import Testing

@Suite("Pocket import", .enabled(if: SampleData.isAvailable, SampleData.missing))
struct PocketImportTests {
    /// Every row of Pocket's 2025 CSV becomes an item with its title, time, status and canonical URL,
    /// including a title that spans three lines inside quotes.
    @Test func csvSample() throws {
        let batch = try Importer.parse(SampleData.data("pocket/pocket.csv"), format: .pocketCSV)
        #expect(batch.problems.isEmpty)
        #expect(batch.items.count == 7)
        let first = try #require(batch.items.first)
        #expect(first.title == "You Might Not Need jQuery")
        #expect(first.url == "http://youmightnotneedjquery.com/")
        #expect(first.savedAt == Date(timeIntervalSince1970: 1_600_322_788))
        #expect(first.isArchived == false)
        #expect(first.tags.isEmpty)
        #expect(batch.items.filter { $0.isArchived == true }.count == 2)
        #expect(batch.items[3].title == "ArchiveBox question: How do I import links from a RSS feed?")
        #expect(batch.items[3].isArchived == true)
        // utm_* parameters and the fragment are dropped by canonicalisation.
        #expect(batch.items[4].url == "https://www.numerama.com/politique/646826-tu-vas-pleurer-les-premieres-fois-que-se-passe-t-il-au-sein-du-studio-dubisoft-derriere-trackmania.html")
        #expect(batch.items[6].title == "Des abeilles pour résoudre les « conflits » entre les humains\n\net les élépha")
        #expect(batch.items[6].savedAt == Date(timeIntervalSince1970: 1_599_890_673))
        #expect(batch.items.allSatisfy { $0.id == (try? CanonicalURL($0.url).articleID) })
    }

    /// The older HTML export: the Unread list is not archived, tags are split on commas.
    @Test func htmlSample() throws {
        let batch = try Importer.parse(SampleData.data("pocket/ril_export.html"), format: .pocketHTML)
        #expect(batch.problems.isEmpty)
        #expect(batch.items.count == 2)
        let first = try #require(batch.items.first)
        #expect(first.title == "Tarn : Des lapins ravagent le terrain, le match de rugby doit être annulé")
        #expect(first.savedAt == Date(timeIntervalSince1970: 1_688_628_695))
        #expect(first.tags == ["ifttt", "new_entry_simple"])
        #expect(first.isArchived == false)
        #expect(batch.items[1].title == "JO Paris 2024 : Où courir dans la capitale maintenant que les quais sont fermés ?")
    }

    /// Links under "Read Archive" are archived; entities in titles are decoded.
    @Test func htmlArchiveSection() throws {
        let html = """
        <!DOCTYPE html><html><head><title>Pocket Export</title></head><body>
        <h1>Unread</h1><ul><li><a href="https://a.example/1" time_added="1688628695" tags="">One &amp; two</a></li></ul>
        <h1>Read Archive</h1><ul>
        <li><a href="https://a.example/2" time_added="1688627412" tags="x">Two</a></li>
        </ul></body></html>
        """
        let batch = try Importer.parse(Data(html.utf8), format: .pocketHTML)
        #expect(batch.items.map(\.isArchived) == [false, true])
        #expect(batch.items[0].title == "One & two")
    }
}
