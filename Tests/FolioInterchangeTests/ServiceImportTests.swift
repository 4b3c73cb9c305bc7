import FolioInterchange
import FolioModel
import Foundation
import Testing

/// The export formats of services beyond the big read-later ones, each read from a fixture of
/// our own making with its count, dates, tags, notes and states checked.
@Suite("Import of bookmark and read-later services")
struct ServiceImportTests {
    /// Every fixture is recognised from its content alone: nobody needs `--format`.
    @Test(arguments: [
        ("wallabag-v1.json", ImportFormat.wallabag),
        ("chrome-bookmarks.json", .chrome),
        ("firefox-bookmarks.json", .firefox),
        ("pinboard.json", .pinboard),
        ("delicious.json", .delicious),
        ("readability.json", .readability),
        ("pocket-annotations.json", .pocketAnnotations),
        ("omnivore-export.zip", .omnivore),
        ("shaarli.html", .netscape),
        ("scuttle.html", .netscape),
        ("reading-list.html", .netscape),
    ])
    func detected(name: String, format: ImportFormat) throws {
        #expect(try Importer.detectFormat(ImportFixtures.data(name), fileName: nil) == format)
    }

    private func batch(_ name: String) throws -> ImportBatch {
        let data = try ImportFixtures.data(name)
        return try Importer.parse(data, format: Importer.detectFormat(data, fileName: nil))
    }

    /// Wallabag v1: `is_read` archives, `is_fav` stars, tags are one comma-separated string, the
    /// HTML is kept; an entry without an address is reported.
    @Test func wallabagV1() throws {
        let batch = try batch("wallabag-v1.json")
        #expect(batch.items.count == 2)
        #expect(batch.problems.map(\.position) == [.item(3)])
        let bread = batch.items[0]
        #expect(bread.url == "https://kitchen.example/stale-bread")
        #expect(bread.givenURL == "https://kitchen.example/stale-bread?utm_source=feed")
        #expect(bread.isArchived == true && bread.isFavorite == false)
        #expect(bread.tags == ["baking", "food science"])
        #expect(bread.content?.text == "Starch retrogrades as it cools.")
        #expect(bread.content?.status == .complete)
        let tides = batch.items[1]
        #expect(tides.isArchived == false && tides.isFavorite == true)
        #expect(tides.tags.isEmpty)
    }

    /// Chrome: folders below the roots become tags, `date_added` counts microseconds from 1601,
    /// and a bookmarklet is reported, not imported.
    @Test func chrome() throws {
        let batch = try batch("chrome-bookmarks.json")
        #expect(batch.items.map(\.title) == [
            "Sourdough starter, day by day", "Knots every sailor should know", "Reading a nautical chart", "Pruning apple trees in winter",
        ])
        #expect(batch.problems.count == 1)
        #expect(batch.problems.first?.reason.contains("not a web address") == true)
        #expect(batch.items[0].tags.isEmpty)
        #expect(batch.items[0].givenURL == "https://bakery.example/starter#day-3")
        #expect(abs(batch.items[0].savedAt!.timeIntervalSince1970 - 1_701_205_301.234_567) < 0.001)
        #expect(batch.items[1].tags == ["Sailing"])
        #expect(batch.items[2].tags == ["Navigation", "Sailing"])
        #expect(batch.items[2].savedAt == utc(2022, 10, 11, 22, 13, 20))
        #expect(batch.items[3].tags.isEmpty)
        #expect(batch.items[3].savedAt == utc(2023, 2, 4, 16))
    }

    /// Firefox: folder tags plus the bookmark's own tags, the description, microsecond dates;
    /// the `place:` query is reported, the separator and the old tag index are left out.
    @Test func firefox() throws {
        let batch = try batch("firefox-bookmarks.json")
        #expect(batch.items.map(\.url) == ["https://pastry.example/lamination", "https://pastry.example/chart", "https://weather.example/today"])
        #expect(batch.problems.count == 1)
        #expect(batch.problems.first?.reason.contains("not a web address") == true)
        let dough = batch.items[0]
        #expect(dough.title == "Laminated dough without tears")
        #expect(dough.tags == ["Kitchen", "pastry", "technique"])
        #expect(dough.note == "Keep the butter at 15 degrees.")
        #expect(abs(dough.savedAt!.timeIntervalSince1970 - 1_660_000_000.123_456) < 0.001)
        #expect(batch.items[1].tags == ["Kitchen"])
        #expect(batch.items[2].tags.isEmpty)
        #expect(batch.items[2].savedAt == Date(timeIntervalSince1970: 1_670_000_000))
    }

    /// Pinboard: the description is the title, `extended` the note (line breaks kept), tags
    /// split on spaces, `toread: no` archives; an ftp address is reported.
    @Test func pinboard() throws {
        let batch = try batch("pinboard.json")
        #expect(batch.items.count == 2)
        #expect(batch.problems.map(\.position) == [.item(3)])
        let hanging = batch.items[0]
        #expect(hanging.title == "Hanging punctuation on the web")
        #expect(hanging.note == "Works in Safari only.\nThe rest need a negative indent.")
        #expect(hanging.tags == ["css", "typography"])
        #expect(hanging.savedAt == utc(2021, 3, 4, 5, 6, 7))
        #expect(hanging.isArchived == false)
        #expect(batch.items[1].isArchived == true)
        #expect(batch.items[1].note == nil)
    }

    /// Delicious: tags as a list (a tag may have several words) or as a space-separated string.
    @Test func delicious() throws {
        let batch = try batch("delicious.json")
        #expect(batch.problems.isEmpty)
        #expect(batch.items.map(\.title) == ["Field guide to mosses", "Lichen or moss?"])
        #expect(batch.items[0].tags == ["botany", "field guide"])
        #expect(batch.items[0].note == "Start with the rock-loving ones.")
        #expect(batch.items[0].savedAt == utc(2009, 6, 15, 8, 30))
        #expect(batch.items[1].tags == ["botany", "lichens"])
        #expect(batch.items[1].note == nil)
    }

    /// Readability: dates without an offset are UTC (with `T` or a space), flags are read and the
    /// excerpt is kept as metadata while the text is still to be fetched.
    @Test func readability() throws {
        let batch = try batch("readability.json")
        #expect(batch.problems.isEmpty)
        #expect(batch.items.count == 2)
        let sky = batch.items[0]
        #expect(sky.title == "The autumn sky")
        #expect(sky.savedAt == utc(2014, 10, 20, 21, 15))
        #expect(sky.isFavorite == true && sky.isArchived == false)
        #expect(sky.content?.excerpt == "A tour of the night sky in late autumn…")
        #expect(sky.content.map { if case .pending = $0.status { true } else { false } } == true)
        #expect(batch.items[1].savedAt == utc(2014, 12, 24, 18, 45, 30))
        #expect(batch.items[1].isArchived == true)
    }

    /// Pocket's annotation file: highlights with their dates, joined to the article by address
    /// (the fragment kept for opening).
    @Test func pocketAnnotations() throws {
        let batch = try batch("pocket-annotations.json")
        #expect(batch.problems.isEmpty)
        #expect(batch.items.count == 2)
        #expect(batch.items[0].highlights.map(\.quote) == ["Turn the pile every week in summer.", "Browns and greens, roughly three to one."])
        #expect(batch.items[0].highlights.map(\.createdAt) == [Date(timeIntervalSince1970: 1_719_999_000), Date(timeIntervalSince1970: 1_720_000_000)])
        #expect(batch.items[1].url == "https://garden.example/seeds")
        #expect(batch.items[1].givenURL == "https://garden.example/seeds#saving")
        #expect(batch.items[0].id == (try CanonicalURL("https://garden.example/compost")).articleID)
    }

    /// Omnivore's zip: metadata, the article HTML from `content/`, highlights and their notes
    /// from `highlights/` (without the link back), the deleted item reported.
    @Test func omnivoreZip() throws {
        let batch = try batch("omnivore-export.zip")
        #expect(batch.items.count == 2)
        #expect(batch.problems.map(\.position) == [.item(3)])
        let valleys = batch.items[0]
        #expect(valleys.isArchived == true)
        #expect(valleys.progress == 1)
        #expect(valleys.tags == ["geology", "ice"])
        #expect(valleys.savedAt == utc(2023, 5, 6, 7, 8, 9))
        #expect(valleys.content?.status == .complete)
        #expect(valleys.content?.text.contains("leaves a broad U.") == true)
        #expect(valleys.content?.html.contains("<li>plucking</li>") == true)
        #expect(valleys.highlights.map(\.quote) == [
            "A river cuts a narrow V; a glacier grinds the whole floor and leaves a broad U.", "plucking\nand abrasion",
        ])
        #expect(valleys.highlights.map(\.note) == ["Good one-line summary for the talk.", nil])
        let firn = batch.items[1]
        #expect(firn.progress == 0.4)
        #expect(firn.isArchived == false)
        #expect(firn.highlights.isEmpty)
    }

    /// Numbers are bounded: a date past the year 9999 (here Chrome's microseconds from 1601) is
    /// reported, not stored.
    @Test func datesOutOfRangeAreReported() throws {
        let file = #"{"roots": {"bookmark_bar": {"type": "folder", "name": "Bar", "children": ["#
            + #"{"type": "url", "name": "Far", "url": "https://far.example/", "date_added": "900000000000000000"},"#
            + #"{"type": "url", "name": "Near", "url": "https://near.example/", "date_added": "13300000000000000"}]}}}"#
        let batch = try Importer.parse(Data(file.utf8), format: .chrome)
        #expect(batch.items.map(\.title) == ["Near"])
        #expect(batch.problems.first?.reason.contains("out of range") == true)
    }

    /// A record past the limits every replica enforces (a 70 KB title) is reported, the rest
    /// imported: one oversized bookmark does not stop the file.
    @Test func oversizedRecordsAreReported() throws {
        let long = String(repeating: "x", count: 70_000)
        let file = #"[{"href": "https://a.example/1", "toread": "no", "description": ""# + long + #""}, {"href": "https://a.example/2", "toread": "no", "description": "ok"}]"#
        let batch = try Importer.parse(Data(file.utf8), format: .pinboard)
        #expect(batch.items.map(\.title) == ["ok"])
        #expect(batch.problems.map(\.position) == [.item(1)])
        #expect(batch.problems.first?.reason.contains("title") == true)
        let html = "<DL><p><DT><A HREF=\"https://a.example/3\">t</A><DD>" + String(repeating: "y", count: 1_100_000) + "</DL>"
        let bookmarks = try Importer.parse(Data(html.utf8), format: .netscape)
        #expect(bookmarks.items.isEmpty)
        #expect(bookmarks.problems.first?.reason.contains("note") == true)
    }

    /// A zip that is not Omnivore's, a damaged one, and a zip read as another format get errors.
    @Test func otherArchives() throws {
        let zip = try ImportFixtures.data("omnivore-export.zip")
        #expect(throws: ImportError.unrecognizedFormat(fileName: "photos.zip")) {
            try Importer.detectFormat(Data([0x50, 0x4B, 0x05, 0x06]) + Data(count: 18), fileName: "photos.zip")
        }
        let damaged = zip.prefix(zip.count / 2)
        #expect(throws: ImportError.self) { try Importer.parse(Data(damaged), format: .omnivore) }
        #expect(throws: ImportError.self) { try Importer.parse(zip, format: .pinboard) }
        // An archive whose offsets point past its end (found by fuzz-import) is refused, not a crash.
        let pastEnd = try ImportFixtures.data("omnivore-offset-past-end.zip")
        #expect(throws: ImportError.self) { try Importer.parse(pastEnd, format: .omnivore) }
    }
}
