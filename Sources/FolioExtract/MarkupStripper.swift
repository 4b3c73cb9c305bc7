import Foundation

/// A fast byte-level pass run before libxml2 that cuts what the extractor never reads:
/// scripts, styles, inline SVG, `noscript`, `template`, comments (often most of a page's bytes)
/// and the `nav`, `aside` and `footer` landmarks, keeping the text of JSON-LD scripts aside for
/// the metadata; start tags lose the attributes no stage reads (see `AttributeName`).
///
/// libxml2's HTML parser is the slowest stage of extraction, so feeding it less matters.
struct MarkupStripper {
    /// The page without the cut elements, as valid UTF-8 (malformed sequences replaced by U+FFFD).
    private(set) var html: [UInt8] = []
    /// The content of every `<script type="application/ld+json">`.
    private(set) var jsonLD: [String] = []

    /// Elements cut up to their first closing tag (raw text, or content never read).
    private static let cutElements: [[UInt8]] = ["script", "style", "svg", "noscript", "template"].map { Array($0.utf8) }
    /// Landmarks the content extractor removes on every pass (menus, asides, footers), cut up to
    /// their matching closing tag; one left unclosed is kept, so a stray tag never costs the article.
    private static let cutLandmarks: [[UInt8]] = ["nav", "aside", "footer"].map { Array($0.utf8) }

    /// Strips `source` (UTF-8 bytes of an HTML page, possibly malformed).
    init(_ source: UnsafeBufferPointer<UInt8>) {
        html.reserveCapacity(source.count)
        let count = source.count
        var index = 0
        while index < count {
            guard let open = MarkupStripper.find(UInt8(ascii: "<"), in: source, from: index) else {
                html.append(contentsOf: UnsafeBufferPointer(rebasing: source[index..<count]))
                break
            }
            html.append(contentsOf: UnsafeBufferPointer(rebasing: source[index..<open]))
            if MarkupStripper.matches(source, at: open + 1, "!--") {
                index = MarkupStripper.find(sequence: Array("-->".utf8), in: source, from: open + 4).map { $0 + 3 } ?? count
                continue
            }
            if let name = MarkupStripper.cutLandmarks.first(where: { MarkupStripper.isTag($0, in: source, at: open + 1) }),
               let closing = MarkupStripper.findMatchingClosingTag(name, in: source, from: open + 1 + name.count),
               let closingEnd = MarkupStripper.find(UInt8(ascii: ">"), in: source, from: closing) {
                index = closingEnd + 1
                continue
            }
            guard let name = MarkupStripper.cutElements.first(where: { MarkupStripper.isTag($0, in: source, at: open + 1) }),
                  let tagEnd = MarkupStripper.find(UInt8(ascii: ">"), in: source, from: open) else {
                if let end = copyStartTag(source, at: open) {
                    index = end
                } else {
                    html.append(UInt8(ascii: "<"))
                    index = open + 1
                }
                continue
            }
            let closing = MarkupStripper.findClosingTag(name, in: source, from: tagEnd + 1)
            if name.first == UInt8(ascii: "s") && name.count == 6,
               MarkupStripper.find(sequence: Array("ld+json".utf8), in: UnsafeBufferPointer(rebasing: source[open..<tagEnd]), from: 0) != nil {
                let body = source[(tagEnd + 1)..<(closing ?? count)]
                jsonLD.append(String(decoding: body, as: UTF8.self))
            }
            guard let closing else { break }
            index = (MarkupStripper.find(UInt8(ascii: ">"), in: source, from: closing) ?? count - 1) + 1
        }
        if !html.withUnsafeBufferPointer(UTF8Scan.isValid) {
            html = Array(String(decoding: html, as: UTF8.self).utf8)
        }
    }

    /// The attribute names some stage of extraction reads (lower case), by length.
    private static let keptAttributeNames: [[[UInt8]]] = {
        let names = AttributeName.allCases.map { Array($0.rawValue.utf8) }
        let longest = names.map(\.count).max() ?? 0
        return (0...longest).map { length in names.filter { $0.count == length } }
    }()

    /// Where attributes kept by `copyStartTag` start and end in the source (reused between tags).
    private var keptAttributes: [Range<Int>] = []

    /// Copies the start tag at `open` (a `<`) without the attributes no stage of extraction reads,
    /// and returns the index after it; libxml2 then never parses, copies or frees them.
    ///
    /// Only tags that libxml2 reads the plain way are rewritten: names made of the characters its
    /// HTML parser accepts, values quoted or free of quotes. For anything else nothing is copied and
    /// nil is returned, so the tag goes to libxml2 as written.
    private mutating func copyStartTag(_ source: UnsafeBufferPointer<UInt8>, at open: Int) -> Int? {
        let count = source.count
        guard open + 1 < count, MarkupStripper.isLetter(source[open + 1]) else { return nil }
        let nameEnd = MarkupStripper.nameEnd(source, from: open + 1)
        guard nameEnd - open - 1 < MarkupStripper.longestName else { return nil }
        keptAttributes.removeAll(keepingCapacity: true)
        var index = nameEnd
        while true {
            let afterBlanks = MarkupStripper.skipBlanks(source, from: index)
            guard afterBlanks < count else { return nil }
            let byte = source[afterBlanks]
            if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") {
                guard byte == UInt8(ascii: ">") || afterBlanks + 1 < count && source[afterBlanks + 1] == UInt8(ascii: ">") else {
                    return nil
                }
                index = afterBlanks
                break
            }
            // An attribute must be separated from what precedes it, and have a name libxml2 accepts.
            guard afterBlanks > index, MarkupStripper.isNameStart(byte) else { return nil }
            let attributeStart = afterBlanks
            let attributeNameEnd = MarkupStripper.nameEnd(source, from: attributeStart)
            guard attributeNameEnd - attributeStart < MarkupStripper.longestName else { return nil }
            var attributeEnd = attributeNameEnd
            let equals = MarkupStripper.skipBlanks(source, from: attributeNameEnd)
            if equals < count, source[equals] == UInt8(ascii: "=") {
                let valueStart = MarkupStripper.skipBlanks(source, from: equals + 1)
                guard valueStart < count else { return nil }
                let quote = source[valueStart]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    guard let closing = MarkupStripper.find(quote, in: source, from: valueStart + 1) else { return nil }
                    attributeEnd = closing + 1
                } else {
                    attributeEnd = valueStart
                    while attributeEnd < count, !MarkupStripper.isBlank(source[attributeEnd]), source[attributeEnd] != UInt8(ascii: ">") {
                        guard MarkupStripper.isPlainValueByte(source[attributeEnd]) else { return nil }
                        attributeEnd += 1
                    }
                    guard attributeEnd > valueStart else { return nil }
                }
            }
            if MarkupStripper.isKeptAttribute(UnsafeBufferPointer(rebasing: source[attributeStart..<attributeNameEnd])) {
                keptAttributes.append(attributeStart..<attributeEnd)
            }
            index = attributeEnd
        }
        html.append(contentsOf: UnsafeBufferPointer(rebasing: source[open..<nameEnd]))
        for range in keptAttributes {
            html.append(0x20)
            html.append(contentsOf: UnsafeBufferPointer(rebasing: source[range]))
        }
        let end = source[index] == UInt8(ascii: "/") ? index + 2 : index + 1
        html.append(contentsOf: UnsafeBufferPointer(rebasing: source[index..<end]))
        return end
    }

    /// libxml2 reads at most this many characters of a name the plain way.
    private static let longestName = 100

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// Whether a name may start with `byte` for libxml2's HTML parser.
    private static func isNameStart(_ byte: UInt8) -> Bool {
        isLetter(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
    }

    /// The end of the name starting at `start`, with the characters libxml2's HTML parser accepts in names.
    private static func nameEnd(_ source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < source.count {
            let byte = source[index]
            guard isNameStart(byte) || byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) else {
                break
            }
            index += 1
        }
        return index
    }

    /// Whether `byte` is a blank for libxml2 (space, tab, line feed, carriage return).
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func skipBlanks(_ source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < source.count, isBlank(source[index]) { index += 1 }
        return index
    }

    /// Whether `byte` may appear in an unquoted value copied as is (no quotes, no markup, no controls).
    private static func isPlainValueByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "<")
            && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "`")
    }

    /// Whether the attribute `name` (any case) is one some stage of extraction reads.
    private static func isKeptAttribute(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count < keptAttributeNames.count else { return false }
        return keptAttributeNames[name.count].contains { candidate in
            for offset in 0..<candidate.count {
                var byte = name[offset]
                if byte >= 65 && byte <= 90 { byte += 32 }
                if byte != candidate[offset] { return false }
            }
            return true
        }
    }

    /// Whether `name` (lower case) starts at `index`, followed by the end of the tag name.
    private static func isTag(_ name: [UInt8], in source: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard matches(source, at: index, name) else { return false }
        let after = index + name.count
        guard after < source.count else { return true }
        let byte = source[after]
        return byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    private static func matches(_ source: UnsafeBufferPointer<UInt8>, at index: Int, _ literal: String) -> Bool {
        matches(source, at: index, Array(literal.utf8))
    }

    /// Case-insensitive comparison of `source` at `index` with lower-case ASCII `expected`.
    private static func matches(_ source: UnsafeBufferPointer<UInt8>, at index: Int, _ expected: [UInt8]) -> Bool {
        guard index + expected.count <= source.count else { return false }
        for offset in 0..<expected.count {
            var byte = source[index + offset]
            if byte >= 65 && byte <= 90 { byte += 32 }
            if byte != expected[offset] { return false }
        }
        return true
    }

    /// The index of `</name` at or after `start`.
    private static func findClosingTag(_ name: [UInt8], in source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while let open = find(UInt8(ascii: "<"), in: source, from: index) {
            if open + 1 < source.count, source[open + 1] == UInt8(ascii: "/"), isTag(name, in: source, at: open + 2) {
                return open
            }
            index = open + 1
        }
        return nil
    }

    /// The index of the `</name` that closes an element `name` opened before `start`, counting nested ones.
    private static func findMatchingClosingTag(_ name: [UInt8], in source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var depth = 1
        var index = start
        while let open = find(UInt8(ascii: "<"), in: source, from: index) {
            if open + 1 < source.count, source[open + 1] == UInt8(ascii: "/"), isTag(name, in: source, at: open + 2) {
                depth -= 1
                if depth == 0 { return open }
            } else if isTag(name, in: source, at: open + 1) {
                depth += 1
            }
            index = open + 1
        }
        return nil
    }

    private static func find(_ byte: UInt8, in source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < source.count, let base = source.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), source.count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private static func find(sequence: [UInt8], in source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let first = sequence.first else { return start }
        var index = start
        while let candidate = find(first, in: source, from: index) {
            if matches(source, at: candidate, sequence) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}
