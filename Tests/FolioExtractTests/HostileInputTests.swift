import FolioExtract
import FolioModel
import Foundation
import Testing

/// Untrusted pages never crash the extractor nor make it unbounded in time or memory.
@Suite struct HostileInputTests {
    private let extractor = Extractor()

    @Test func emptyInput() {
        #expect(extractor.extract(html: "", url: nil).content.status == .linkOnly(reason: "no article found"))
        #expect(extractor.extract(data: Data(), url: nil).content.status == .linkOnly(reason: "no article found"))
        #expect(HTMLSanitizer.sanitize(html: "", baseURL: nil).isEmpty)
    }

    /// Pseudo-random bytes (a fixed sequence) are treated as a broken page.
    @Test func binaryData() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let bytes = (0..<200_000).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let result = extractor.extract(data: Data(bytes), url: nil)
        #expect(!result.content.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    /// A 50 MB page is refused quickly with a clear reason instead of being parsed.
    @Test func hugePage() {
        let huge = "<html><body>" + String(repeating: "<p>filler text</p>", count: 3_000_000) + "</body></html>"
        let start = ContinuousClock.now
        let result = extractor.extract(html: huge, url: nil)
        #expect(ContinuousClock.now - start < .seconds(2))
        guard case .linkOnly(let reason) = result.content.status else {
            Issue.record("a 50 MB page must be refused")
            return
        }
        #expect(reason.contains("too large"))
    }

    /// 10,000 nested elements are flattened past a fixed depth; the text survives.
    @Test(arguments: ["div", "span", "blockquote", "b"])
    func deepNesting(_ tag: String) {
        let text = String(repeating: "Deep text, with commas, keeps going. ", count: 20)
        let html = "<html><body>" + String(repeating: "<\(tag)>", count: 10_000) + text
            + String(repeating: "</\(tag)>", count: 10_000) + "</body></html>"
        let start = ContinuousClock.now
        let result = extractor.extract(html: html, url: nil)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(result.content.text.contains("Deep text"))
        #expect(!HTMLSanitizer.sanitize(html: html, baseURL: nil).isEmpty)
        #expect(TerminalRenderer(width: 60).render(html: html).contains("Deep text"))
    }

    /// Unclosed and mismatched tags, stray NULs and endless attributes do not break parsing.
    @Test func malformedMarkup() {
        let html = "<html><body><p>Unclosed <b>bold <i>italic</p><div <div>\u{0}<p title=\"" + String(repeating: "x", count: 100_000)
            + "\">Paragraph text</p><table><tr><td>cell</table></body>"
        let result = extractor.extract(html: html, url: nil)
        #expect(!result.content.text.contains("\u{0}"))
    }
}
