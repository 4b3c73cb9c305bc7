extension String {
    /// The string with every run of whitespace replaced by one space, trimmed at both ends;
    /// control characters are dropped.
    func collapsingWhitespace() -> String {
        var source = self
        return source.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let width = UTF8Scan.separatorWidth(bytes, at: index)
                if width > 0 {
                    if UTF8Scan.isSpace(bytes, at: index) { pendingSpace = !output.isEmpty }
                    index += width
                    continue
                }
                if pendingSpace { output.append(0x20) }
                pendingSpace = false
                output.append(bytes[index])
                index += 1
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The string without leading and trailing whitespace (a fast `trimmingCharacters(in: .whitespacesAndNewlines)`).
    func trimmed() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isFolioWhitespace }),
              let last = scalars.lastIndex(where: { !$0.isFolioWhitespace }) else { return "" }
        return String(scalars[first...last])
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

/// Byte-level classification of whitespace and control characters in UTF-8 text.
enum UTF8Scan {
    /// The byte length of the whitespace or control character at `index`, or 0 for any other byte.
    static func separatorWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte <= 0x20 || byte == 0x7F { return 1 }
        if byte < 0x80 { return 0 }
        let next = index + 1 < bytes.count ? bytes[index + 1] : 0
        switch byte {
        case 0xC2 where next <= 0xA0: return 2
        case 0xE1 where next == 0x9A && index + 2 < bytes.count && bytes[index + 2] == 0x80: return 3
        case 0xE2 where index + 2 < bytes.count:
            let last = bytes[index + 2]
            if next == 0x80 && (last <= 0x8A || last == 0xA8 || last == 0xA9 || last == 0xAF) { return 3 }
            if next == 0x81 && last == 0x9F { return 3 }
            return 0
        case 0xE3 where next == 0x80 && index + 2 < bytes.count && bytes[index + 2] == 0x80: return 3
        default: return 0
        }
    }

    /// Whether the separator at `index` is whitespace (as opposed to a control character, which is dropped).
    static func isSpace(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = bytes[index]
        if byte < 0x80 { return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        return !(byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] < 0xA0 && bytes[index + 1] != 0x85)
    }
}
