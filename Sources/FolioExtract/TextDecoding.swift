import Foundation

/// Turns page bytes into text: charset from the `Content-Type` header, a byte order mark or a
/// `<meta charset>` / `http-equiv` declaration, falling back to UTF-8 with replacement characters.
enum TextDecoding {
    /// How a page's bytes are to be read.
    enum Text {
        /// The bytes are UTF-8 (possibly malformed) after a byte order mark of this many bytes.
        case utf8(byteOrderMarkLength: Int)
        /// The bytes were in another charset; this is their text.
        case decoded(String)
    }

    /// Reads an HTML page, leaving UTF-8 pages (most of the web) as bytes.
    static func readHTML(_ data: Data, contentType: String?) -> Text {
        read(data, contentType: contentType, sniffMeta: true)
    }

    /// Decodes bytes, looking at a `<meta>` declaration only when `sniffMeta` is set.
    static func decode(_ data: Data, contentType: String?, sniffMeta: Bool) -> String {
        switch read(data, contentType: contentType, sniffMeta: sniffMeta) {
        case .utf8(let byteOrderMarkLength): decodeUTF8(data.dropFirst(byteOrderMarkLength))
        case .decoded(let text): text
        }
    }

    private static func read(_ data: Data, contentType: String?, sniffMeta: Bool) -> Text {
        if let (encoding, bomLength) = byteOrderMark(data) {
            guard encoding != .utf8, let text = String(data: data.dropFirst(bomLength), encoding: encoding) else {
                return .utf8(byteOrderMarkLength: bomLength)
            }
            return .decoded(text)
        }
        let label = contentType.flatMap(charset(inContentType:)) ?? (sniffMeta ? metaCharset(data) : nil)
        if let label, let encoding = encoding(forLabel: label), encoding != .utf8 {
            if let text = String(data: data, encoding: encoding) { return .decoded(text) }
            if encoding == .windowsCP1252, let text = String(data: data, encoding: .isoLatin1) { return .decoded(text) }
        }
        return .utf8(byteOrderMarkLength: 0)
    }

    /// The `charset` parameter of a `Content-Type` value.
    static func charset(inContentType value: String) -> String? {
        for parameter in value.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
                continue
            }
            return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")).nonBlank
        }
        return nil
    }

    private static func byteOrderMark(_ data: Data) -> (String.Encoding, Int)? {
        let bytes = [UInt8](data.prefix(3))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
        return nil
    }

    /// The charset declared by `<meta charset>` or `<meta http-equiv content>` in the first 4 KiB.
    private static func metaCharset(_ data: Data) -> String? {
        let head = [UInt8](data.prefix(4096)).map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        let meta = Array("<meta".utf8)
        let charset = Array("charset=".utf8)
        var index = 0
        while let start = find(meta, in: head, from: index, before: head.count) {
            let end = head[start...].firstIndex(of: UInt8(ascii: ">")) ?? head.endIndex
            if let found = find(charset, in: head, from: start, before: end) {
                var cursor = found + charset.count
                while cursor < end, head[cursor] == UInt8(ascii: "\"") || head[cursor] == UInt8(ascii: "'")
                    || head[cursor] == UInt8(ascii: " ") {
                    cursor += 1
                }
                let labelStart = cursor
                while cursor < end, isLabelByte(head[cursor]) { cursor += 1 }
                if cursor > labelStart { return String(decoding: head[labelStart..<cursor], as: UTF8.self) }
            }
            index = end
        }
        return nil
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
    }

    /// The first index at or after `start` where `needle` occurs and ends no later than `limit`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, before limit: Int) -> Int? {
        guard let first = needle.first else { return nil }
        let end = min(limit, haystack.count)
        return haystack.withUnsafeBufferPointer { bytes in
            var index = start
            while index + needle.count <= end {
                if bytes[index] == first && bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
                index += 1
            }
            return nil
        }
    }

    /// UTF-8 decoding with replacement characters, through the contiguous fast path.
    static func decodeUTF8<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        let contiguous = [UInt8](bytes)
        return String(decoding: contiguous, as: UTF8.self)
    }

    /// The Foundation encoding for a WHATWG charset label, or nil for unknown labels (decoded as UTF-8).
    static func encoding(forLabel label: String) -> String.Encoding? {
        switch label.lowercased() {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return .utf8
        case "iso-8859-1", "latin1", "iso8859-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252", "x-cp1252":
            return .windowsCP1252
        case "iso-8859-2", "latin2", "iso8859-2", "l2": return .isoLatin2
        case "windows-1250", "cp1250", "x-cp1250": return .windowsCP1250
        case "windows-1251", "cp1251", "x-cp1251": return .windowsCP1251
        case "windows-1253", "cp1253": return .windowsCP1253
        case "windows-1254", "cp1254", "iso-8859-9", "latin5": return .windowsCP1254
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "ms932": return .shiftJIS
        case "euc-jp", "x-euc-jp": return .japaneseEUC
        case "iso-2022-jp": return .iso2022JP
        case "utf-16", "utf-16le": return .utf16LittleEndian
        case "utf-16be": return .utf16BigEndian
        case "macintosh", "mac", "x-mac-roman": return .macOSRoman
        default: return nil
        }
    }
}
