/// How many terminal columns text takes, as `wcwidth` counts them: East Asian Wide and
/// Fullwidth characters and emoji take two, combining marks and format characters none.
extension Unicode.Scalar {
    /// The columns this scalar takes on its own (0, 1 or 2).
    public var terminalColumns: Int {
        let value = self.value
        if value < 0x300 { return value < 0x20 || (value >= 0x7F && value < 0xA0) ? 0 : 1 }
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) || value == 0x200B { return 0 }  // Hangul medial jamo, zero-width space
        return properties.isEmojiPresentation || Self.wideRanges.contains { $0.contains(value) } ? 2 : 1
    }

    /// The East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth.txt, in blocks).
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
        0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
        0x17000...0x18CFF, 0x1AFF0...0x1B2FF, 0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}

extension Character {
    /// The columns this grapheme takes: its first scalar's, or two for an emoji presentation
    /// sequence (a text symbol followed by U+FE0F); joined and combining scalars add nothing.
    public var terminalColumns: Int {
        let scalars = unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count > 1, first.properties.isEmoji, scalars.contains("\u{FE0F}") { return 2 }
        return first.terminalColumns
    }
}

extension StringProtocol {
    /// The columns the text takes on a terminal.
    public var terminalColumns: Int {
        reduce(0) { $0 + $1.terminalColumns }
    }

    /// The longest prefix that fits in `columns` terminal columns.
    public func prefix(columns: Int) -> SubSequence {
        var used = 0
        var end = startIndex
        for index in indices {
            used += self[index].terminalColumns
            if used > columns { break }
            end = self.index(after: index)
        }
        return self[startIndex..<end]
    }
}
