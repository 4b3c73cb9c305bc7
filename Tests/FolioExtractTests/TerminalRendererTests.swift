import FolioExtract
import Testing

/// Terminal output is wrapped, structured, and free of anything the article could use to drive the terminal.
@Suite struct TerminalRendererTests {
    @Test func structureAndFootnotes() {
        let output = TerminalRenderer(width: 40).render(html: """
            <h2>A heading</h2><p>First paragraph with <a href="https://a.example/x">a link</a> and \
            <a href="https://a.example/x">the same link</a> and <a href="https://b.example/">another</a>.</p>
            <ul><li>one</li><li>two</li></ul><ol start="3"><li>three</li></ol><blockquote><p>Quoted words</p></blockquote>
            """)
        #expect(output.contains("A heading\n---------"))
        #expect(output.contains("a link[1]"))
        #expect(output.contains("same link[1]"))
        #expect(output.contains("another[2]"))
        #expect(output.contains("• one\n• two\n\n3. three\n\n│ Quoted words\n\n[1]"))
        #expect(output.contains("3. three"))
        #expect(output.contains("│ Quoted words"))
        #expect(output.hasSuffix("[1] https://a.example/x\n[2] https://b.example/\n"))
        #expect(output.split(separator: "\n").allSatisfy { $0.count <= 40 })
    }

    /// Escape sequences, C1 controls and bidi overrides in text or links are removed.
    @Test func neutralisesControlCharacters() {
        let output = TerminalRenderer(width: 80).render(html: """
            <p>Red \u{1B}[31mtext\u{1B}[0m, title \u{1B}]0;pwned\u{07}, C1 \u{9B}2J, bidi \u{202E}txet</p>
            <a href="https://x.example/\u{1B}[2J">link</a>
            """)
        #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B || $0.value == 0x202E })
        #expect(output.contains("Red [31mtext[0m"))
    }

    /// Long words are cut rather than overflowing the width.
    @Test func wrapsLongWords() {
        let output = TerminalRenderer(width: 20).render(html: "<p>" + String(repeating: "x", count: 70) + " end</p>")
        #expect(output.split(separator: "\n").allSatisfy { $0.count <= 20 })
        #expect(output.contains("end"))
    }
}
