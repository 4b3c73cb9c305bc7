import FolioInterchange
import FolioModel
import Foundation
import Testing

@Suite("Instapaper import", .enabled(if: SampleData.isAvailable, SampleData.missing))
struct InstapaperImportTests {
    /// The older export has no times or tags: folders give the state, a custom folder becomes a tag.
    @Test func oldGeneration() throws {
        let batch = try Importer.parse(SampleData.data("instapaper/instapaper-export.csv"), format: .instapaper)
        #expect(batch.problems.isEmpty)
        #expect(batch.items.count == 4)
        #expect(batch.items.map(\.title) == [
            "Childbirth under attack: how women and babies became targets in conflicts around the world",
            "AMP and React+Redux: Why Not?",
            "Why Foursquare / Swarm is still my favourite social network",
            "Dis donc Donald Trump, c'est quoi exactement «covfefe»?",
        ])
        #expect(batch.items.allSatisfy { $0.savedAt == nil })
        #expect(batch.items[0].isArchived == false)
        #expect(batch.items[1].isArchived == true)
        #expect(batch.items[2].isFavorite == true)
        #expect(batch.items[3].tags == ["test_tag"])
        #expect(batch.items[3].isArchived == nil)
    }

    /// The newer export adds Unix timestamps and a JSON list of tags.
    @Test func newGeneration() throws {
        let batch = try Importer.parse(SampleData.data("instapaper/instapaper-export-new.csv"), format: .instapaper)
        #expect(batch.problems.isEmpty)
        #expect(batch.items.count == 4)
        #expect(batch.items.map(\.savedAt) == (0..<4).map { Date(timeIntervalSince1970: 1_700_000_000 + Double($0)) })
        #expect(batch.items.map(\.tags) == [[], ["javascript", "react"], ["social"], ["news", "politics", "twitter"]])
        #expect(batch.items[0].title == "Cours d'assises : «On efface le peuple d'un processus judiciaire dont il est pourtant le cœur battant»")
        #expect(batch.items.map(\.isArchived) == [false, true, nil, false])
        #expect(batch.items[2].isFavorite == true)
    }

    /// The selection becomes the note; a malformed Tags cell skips its row with the line number.
    @Test func selectionAndBadTags() throws {
        let csv = #"""
        URL,Title,Selection,Folder,Timestamp,Tags
        https://a.example/1,One,"picked ""words""",Unread,1700000000,[]
        https://a.example/2,Two,,Unread,1700000000,"[""unclosed"
        """#
        let batch = try Importer.parse(Data(csv.utf8), format: .instapaper)
        #expect(batch.items.count == 1)
        #expect(batch.items[0].note == "picked \"words\"")
        #expect(batch.problems.map(\.position) == [.line(3)])
    }
}
