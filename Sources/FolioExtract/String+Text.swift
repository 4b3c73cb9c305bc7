extension String {
    /// The string with every run of whitespace replaced by one space, trimmed at both ends;
    /// control characters are dropped.
    func collapsingWhitespace() -> String {
        var source = self
        return String(decoding: source.withUTF8(UTF8Scan.collapsingWhitespace), as: UTF8.self)
    }

    /// The string without leading and trailing whitespace (a fast `trimmingCharacters(in: .whitespacesAndNewlines)`).
    func trimmed() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isFolioWhitespace }),
              let last = scalars.lastIndex(where: { !$0.isFolioWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// Whitespace-separated words, counted as `ArticleContent.countWords` does.
    var wordCount: Int {
        var source = self
        return source.withUTF8 { bytes in
            var count = 0
            var inWord = false
            var index = 0
            while index < bytes.count {
                let space = UTF8Scan.whitespaceWidth(bytes, at: index)
                if space > 0 {
                    inWord = false
                    index += space
                    continue
                }
                if !inWord { count += 1 }
                inWord = true
                index += UTF8Scan.scalarWidth(bytes[index])
            }
            return count
        }
    }

    /// Whether the string has at least `minimum` characters, counting no further than that.
    func hasCharacters(atLeast minimum: Int) -> Bool {
        guard minimum > 0 else { return true }
        guard utf8.count >= minimum else { return false }
        return !dropFirst(minimum - 1).isEmpty
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
    /// Length with whitespace runs counted as one character, and the number of commas
    /// (`,`, and the full-width, ideographic and Arabic commas).
    static func lengthAndCommas(_ bytes: UnsafeBufferPointer<UInt8>) -> (length: Int, commas: Int) {
        var length = 0
        var commas = 0
        var inSpace = false
        var index = 0
        while index < bytes.count {
            let space = whitespaceWidth(bytes, at: index)
            if space > 0 {
                if !inSpace { length += 1 }
                inSpace = true
                index += space
                continue
            }
            inSpace = false
            length += 1
            let byte = bytes[index]
            let width = scalarWidth(byte)
            if byte == UInt8(ascii: ",") {
                commas += 1
            } else if width > 1, index + width <= bytes.count {
                let next = bytes[index + 1]
                let last = width > 2 ? bytes[index + 2] : 0
                if (byte == 0xEF && next == 0xBC && last == 0x8C) || (byte == 0xE3 && next == 0x80 && last == 0x81)
                    || (byte == 0xD8 && next == 0x8C) {
                    commas += 1
                }
            }
            index += width
        }
        return (length, commas)
    }

    /// Whether `bytes` hold nothing but whitespace (Unicode `White_Space`), like `String.isBlank`.
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let width = whitespaceWidth(bytes, at: index)
            guard width > 0 else { return false }
            index += width
        }
        return true
    }

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

    /// Whether `bytes` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            // ASCII runs, eight bytes at a time.
            while index + 8 <= count,
                  UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            guard index < count else { return true }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, low) = (3, 0xA0)
            case 0xED: (length, high) = (3, 0x9F)
            case 0xE1...0xEF: length = 3
            case 0xF0: (length, low) = (4, 0x90)
            case 0xF4: (length, high) = (4, 0x8F)
            case 0xF1...0xF3: length = 4
            default: return false
            }
            guard index + length <= count, bytes[index + 1] >= low, bytes[index + 1] <= high else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    /// `bytes` with every run of whitespace replaced by one space, trimmed at both ends, control characters dropped.
    static func collapsingWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var pendingSpace = false
        var index = 0
        while index < bytes.count {
            let width = separatorWidth(bytes, at: index)
            if width > 0 {
                if isSpace(bytes, at: index) { pendingSpace = !output.isEmpty }
                index += width
                continue
            }
            if pendingSpace { output.append(0x20) }
            pendingSpace = false
            output.append(bytes[index])
            index += 1
        }
        return output
    }

    /// The byte length of the whitespace character (Unicode `White_Space`) at `index`, or 0 for any other character.
    @inline(__always)
    static func whitespaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) ? 1 : 0 }
        let width = separatorWidth(bytes, at: index)
        return width > 0 && isSpace(bytes, at: index) ? width : 0
    }

    /// The byte length of the character that starts with `lead` (1 for a stray continuation byte).
    @inline(__always)
    static func scalarWidth(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC0...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xFF: 4
        default: 1
        }
    }

    /// Whether the separator at `index` is whitespace (as opposed to a control character, which is dropped).
    static func isSpace(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = bytes[index]
        if byte < 0x80 { return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        return !(byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] < 0xA0 && bytes[index + 1] != 0x85)
    }
}
