extension StringProtocol {
    /// The text without the spaces and tabs HTTP allows around header values and list items;
    /// cheaper than Foundation's trimming, which would run on every request.
    var trimmingHeaderSpace: Substring {
        let text = Substring(self)
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = text.utf8.firstIndex(where: { !isSpace($0) }), let last = text.utf8.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return text[first...last]
    }
}
