import FolioExtract
import FolioModel
import Foundation
import Testing

/// `folio read` shows an article's highlights in its text: `[[…]]` without colour, reverse video
/// on a terminal, each marked once, at the place the highlight was taken from.
@Suite struct HighlightMarkingTests {
    /// Quotes match ignoring case and runs of whitespace.
    @Test func marksPassagesWithBrackets() {
        let renderer = TerminalRenderer(width: 80, marks: [MarkedPassage(quote: " quick  brown\nFOX ")])
        #expect(renderer.render(html: "<p>The quick brown fox jumps.</p>") == "The [[quick brown fox]] jumps.\n")
    }

    /// On a terminal a marked passage is in reverse video, closed at the end of each line and
    /// opened again on the next, and the markers take no room in the wrapping.
    @Test func marksPassagesInReverseVideoAcrossLines() {
        let renderer = TerminalRenderer(width: 20, styled: true, marks: [MarkedPassage(quote: "four five six seven eight")])
        let output = renderer.render(html: "<p>one two three four five six seven eight nine</p>")
        #expect(output == "one two three \u{1B}[7mfour\u{1B}[27m\n\u{1B}[7mfive six seven eight\u{1B}[27m\nnine\n")
    }

    /// Of several matches, the one nearest the highlight's position is marked, counted across paragraphs.
    @Test func marksTheOccurrenceAtTheHighlightsPosition() throws {
        let text = "A cat sat.\n\nThen another cat came. The last cat left."
        let second = try #require(text.ranges(of: "cat").dropFirst().first)
        let position = Double(text.distance(from: text.startIndex, to: second.lowerBound)) / Double(text.count)
        let mark = MarkedPassage(Highlight(articleID: UUID(), quote: "cat", position: position), in: text)
        #expect(mark.occurrence == 1)
        let output = TerminalRenderer(width: 80, marks: [mark]).render(text: text)
        #expect(output == "A cat sat.\n\nThen another [[cat]] came. The last cat left.\n")
    }

    /// A quote the text does not hold marks nothing; plain text keeps its line breaks.
    @Test func leavesTextWithoutTheQuoteAlone() {
        let text = "Line one\nLine two & more\n\nNew paragraph"
        let output = TerminalRenderer(width: 80, marks: [MarkedPassage(quote: "absent words")]).render(text: text)
        #expect(output == "Line one\nLine two & more\n\nNew paragraph\n")
    }
}
