extension String {
    /// The string with every run of whitespace replaced by one space, trimmed at both ends.
    func collapsingWhitespace() -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        var pendingSpace = false
        for scalar in unicodeScalars {
            if scalar.isFolioWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.unicodeScalars.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Length with whitespace runs counted as one character, and the number of commas.
    func lengthAndCommas() -> (length: Int, commas: Int) {
        var length = 0
        var commas = 0
        var inSpace = false
        for scalar in unicodeScalars {
            if scalar.isFolioWhitespace {
                if !inSpace { length += 1 }
                inSpace = true
            } else {
                inSpace = false
                length += 1
                if scalar == "," || scalar == "\u{FF0C}" || scalar == "\u{3001}" || scalar == "\u{060C}" { commas += 1 }
            }
        }
        return (length, commas)
    }

    /// Whitespace-separated words, counted as `ArticleContent.countWords` does, with an ASCII fast path.
    var wordCount: Int {
        var count = 0
        var inWord = false
        for scalar in unicodeScalars {
            let isSpace = scalar.isFolioWhitespace
            if !isSpace && !inWord { count += 1 }
            inWord = !isSpace
        }
        return count
    }

    /// Whether the string holds nothing but whitespace.
    var isBlank: Bool {
        unicodeScalars.allSatisfy { $0.isFolioWhitespace }
    }

    /// The string trimmed of whitespace, or nil when that leaves nothing.
    var nonBlank: String? {
        let value = collapsingWhitespace()
        return value.isEmpty ? nil : value
    }
}

extension Unicode.Scalar {
    /// Whitespace test with an ASCII fast path (the hot loop of text statistics).
    @inline(__always)
    var isFolioWhitespace: Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return properties.isWhitespace
    }
}
