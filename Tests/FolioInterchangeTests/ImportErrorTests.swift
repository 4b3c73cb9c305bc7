import FolioInterchange
import Foundation
import Testing

@Suite("Refused files and bad rows")
struct ImportErrorTests {
    /// A file read as the wrong format is refused with the format it looks like.
    @Test(.enabled(if: SampleData.isAvailable, SampleData.missing))
    func wrongFormat() throws {
        let data = try SampleData.data("wallabag/wallabag-v2.json")
        #expect(throws: ImportError.wrongFormat(expected: .pocketCSV, detected: .wallabag)) {
            try Importer.parse(data, format: .pocketCSV)
        }
        let error = ImportError.wrongFormat(expected: .pocketCSV, detected: .wallabag)
        #expect(error.description.contains("--format wallabag"))
        let csv = try SampleData.data("pocket/pocket.csv")
        for format in ImportFormat.allCases where format != .pocketCSV {
            #expect(throws: ImportError.self) { try Importer.parse(csv, format: format) }
        }
    }

    /// Bytes that are not UTF-8 (a Latin-1 "é") are refused with the line of the first bad byte.
    @Test func brokenEncoding() {
        let data = Data("title,url,time_added,tags,status\nCaf".utf8) + Data([0xE9]) + Data(",https://a.example,1,,unread\n".utf8)
        #expect(throws: ImportError.invalidEncoding(line: 2, byteOffset: 36, looksLikeUTF16: false)) {
            try Importer.parse(data, format: .pocketCSV)
        }
        let utf16 = Data([0xFF, 0xFE]) + "URL,Title".data(using: .utf16LittleEndian)!
        #expect(throws: ImportError.invalidEncoding(line: 1, byteOffset: 0, looksLikeUTF16: true)) {
            try Importer.parse(utf16, format: .instapaper)
        }
    }

    /// An empty or blank file is refused, for every format.
    @Test func emptyFile() {
        for format in ImportFormat.allCases {
            #expect(throws: ImportError.emptyFile) { try Importer.parse(Data(), format: format) }
            #expect(throws: ImportError.emptyFile) { try Importer.parse(Data("\n  \n".utf8), format: format) }
        }
    }

    /// Bad rows are skipped and reported with the line they start on (a quoted field spanning lines
    /// shifts the following rows); the good rows are kept.
    @Test func badRowsHaveLineNumbers() throws {
        let csv = """
        title,url,time_added,tags,status
        Good,https://a.example/1,1600000000,a|b,unread
        "Two
        lines",https://a.example/2,1600000001,,archive
        No address,,1600000002,,unread
        Not web,ftp://a.example/3,1600000003,,unread
        Bad time,https://a.example/4,yesterday,,unread

        Bad status,https://a.example/5,1600000005,,maybe
        Also good,https://a.example/6,1600000006,,unread
        """
        let batch = try Importer.parse(Data(csv.utf8), format: .pocketCSV)
        #expect(batch.items.map(\.title) == ["Good", "Two\nlines", "Also good"])
        #expect(batch.items[0].tags == ["a", "b"])
        #expect(batch.problems.map(\.position) == [.line(5), .line(6), .line(7), .line(9)])
        #expect(batch.problems[0].reason == "no URL")
        #expect(batch.problems[1].reason.contains("not a web address"))
        #expect(batch.problems[2].reason.contains("time_added"))
        #expect(batch.problems[3].reason.contains("maybe"))
        #expect(batch.problems[0].description == "line 5: no URL")
    }

    /// Broken JSON is refused as malformed; a JSON object where a list is expected is not the format.
    @Test func malformedJSON() {
        #expect(throws: ImportError.self) { try Importer.parse(Data(#"[{"url": "https://a.example", "is_archived": tru"#.utf8), format: .wallabag) }
        #expect(throws: ImportError.wrongFormat(expected: .omnivore, detected: nil)) {
            try Importer.parse(Data(#"{"savedAt": 1}"#.utf8), format: .omnivore)
        }
    }

    /// A page saved twice in one file is one item, with the tags of both.
    @Test func duplicatesAreMerged() throws {
        let html = """
        <!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p>
        <DT><H3>News</H3><DL><p><DT><A HREF="https://a.example/x?utm_source=rss" ADD_DATE="1">X</A></DL><p>
        <DT><H3>Later</H3><DL><p><DT><A HREF="https://A.example/x#top" ADD_DATE="2" TAGS="tech">X again</A></DL><p>
        </DL>
        """
        let batch = try Importer.parse(Data(html.utf8), format: .netscape)
        #expect(batch.items.count == 1)
        #expect(batch.items[0].title == "X")
        #expect(batch.items[0].tags == ["Later", "News", "tech"])
    }
}
