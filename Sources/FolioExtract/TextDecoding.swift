import Foundation

/// Turns page bytes into text: charset from the `Content-Type` header, a byte order mark or a
/// `<meta charset>` / `http-equiv` declaration, falling back to UTF-8 with replacement characters.
enum TextDecoding {
    /// Decodes an HTML page.
    static func decodeHTML(_ data: Data, contentType: String?) -> String {
        decode(data, contentType: contentType, sniffMeta: true)
    }

    /// Decodes bytes, looking at a `<meta>` declaration only when `sniffMeta` is set.
    static func decode(_ data: Data, contentType: String?, sniffMeta: Bool) -> String {
        if let (encoding, bomLength) = byteOrderMark(data) {
            return String(data: data.dropFirst(bomLength), encoding: encoding)
                ?? String(decoding: data.dropFirst(bomLength), as: UTF8.self)
        }
        let label = contentType.flatMap(charset(inContentType:)) ?? (sniffMeta ? metaCharset(data) : nil)
        if let label, let encoding = encoding(forLabel: label), encoding != .utf8 {
            if let text = String(data: data, encoding: encoding) { return text }
            if encoding == .windowsCP1252, let text = String(data: data, encoding: .isoLatin1) { return text }
        }
        return String(decoding: data, as: UTF8.self)
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
        let head = String(decoding: data.prefix(4096), as: UTF8.self).lowercased()
        var searchStart = head.startIndex
        while let meta = head.range(of: "<meta", range: searchStart..<head.endIndex) {
            let end = head[meta.upperBound...].firstIndex(of: ">") ?? head.endIndex
            let tag = head[meta.upperBound..<end]
            if let found = tag.range(of: "charset=") {
                let value = tag[found.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
                let label = value.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ":" || $0 == "." }
                if !label.isEmpty { return String(label) }
            }
            searchStart = end
        }
        return nil
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
