import FolioExtract
import Testing

/// Text is measured in terminal columns, as a terminal draws it: wide characters take two,
/// combining marks none, so CJK text wraps at the asked width and tables line up.
@Suite struct TerminalWidthTests {
    @Test(arguments: [
        ("plain", 5), ("漢字", 4), ("かなカナ", 8), ("한국어", 6), ("ＡＢ", 4), ("ｶﾅ", 2),
        ("e\u{301}te\u{301}", 3), ("a\u{20DD}", 1), ("zero\u{200B}width", 9),
        ("👍", 2), ("❤️", 2), ("❤", 1), ("👨‍👩‍👧", 2), ("🇯🇵", 2), ("1️⃣", 2), ("👍🏽", 2),
    ])
    func columns(text: String, expected: Int) {
        #expect(text.terminalColumns == expected, "\(text)")
    }

    /// A prefix never splits a wide character across the limit.
    @Test func prefixByColumns() {
        #expect("漢字かな".prefix(columns: 5) == "漢字")
        #expect("漢字かな".prefix(columns: 6) == "漢字か")
        #expect("ab👍cd".prefix(columns: 3) == "ab")
        #expect("e\u{301}e\u{301}x".prefix(columns: 2) == "e\u{301}e\u{301}")
    }

    /// A CJK paragraph (no spaces to break at) fills lines of exactly the asked width, not twice it.
    @Test func wrapsCJKAtTheAskedColumns() {
        let sentence = String(repeating: "日本語の文章を折り返す。", count: 10)
        let lines = TerminalRenderer(width: 20).render(html: "<p>\(sentence)</p>").split(separator: "\n")
        #expect(lines.count == 12)
        #expect(lines.dropLast().allSatisfy { $0.terminalColumns == 20 }, "\(lines)")
        #expect(lines.joined() == sentence)
    }

    /// Latin words wrap at spaces; a CJK run after them fills the rest of the line.
    @Test func wrapsMixedText() {
        let output = TerminalRenderer(width: 20).render(html: "<p>Swift is 一种由苹果公司开发的编程语言 and more words follow here</p>")
        let lines = output.split(separator: "\n")
        #expect(lines.first == "Swift is 一种由苹果")
        #expect(lines.allSatisfy { $0.terminalColumns <= 20 }, "\(lines)")
        #expect(output.contains("and more words"))
    }

    /// Emoji take two columns each and combining accents none.
    @Test func wrapsEmojiAndCombiningMarks() {
        let emoji = TerminalRenderer(width: 20).render(html: "<p>" + Array(repeating: "👍👍👍", count: 8).joined(separator: " ") + "</p>")
        #expect(emoji.split(separator: "\n").allSatisfy { $0.terminalColumns <= 20 }, "\(emoji)")
        let accents = TerminalRenderer(width: 20).render(html: "<p>" + Array(repeating: "cafe\u{301}", count: 8).joined(separator: " ") + "</p>")
        #expect(accents.split(separator: "\n").first == "cafe\u{301} cafe\u{301} cafe\u{301} cafe\u{301}")
    }

    /// Headings are underlined across their width in columns.
    @Test func underlinesWideHeadings() {
        #expect(TerminalRenderer(width: 40).render(html: "<h1>漢字の見出し</h1>").hasPrefix("漢字の見出し\n============\n"))
    }
}
