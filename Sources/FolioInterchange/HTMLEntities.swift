/// Character references in HTML text and attribute values.
enum HTMLEntities {
    /// Named references seen in bookmark and read-later exports; others are left as written.
    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“",
        "rdquo": "”", "laquo": "«", "raquo": "»", "copy": "©", "reg": "®", "trade": "™",
        "euro": "€", "middot": "·", "bull": "•", "eacute": "é", "egrave": "è", "agrave": "à",
        "ccedil": "ç", "ecirc": "ê", "ocirc": "ô", "uuml": "ü", "ouml": "ö", "auml": "ä",
        "szlig": "ß", "deg": "°",
    ]

    /// `text` with `&name;`, `&#NN;` and `&#xHH;` replaced by the characters they stand for.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let afterAmp = rest[rest.index(after: amp)...]
            if let semicolon = afterAmp.prefix(32).firstIndex(of: ";"),
               let character = character(for: afterAmp[..<semicolon]) {
                result += character
                rest = afterAmp[afterAmp.index(after: semicolon)...]
            } else {
                result += "&"
                rest = afterAmp
            }
        }
        result += rest
        return result
    }

    /// The character a reference name (between `&` and `;`) stands for.
    private static func character(for reference: Substring) -> String? {
        guard reference.first == "#" else { return named[String(reference)] }
        let digits = reference.dropFirst()
        let value: UInt32? = digits.first == "x" || digits.first == "X"
            ? UInt32(digits.dropFirst(), radix: 16)
            : UInt32(digits, radix: 10)
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
        return String(Character(scalar))
    }
}
