import FolioModel
import Foundation
import Testing

@Suite struct CanonicalURLTests {
    @Test(arguments: [
        ("HTTPS://Example.COM/Path", "https://example.com/Path"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?utm_source=x&id=3&UTM_MEDIUM=y&fbclid=z&gclid=q", "https://example.com/a?id=3"),
        ("https://example.com/a/", "https://example.com/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/", "https://example.com/"),
        ("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),
        ("https://example.com/%7euser/%2fx%aa", "https://example.com/~user/%2Fx%AA"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://example.com/a/./b/../c", "https://example.com/a/c"),
        ("https://user:pw@example.com/a", "https://example.com/a"),
        ("  https://example.com/a?  ", "https://example.com/a"),
        ("https://example.com./a", "https://example.com/a"),
    ])
    func canonicalises(input: String, expected: String) throws {
        #expect(try CanonicalURL(input).string == expected)
    }

    /// The same page saved over http and https, or with tracking noise, is one article.
    @Test func sameArticleID() throws {
        let plain = try CanonicalURL("https://example.com/post").articleID
        #expect(try CanonicalURL("http://example.com/post").articleID == plain)
        #expect(try CanonicalURL("https://EXAMPLE.com/post/?utm_campaign=a#top").articleID == plain)
        #expect(try CanonicalURL("https://example.com/other").articleID != plain)
        #expect(try CanonicalURL("https://example.com/post?page=2").articleID != plain)
    }

    @Test(arguments: ["ftp://example.com/a", "example.com/a", "javascript:alert(1)", "https:///a", "https://exa mple.com/", "https://example.com:99999/", ""])
    func rejects(input: String) {
        #expect(throws: CanonicalURL.Invalid.self) { try CanonicalURL(input) }
    }

    /// The canonical form names the page; the address as given (trimmed) is kept for opening
    /// when it says more, within the address policy; equality is by canonical form.
    @Test func theGivenAddressIsKept() throws {
        let paste = try CanonicalURL("  https://paste.example/?c0ffee#key=abc \n")
        #expect(paste.string == "https://paste.example/?c0ffee")
        #expect(paste.given == "https://paste.example/?c0ffee#key=abc")
        #expect(paste == (try CanonicalURL("https://paste.example/?c0ffee")))
        #expect(paste.articleID == (try CanonicalURL("https://paste.example/?c0ffee")).articleID)
        #expect(try CanonicalURL("https://example.com/post").given == nil)
        #expect(try CanonicalURL("HTTPS://Example.com/post?utm_source=x").given == "HTTPS://Example.com/post?utm_source=x")
        #expect(try CanonicalURL("https://example.com/a b").given == nil, "white space is outside the address policy")

        let article = Article(id: paste.articleID, url: paste.string, givenURL: paste.given, title: "", savedAt: Date())
        #expect(article.addressToOpen == "https://paste.example/?c0ffee#key=abc")
        #expect(article.savedFields().contains { $0.field == Field.givenURL && $0.value == .string("https://paste.example/?c0ffee#key=abc") })
        let old = Article(id: paste.articleID, url: paste.string, title: "", savedAt: Date())
        #expect(old.addressToOpen == paste.string)
        #expect(!old.savedFields().contains { $0.field == Field.givenURL })
    }

    @Test func punycodeKnownVectors() throws {
        #expect(try CanonicalURL("https://münchen.de/").string == "https://xn--mnchen-3ya.de/")
        #expect(try CanonicalURL("https://例え.jp/").string == "https://xn--r8jz45g.jp/")
    }
}

@Suite struct TagTests {
    @Test func identityIsTrimmedCollapsedAndCaseFolded() throws {
        let tag = try #require(Tag("  Swift   Concurrency "))
        #expect(tag.key == "swift concurrency")
        #expect(tag.display == "Swift Concurrency")
        #expect(Tag("SWIFT concurrency") == tag)
        #expect(Tag("") == nil)
        #expect(Tag("   ") == nil)
        #expect(Tag(String(repeating: "x", count: 101)) == nil)
        #expect(Tag("a\u{1B}[31m") == nil, "control characters are refused")
    }
}
