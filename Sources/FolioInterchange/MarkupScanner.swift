/// A forgiving tokenizer for the flat, tag-soup HTML of bookmark exports (unclosed `<DT>`, `<p>`).
///
/// It only splits the text into tags and text with their line numbers; the format parsers give
/// the tokens meaning. Comments, doctypes and processing instructions are skipped.
///
/// A class, used only inside ``tokens(_:)``: as a struct with mutating methods, Swift 6.3.1 at
/// `-O` read a stale cursor after `advance()` once `name()` was inlined (start tags came out as
/// `<title`), which broke every bookmark import in release builds.
final class MarkupScanner {
    /// One piece of markup.
    enum Token: Equatable {
        /// An opening tag: lower-cased name, attributes with lower-cased names and decoded values.
        case start(String, [String: String])
        /// A closing tag's lower-cased name.
        case end(String)
        /// Text with entities decoded.
        case text(String)
    }

    /// A token, the 1-based line it starts on and the bytes it was read from.
    struct Located {
        let token: Token
        let line: Int
        /// The token's byte range in the scanned text (for a tag, from `<` to `>`).
        let source: Range<Int>
    }

    /// Every token of `text`, in order.
    static func tokens(_ text: String) -> [Located] {
        tokens(Array(text.utf8))
    }

    /// Every token of the UTF-8 text `bytes`, in order.
    static func tokens(_ bytes: [UInt8]) -> [Located] {
        let scanner = MarkupScanner(bytes: bytes)
        var tokens: [Located] = []
        while let token = scanner.next() { tokens.append(token) }
        return tokens
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func next() -> Located? {
        while index < bytes.count {
            let startLine = line
            let startIndex = index
            if bytes[index] == UInt8(ascii: "<") {
                switch tag() {
                case .token(let token): return Located(token: token, line: startLine, source: startIndex..<index)
                case .skipped: continue
                case .text: break
                }
            }
            let start = index
            advance()
            while index < bytes.count, bytes[index] != UInt8(ascii: "<") { advance() }
            return Located(token: .text(HTMLEntities.decode(string(start, index))), line: startLine, source: startIndex..<index)
        }
        return nil
    }

    // MARK: - Tags

    /// What a `<` starts.
    private enum TagScan {
        case token(Token)
        /// A comment, doctype or processing instruction.
        case skipped
        /// A `<` that starts no tag (`a < b`).
        case text
    }

    /// Reads the tag at a `<`.
    private func tag() -> TagScan {
        guard index + 1 < bytes.count else { return .text }
        let next = bytes[index + 1]
        if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
            let isComment = bytes[index...].starts(with: Array("<!--".utf8))
            skip(past: isComment ? Array("-->".utf8) : [UInt8(ascii: ">")])
            return .skipped
        }
        if next == UInt8(ascii: "/") {
            advance(2)
            let name = self.name()
            skip(past: [UInt8(ascii: ">")])
            return .token(.end(name))
        }
        guard isLetter(next) else { return .text }
        advance()
        let name = self.name()
        var attributes: [String: String] = [:]
        while index < bytes.count {
            skipWhitespace()
            guard index < bytes.count else { break }
            if bytes[index] == UInt8(ascii: ">") { advance(); break }
            if bytes[index] == UInt8(ascii: "/") { advance(); continue }
            let key = self.name()
            if key.isEmpty { advance(); continue }
            skipWhitespace()
            var value = ""
            if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                advance()
                skipWhitespace()
                value = attributeValue()
            }
            if attributes[key] == nil { attributes[key] = HTMLEntities.decode(value) }
        }
        return .token(.start(name, attributes))
    }

    /// A tag or attribute name, lower-cased.
    private func name() -> String {
        let start = index
        while index < bytes.count, !isSpace(bytes[index]), !"=>/".utf8.contains(bytes[index]) { advance() }
        return string(start, index).lowercased()
    }

    /// A quoted or unquoted attribute value, raw.
    private func attributeValue() -> String {
        guard index < bytes.count else { return "" }
        let quote = bytes[index]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            advance()
            let start = index
            while index < bytes.count, bytes[index] != quote { advance() }
            let value = string(start, index)
            advance()
            return value
        }
        let start = index
        while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { advance() }
        return string(start, index)
    }

    // MARK: - Bytes

    private func advance(_ count: Int = 1) {
        for _ in 0..<count where index < bytes.count {
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
    }

    private func skip(past terminator: [UInt8]) {
        while index < bytes.count, !bytes[index...].starts(with: terminator) { advance() }
        advance(terminator.count)
    }

    private func skipWhitespace() {
        while index < bytes.count, isSpace(bytes[index]) { advance() }
    }

    private func string(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self)
    }

    private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
    private func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
}
