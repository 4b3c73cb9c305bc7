import FolioInterchange
import FolioModel
import Foundation
import Testing

/// Descriptions, notes without an address, Scuttle's attribute and the reading list in
/// bookmark files of our own making.
@Suite("Netscape bookmark descriptions and notes")
struct NetscapeDescriptionTests {
    private func batch(_ name: String) throws -> ImportBatch {
        try Importer.parse(ImportFixtures.data(name), format: .netscape)
    }

    /// Shaarli: a note (`?Xq3n9w`, `/shaare/…`) becomes a text article with its text, line breaks
    /// kept; a link inside a description is not a bookmark; text that looks like markup does not
    /// cut a description; a note with neither title nor text is reported.
    @Test func shaarli() throws {
        let batch = try batch("shaarli.html")
        #expect(batch.items.count == 4)
        #expect(batch.problems.map(\.position) == [.line(20)])
        let kiln = batch.items[0]
        #expect(kiln.url.isEmpty)
        #expect(kiln.title == "Things to try with the new kiln")
        #expect(kiln.tags == ["ideas", "note"])
        #expect(kiln.savedAt == Date(timeIntervalSince1970: 1_715_504_400))
        #expect(kiln.note == nil)
        #expect(kiln.content?.status == .complete)
        #expect(kiln.content?.text == "Glaze tests, in this order:\n- ash glaze on stoneware\n- celadon, thin\n\nFire to cone 10 and write down the schedule.")
        #expect(kiln.content?.html.contains("Glaze tests, in this order:<br>- ash glaze") == true)

        let paste = batch.items[1]
        #expect(paste.url == "https://paste.example/?c0ffee")
        #expect(paste.givenURL == "https://paste.example/?c0ffee#b4nAn4KeY")
        #expect(paste.note == "The key after the # is needed to read it; see how the paste works (https://paste.example/about).")
        #expect(!batch.items.contains { $0.url == "https://paste.example/about" })

        let generics = batch.items[2]
        #expect(generics.note == "Why Array<T> is not Array<Any>, and when a <li> in a doc comment matters.")

        let shopping = batch.items[3]
        #expect(shopping.url.isEmpty)
        #expect(shopping.content?.text == "clay, 25 kg")
        #expect(shopping.id != kiln.id)
    }

    /// Importing the same notes again gives the same ids, so nothing is duplicated.
    @Test func notesKeepTheirIDs() throws {
        let first = try batch("shaarli.html").items.map(\.id)
        let second = try batch("shaarli.html").items.map(\.id)
        #expect(first == second)
        let article = try #require(try batch("shaarli.html").items.first).article(savedAtFallback: Date())
        #expect(article.url.isEmpty)
        #expect(article.content.text.hasPrefix("Glaze tests"))
    }

    /// Scuttle writes the description as an attribute, with an encoded line break.
    @Test func scuttleDescriptionAttribute() throws {
        let batch = try batch("scuttle.html")
        #expect(batch.items.count == 2)
        #expect(batch.items[0].note == "Swifts sleep on the wing.\nSome stay aloft for ten months.")
        #expect(batch.items[0].tags == ["birds", "migration"])
        #expect(batch.items.map(\.savedAt) == [utc(2014, 1, 1), utc(2014, 2, 1)])
        #expect(batch.items[1].note == nil)
    }

    /// A file with a reading list (`TOREAD`): the bookmarks not on it are archived; a lone tag of
    /// two words written with a trailing comma stays one tag.
    @Test func readingList() throws {
        let batch = try batch("reading-list.html")
        #expect(batch.items.map(\.isArchived) == [false, true, true])
        #expect(batch.items[1].tags == ["water cycle"])
        #expect(batch.items[1].note == "Finished; worth a second read.")
        #expect(batch.items[0].tags == ["geology", "rivers"])
        #expect(batch.items.map(\.savedAt) == [1_600_000_000, 1_600_100_000, 1_600_200_000].map { Date(timeIntervalSince1970: $0) })
    }

    /// Folders nested past the bound give no more tags, however deep the file goes.
    @Test func deepFoldersAreBounded() throws {
        let open = (1...300).map { "<DT><H3>f\($0)</H3><DL><p>" }.joined()
        let html = "<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p>" + open + "<DT><A HREF=\"https://deep.example/\">Deep</A>"
            + String(repeating: "</DL><p>", count: 301)
        let batch = try Importer.parse(Data(html.utf8), format: .netscape)
        #expect(batch.items.first?.tags.count == 63)
    }

    /// A browser file has no reading list: nothing is archived.
    @Test func noReadingList() throws {
        let html = "<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p><DT><A HREF=\"https://a.example/x\">X</A></DL>"
        let batch = try Importer.parse(Data(html.utf8), format: .netscape)
        #expect(batch.items.map(\.isArchived) == [nil])
    }
}
