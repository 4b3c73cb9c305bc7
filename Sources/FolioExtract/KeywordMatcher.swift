/// Finds whether any of a fixed set of ASCII keywords occurs in a string, case-insensitively,
/// in one pass over its bytes (class and id hints are checked on every element, so this is hot).
struct KeywordMatcher: Sendable {
    private let buckets: [[[UInt8]]]

    /// A matcher for `keywords` (lower-case ASCII).
    init(_ keywords: [String]) {
        var buckets = [[[UInt8]]](repeating: [], count: 256)
        for keyword in keywords {
            let bytes = Array(keyword.utf8)
            if let first = bytes.first { buckets[Int(first)].append(bytes) }
        }
        self.buckets = buckets
    }

    /// Whether one of the keywords occurs in `text`.
    func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { matches(bytes: $0) }
    }

    private func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        for start in 0..<count {
            let candidates = buckets[Int(KeywordMatcher.lower(bytes[start]))]
            if candidates.isEmpty { continue }
            search: for keyword in candidates where start + keyword.count <= count {
                for offset in 1..<keyword.count where KeywordMatcher.lower(bytes[start + offset]) != keyword[offset] {
                    continue search
                }
                return true
            }
        }
        return false
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }
}
