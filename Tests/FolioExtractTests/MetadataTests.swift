import FolioExtract
import Foundation
import Testing

/// Metadata comes from the best source available, in the documented order of preference.
@Suite struct MetadataTests {
    private static let body = """
        <article><p>Body text that is long enough to count as the article, with commas, clauses, and a few \
        sentences. It goes on for a while, so that the extractor keeps it. And then it goes on a little more, \
        because two hundred characters is the minimum.</p></article>
        """

    private func extract(_ head: String, body: String = MetadataTests.body, html attributes: String = "") -> ExtractionResult {
        Extractor().extract(html: "<html \(attributes)><head>\(head)</head><body>\(body)</body></html>",
                            url: URL(string: "https://news.example/section/story.html"))
    }

    /// Open Graph and friends fill every field; relative addresses become absolute.
    @Test func openGraph() throws {
        let result = extract("""
            <title>Page title | Example News</title>
            <meta property="og:title" content="The OG title">
            <meta property="og:site_name" content="Example News">
            <meta name="author" content="By Ada Lovelace">
            <meta property="article:published_time" content="2019-11-19T10:30:00+01:00">
            <meta property="og:image" content="/img/lead.jpg">
            <meta property="og:description" content="A short summary.">
            <link rel="canonical" href="/section/story">
            """, html: "lang=\"en-GB\"")
        #expect(result.title == "The OG title")
        #expect(result.content.siteName == "Example News")
        #expect(result.content.byline == "Ada Lovelace")
        #expect(result.content.publishedAt == Date(timeIntervalSince1970: 1_574_155_800))
        #expect(result.content.leadImageURL == "https://news.example/img/lead.jpg")
        #expect(result.content.excerpt == "A short summary.")
        #expect(result.content.canonicalURL == "https://news.example/section/story")
        #expect(result.content.language == "en-GB")
    }

    /// JSON-LD (inside a @graph) gives headline, author, date, publisher and image.
    @Test func jsonLD() {
        let result = extract("""
            <title>Ignored | Site</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Site"},
              {"@type":"NewsArticle","headline":"JSON-LD headline","datePublished":"2020-02-03",
               "author":[{"@type":"Person","name":"Grace Hopper"},{"@type":"Person","name":"Alan Turing"}],
               "publisher":{"@type":"Organization","name":"LD Publisher"},"image":{"@type":"ImageObject","url":"https://cdn.example/i.png"}}]}
            </script>
            """)
        #expect(result.title == "JSON-LD headline")
        #expect(result.content.byline == "Grace Hopper, Alan Turing")
        #expect(result.content.siteName == "LD Publisher")
        #expect(result.content.publishedAt == Date(timeIntervalSince1970: 1_580_688_000))
        #expect(result.content.leadImageURL == "https://cdn.example/i.png")
    }

    /// Without metadata: the single h1, else `<title>` without the site suffix; `<time>`, rel=author.
    @Test func fallbacks() {
        let h1 = extract("<title>Some Title - Site</title>",
                         body: "<h1>The heading</h1><a rel=\"author\" href=\"/a\">Mary Shelley</a><time datetime=\"2021-05-06T07:08:09Z\">May</time>" + MetadataTests.body)
        #expect(h1.title == "The heading")
        #expect(h1.content.byline == "Mary Shelley")
        #expect(h1.content.publishedAt == Date(timeIntervalSince1970: 1_620_284_889))
        let title = extract("<title>A story about many things | Example Site</title>")
        #expect(title.title == "A story about many things")
        #expect(title.content.excerpt?.hasPrefix("Body text that is long enough") == true)
    }

    /// A page without an article still gives its title, and says why there is no text.
    @Test func noArticle() {
        let result = extract("<title>Login - Example</title>",
                             body: "<nav><a href='/a'>Home</a> <a href='/b'>About</a></nav><form><input name=user></form>")
        #expect(result.title == "Login - Example")
        #expect(result.content.status == .linkOnly(reason: "no article found"))
        #expect(result.content.text.isEmpty)
    }
}
