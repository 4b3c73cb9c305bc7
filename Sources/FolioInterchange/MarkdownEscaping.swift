/// Escaping of plain text for Markdown, so that it renders as the same text and never as markup
/// or raw HTML.
enum MarkdownEscaping {
    /// ASCII punctuation with a meaning somewhere in CommonMark inline syntax (all backslash-escapable).
    private static let inline: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "&", "~", "|", "!", "#"]

    /// One line of text: inline punctuation escaped, a leading block marker (`-`, `+`, `=`,
    /// `1.`) neutralised, control characters dropped.
    static func line(_ text: String) -> String {
        var result = ""
        for character in text where !character.isControlCharacter {
            if inline.contains(character) { result.append("\\") }
            result.append(character)
        }
        if let first = result.first, "-+=".contains(first) {
            result.insert("\\", at: result.startIndex)
        }
        let digits = result.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let marker = result.dropFirst(digits.count).first, marker == "." || marker == ")" {
            result.insert("\\", at: result.index(result.startIndex, offsetBy: digits.count))
        }
        return result
    }

    /// Paragraphs of plain text (separated by blank lines), each line escaped.
    static func paragraphs(_ text: String) -> [String] {
        Paragraphs.split(text).map { paragraph in
            paragraph.split(separator: "\n").map { line(String($0).trimmingCharacters(in: .whitespaces)) }.joined(separator: "\n")
        }
    }
}

extension Character {
    /// A C0 or C1 control character other than tab (line breaks are handled by the callers).
    var isControlCharacter: Bool {
        guard self != "\t", let scalar = unicodeScalars.first, unicodeScalars.count == 1 else { return false }
        return scalar.properties.generalCategory == .control
    }
}
