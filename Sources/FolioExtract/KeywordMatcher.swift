/// Finds whether any of a fixed set of ASCII keywords occurs in a string, case-insensitively,
/// in one pass over its bytes (class and id hints are checked on every element, so this is hot).
struct KeywordMatcher: Sendable {
    /// The keywords (lower-case UTF-8) by their first byte.
    private let buckets: [[[UInt8]]]
    /// Bit `b` is set when a keyword starts with byte `b` (or its upper-case form): most bytes of a
    /// text start no keyword, and this answers that without touching `buckets`.
    private let firstBytes: (UInt64, UInt64, UInt64, UInt64)

    /// A matcher for `keywords` (lower case; ASCII letters are matched in any case).
    init(_ keywords: [String]) {
        var buckets = [[[UInt8]]](repeating: [], count: 256)
        for keyword in keywords {
            let bytes = Array(keyword.utf8)
            if let first = bytes.first { buckets[Int(first)].append(bytes) }
        }
        self.buckets = buckets
        var bits: [UInt64] = [0, 0, 0, 0]
        for byte in 0...255 where !buckets[Int(KeywordMatcher.lower(UInt8(byte)))].isEmpty {
            bits[byte >> 6] |= 1 << UInt64(byte & 63)
        }
        firstBytes = (bits[0], bits[1], bits[2], bits[3])
    }

    /// Whether one of the keywords occurs in `bytes`; with `ignoringSpaces`, spaces (U+0020) are skipped.
    func matches(bytes: UnsafeBufferPointer<UInt8>, ignoringSpaces: Bool) -> Bool {
        guard ignoringSpaces, bytes.contains(0x20) else { return matches(bytes: bytes) }
        let squeezed = bytes.filter { $0 != 0x20 }
        return squeezed.withUnsafeBufferPointer { matches(bytes: $0) }
    }

    /// Whether `text` starts with one of the keywords.
    func matchesPrefix(of text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = text.first else { return false }
        return buckets[Int(KeywordMatcher.lower(first))].contains { KeywordMatcher.matches($0, in: text, at: 0) }
    }

    /// Whether one of the keywords occurs in `bytes`.
    func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for start in bytes.indices where mayStartKeyword(bytes[start]) {
            let candidates = buckets[Int(KeywordMatcher.lower(bytes[start]))]
            if candidates.contains(where: { KeywordMatcher.matches($0, in: bytes, at: start) }) { return true }
        }
        return false
    }

    /// Whether some keyword starts with `byte` (in either case).
    @inline(__always)
    private func mayStartKeyword(_ byte: UInt8) -> Bool {
        let word: UInt64
        switch byte >> 6 {
        case 0: word = firstBytes.0
        case 1: word = firstBytes.1
        case 2: word = firstBytes.2
        default: word = firstBytes.3
        }
        return word & (1 << UInt64(byte & 63)) != 0
    }

    /// Whether `keyword` occurs in `bytes` at `start` (its first byte is known to match).
    @inline(__always)
    private static func matches(_ keyword: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start + keyword.count <= bytes.count else { return false }
        for offset in 1..<keyword.count where lower(bytes[start + offset]) != keyword[offset] { return false }
        return true
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }
}
