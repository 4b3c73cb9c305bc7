import FolioModel
import Foundation

/// A passage ``TerminalRenderer`` marks: the `occurrence`-th match (from 0) of `quote` in the
/// rendered paragraphs, matched ignoring case, diacritics and runs of whitespace. A quote that
/// spans two paragraphs is not marked.
public struct MarkedPassage: Hashable, Sendable {
    /// The quoted text, whitespace collapsed.
    public var quote: String
    /// Which of the quote's matches to mark, when it appears more than once.
    public var occurrence: Int

    public init(quote: String, occurrence: Int = 0) {
        self.quote = quote.collapsingWhitespace()
        self.occurrence = occurrence
    }

    /// The passage of `highlight` in `text`, the article text its position is measured in: of the
    /// quote's matches, the one that starts nearest that position.
    public init(_ highlight: Highlight, in text: String) {
        self.init(quote: highlight.quote)
        let text = text.collapsingWhitespace()
        let target = Int(highlight.position * Double(text.count))
        var (offset, counted) = (0, text.startIndex)
        var nearest = Int.max
        var searched = text.startIndex..<text.endIndex
        var index = 0
        while !quote.isEmpty, let found = text.range(of: quote, options: [.caseInsensitive, .diacriticInsensitive], range: searched) {
            offset += text.distance(from: counted, to: found.lowerBound)
            counted = found.lowerBound
            guard abs(offset - target) < nearest else { break }
            (nearest, occurrence) = (abs(offset - target), index)
            index += 1
            searched = found.upperBound..<text.endIndex
        }
    }
}
