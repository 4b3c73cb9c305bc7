import FolioExtract
import FolioModel
import Foundation
import Testing

/// The article of a seed-like page is kept whole, and everything users do not want to keep
/// (pitches, sign-ups, paywall lines, credits, share bars, cookie banners) is gone.
@Suite struct BoilerplateTests {
    private let result = Extractor().extract(html: Fixtures.seedLikePage, url: URL(string: "https://paper.example/news/1"))

    /// Every article paragraph survives, in order.
    @Test func keepsArticle() {
        #expect(result.content.status == .complete)
        let text = result.content.text
        var position = text.startIndex
        for opening in Fixtures.seedArticleOpenings {
            guard let found = text.range(of: opening, range: position..<text.endIndex) else {
                Issue.record("missing or out of order: \(opening)")
                continue
            }
            position = found.upperBound
        }
    }

    /// Subscription, newsletter, paywall, credit, share and cookie lines are removed.
    @Test(arguments: [
        "Subscribe to", "SUBSCRIBE", "Sign up", "Newsletters", "inbox", "To continue reading", "Continue reading",
        "unlimited website access", "Cancel or pause", "Already a subscriber", "Not sure which email", "Image credit",
        "Getty", "Share on", "cookies", "All rights reserved", "Politics", "Another story", "Escape your echo chamber",
    ])
    func removesFurniture(_ phrase: String) {
        #expect(!result.content.text.contains(phrase), "\(phrase) should be gone")
        #expect(!result.content.html.contains(phrase), "\(phrase) should be gone from the HTML")
    }

    /// The title is metadata, not repeated in the body; the byline line goes too.
    @Test func titleAndBylineNotInBody() {
        #expect(result.title == "Isis has direct links to UK terror cells")
        #expect(result.content.byline == "Jo Writer")
        #expect(!result.content.text.contains("Isis has direct links"))
        #expect(!result.content.text.contains("By Jo Writer"))
    }

    /// Images stay, with absolute addresses; word count and reading time follow the text.
    @Test func imagesAndCounts() {
        #expect(result.content.html.contains("<img src=\"https://paper.example/images/minister.jpg\""))
        #expect(result.content.wordCount == ArticleContent.countWords(in: result.content.text))
        #expect(result.content.readingMinutes == 1)
    }
}
