import FolioInterchange
import Foundation
import Testing

@Suite("Large files")
struct LargeImportTests {
    /// 100,000 Pocket rows parse in one pass with every row kept: the importer is linear and
    /// fast enough for a whole Pocket history (the bound is loose for debug builds on slow machines).
    @Test func hundredThousandPocketRows() throws {
        var csv = "title,url,time_added,tags,status\n"
        csv.reserveCapacity(12_000_000)
        for row in 0..<100_000 {
            csv += "\"Article \(row), a title\",https://example.com/articles/\(row)?utm_source=feed,\(1_600_000_000 + row),tag\(row % 7)|reading,\(row % 3 == 0 ? "archive" : "unread")\n"
        }
        let start = ContinuousClock.now
        let batch = try Importer.parse(Data(csv.utf8), format: .pocketCSV)
        let elapsed = ContinuousClock.now - start
        #expect(batch.items.count == 100_000)
        #expect(batch.problems.isEmpty)
        #expect(batch.items[99_999].url == "https://example.com/articles/99999")
        #expect(batch.items[3].isArchived == true)
        #expect(elapsed < .seconds(60))
    }
}
