import FolioInterchange
import Foundation
import Testing

@Suite("Format detection")
struct DetectionTests {
    /// Each sample is recognised from its content alone.
    @Test(.enabled(if: SampleData.isAvailable, SampleData.missing), arguments: [
        ("pocket/pocket.csv", ImportFormat.pocketCSV),
        ("pocket/ril_export.html", .pocketHTML),
        ("instapaper/instapaper-export.csv", .instapaper),
        ("instapaper/instapaper-export-new.csv", .instapaper),
        ("wallabag/wallabag-v2.json", .wallabag),
        ("omnivore/omnivore.json", .omnivore),
        ("netscape/firefox_nested.htm", .netscape),
        ("netscape/chromium_nested.htm", .netscape),
        ("netscape/netscape_basic.htm", .netscape),
        ("netscape/linkding_mixed_timestamps.html", .netscape),
    ])
    func samples(path: String, format: ImportFormat) throws {
        #expect(Importer.detect(try SampleData.data(path), fileName: nil) == format)
    }

    /// Folio's own export is recognised, as are a bookmark file without a doctype and a BOM-prefixed CSV.
    @Test func handWritten() throws {
        let folio = #"{"format":"folio-export","version":1,"articles":[],"highlights":[]}"#
        #expect(Importer.detect(Data(folio.utf8), fileName: nil) == .folio)
        let bookmarks = "<html><body><DL><p><DT><A HREF=\"https://a.example\">A</A></DL></body></html>"
        #expect(Importer.detect(Data(bookmarks.utf8), fileName: "bookmarks.html") == .netscape)
        let pocket = Data([0xEF, 0xBB, 0xBF]) + Data("title,url,time_added,cursor,tags,status\n".utf8)
        #expect(Importer.detect(pocket, fileName: nil) == .pocketCSV)
    }

    /// Plain text, empty files and broken bytes are not detected; `detectFormat` says why.
    @Test func undetectable() {
        #expect(Importer.detect(Data("just some notes\n".utf8), fileName: "notes.txt") == nil)
        #expect(throws: ImportError.unrecognizedFormat(fileName: "notes.txt")) {
            try Importer.detectFormat(Data("just some notes\n".utf8), fileName: "notes.txt")
        }
        #expect(throws: ImportError.emptyFile) { try Importer.detectFormat(Data(" \n".utf8), fileName: nil) }
        #expect(Importer.detect(Data([0x55, 0x52, 0x4C, 0xFF]), fileName: nil) == nil)
    }
}
