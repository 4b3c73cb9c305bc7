/// Plain text written as CommonMark that renders as the same text: only what CommonMark would
/// read as markup is backslash-escaped, so `Kentucky!` stays as it is.
enum CommonMarkEscaping {
    /// Text inside a paragraph, heading or link text: escapes `\` before punctuation or at the
    /// end, `` ` ``, `*`, `[`, `]`, `_` not inside a word, `<` that could open a tag or autolink,
    /// and `&` that could start a character reference. Line breaks and tabs become spaces; control
    /// characters are dropped.
    static func inline(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for (index, character) in characters.enumerated() {
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character.isNewline || character == "\t" {
                result.append(" ")
                continue
            }
            if character.isControlCharacter { continue }
            if needsEscape(character, previous: previous, next: next, rest: characters[(index + 1)...]) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// One line of a block: inline escaping, then what would start a block at the line's
    /// start (`#`, `>`, a list marker, `=`, `-`, a fence, `|`) is escaped.
    static func line(_ text: String) -> String {
        lineStart(inline(text).trimmingLeadingSpaces)
    }

    /// Paragraphs of plain text (separated by blank lines), their lines kept as hard breaks.
    static func paragraphs(_ text: String) -> [String] {
        Paragraphs.split(text).map { paragraph in
            paragraph.split(separator: "\n").map { line(String($0)).trimmingTrailingSpaces }
                .filter { !$0.isEmpty }.joined(separator: "\\\n")
        }
    }

    /// `line` with a leading block marker escaped, so it stays paragraph text.
    static func lineStart(_ line: String) -> String {
        guard let first = line.first else { return line }
        let second = line.dropFirst().first
        switch first {
        case "#", ">", "=", "|": return "\\" + line
        case "-", "+", "*":
            if second == nil || second == " " || second == "\t" || line.allSatisfy({ $0 == first || $0 == " " }) { return "\\" + line }
        case "~" where line.hasPrefix("~~~"): return "\\" + line
        default:
            let digits = line.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, digits.count <= 9, let marker = line.dropFirst(digits.count).first, marker == "." || marker == ")" {
                let after = line.dropFirst(digits.count + 1).first
                if after == nil || after == " " || after == "\t" {
                    return String(digits) + "\\" + String(line.dropFirst(digits.count))
                }
            }
        }
        return line
    }

    private static func needsEscape(_ character: Character, previous: Character?, next: Character?, rest: ArraySlice<Character>) -> Bool {
        switch character {
        case "\\": return next == nil || next.map(isASCIIPunctuation) == true
        case "`", "*", "[", "]": return true
        case "_": return !(isWordCharacter(previous) && isWordCharacter(next))
        case "<": return next.map { $0.isLetter || $0 == "/" || $0 == "!" || $0 == "?" } ?? false
        case "&":
            // `&name;` or `&#…;` would be read as a character reference.
            let reference = rest.prefix(33).prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "#") }
            return !reference.isEmpty && rest.dropFirst(reference.count).first == ";"
        default: return false
        }
    }

    private static func isWordCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber
    }

    static func isASCIIPunctuation(_ character: Character) -> Bool {
        character.isASCII && character.isPunctuation || character.isASCII && character.isSymbol
    }
}

extension String {
    var trimmingLeadingSpaces: String { String(drop { $0 == " " || $0 == "\t" }) }
    var trimmingTrailingSpaces: String {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
