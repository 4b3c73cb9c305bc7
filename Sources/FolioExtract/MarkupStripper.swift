import Foundation

/// A fast byte-level pass run before libxml2 that cuts what the extractor never reads:
/// scripts, styles, inline SVG, `noscript`, `template`, comments (often most of a page's bytes)
/// and the `nav`, `aside` and `footer` landmarks, keeping the text of JSON-LD scripts aside for
/// the metadata.
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
                html.append(contentsOf: source[index..<count])
                break
            }
            html.append(contentsOf: source[index..<open])
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
                html.append(UInt8(ascii: "<"))
                index = open + 1
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
