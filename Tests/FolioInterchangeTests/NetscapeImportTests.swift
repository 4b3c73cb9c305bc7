import FolioInterchange
import FolioModel
import Foundation
import Testing

@Suite("Netscape bookmarks import", .enabled(if: SampleData.isAvailable, SampleData.missing))
struct NetscapeImportTests {
    /// Firefox: folders become tags (not the toolbar), TAGS are split on commas, descriptions become
    /// notes, and the three `place:` queries are reported with their lines.
    @Test func firefox() throws {
        let batch = try Importer.parse(SampleData.data("netscape/firefox_nested.htm"), format: .netscape)
        #expect(batch.items.count == 21)
        #expect(batch.problems.map(\.position) == [.line(10), .line(11), .line(72)])
        #expect(batch.problems.allSatisfy { $0.reason.contains("not a web address") })
        let elves = try #require(batch.items.first)
        #expect(elves.title == "Timeline of the Elves in Tolkien’s works | LotrProject Blog")
        #expect(elves.savedAt == Date(timeIntervalSince1970: 1_463_686_918))
        #expect(elves.tags == ["elves", "fantasy", "genealogy", "graphics", "lord", "rings", "timeline", "tolkien"])
        let xkcd = try #require(batch.items.first { $0.url == "http://xkcd.com/1332" })
        #expect(xkcd.tags == ["Comics", "respect", "slope", "webcomic", "xkcd"])
        let parser = try #require(batch.items.first { $0.url == "https://github.com/kafene/netscape-bookmark-parser" })
        #expect(parser.tags == ["Dev", "github", "netscape", "parser", "PHP"])
        #expect(parser.note == "netscape-bookmark-parser - a php script (function) to parse netscape format bookmark files")
        let teapot = try #require(batch.items.first { $0.title?.hasPrefix("The Most Important Object") == true })
        #expect(teapot.note?.hasSuffix("you figure out&#8230;") == true)
        let meetup = try #require(batch.items.first { $0.title == "How to run a meetup without giving up your life" })
        #expect(meetup.note?.hasPrefix("If running a Meetup feels like a full-time job, you're probably") == true)
        let mozilla = try #require(batch.items.first { $0.url.hasPrefix("https://www.mozilla.org/") })
        #expect(mozilla.tags.isEmpty)
    }

    /// Chromium: nested folders each become a tag; the bookmarks bar does not.
    @Test func chromium() throws {
        let batch = try Importer.parse(SampleData.data("netscape/chromium_nested.htm"), format: .netscape)
        #expect(batch.problems.isEmpty)
        #expect(batch.items.count == 18)
        let jabber = try #require(batch.items.first)
        #expect(jabber.title == "jabber.org - the original XMPP instant messaging service")
        #expect(jabber.tags.isEmpty)
        #expect(jabber.savedAt == Date(timeIntervalSince1970: 1_466_010_266))
        let fig = try #require(batch.items.first { $0.url == "http://www.php-fig.org/psr" })
        #expect(fig.tags == ["Dev", "PHP"])
        let kernel = try #require(batch.items.first { $0.url == "https://www.kernel.org/" })
        #expect(kernel.tags == ["Linux, Unix OS,Other stuff"])
        #expect(batch.items.filter { $0.tags == ["Self-hosting"] }.count == 4)
    }

    /// Shaarli's file: space-separated TAGS, a date in Apache log form, a description.
    @Test func basic() throws {
        let batch = try Importer.parse(SampleData.data("netscape/netscape_basic.htm"), format: .netscape)
        #expect(batch.problems.isEmpty)
        #expect(batch.items.count == 2)
        #expect(batch.items[0].url == "https://private.tld/")
        #expect(batch.items[0].title == "Secret stuff")
        #expect(batch.items[0].tags == ["private", "secret"])
        #expect(batch.items[0].savedAt == Date(timeIntervalSince1970: 971_175_336))
        #expect(batch.items[0].note == "Super-secret stuff you're not supposed to know about")
        #expect(batch.items[1].tags == ["hello", "public", "world"])
        #expect(batch.items[1].savedAt == Date(timeIntervalSince1970: 1_456_433_748))
        #expect(batch.items[1].note == nil)
    }

    /// linkding: the same instant written in seconds, milliseconds and microseconds.
    @Test func mixedTimestampUnits() throws {
        let batch = try Importer.parse(SampleData.data("netscape/linkding_mixed_timestamps.html"), format: .netscape)
        #expect(batch.problems.isEmpty)
        #expect(batch.items.map(\.title) == ["test title 1", "test title 2", "test title 3"])
        #expect(batch.items.map(\.tags) == [["tag1"], ["tag2"], ["tag3"]])
        #expect(batch.items.map(\.note) == ["test description 1", "test description 2", "test description 3"])
        for item in batch.items {
            #expect(item.savedAt == Date(timeIntervalSince1970: 1_616_337_559))
        }
    }
}
