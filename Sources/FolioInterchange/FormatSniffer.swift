import Foundation

/// Recognises import formats from their content: JSON keys, HTML markers, CSV header names,
/// the zip signature.
enum FormatSniffer {
    /// The first format whose signature `text` has; `fileName` settles HTML that only Pocket names.
    static func format(of text: String, fileName: String?) -> ImportFormat? {
        let order: [ImportFormat] = [
            .folio, .chrome, .firefox, .readability, .wallabag, .omnivore, .pinboard, .delicious, .pocketAnnotations,
            .netscape, .pocketHTML, .pocketCSV, .instapaper,
        ]
        let head = Head(text)
        if let format = order.first(where: { matches(head, text, format: $0) }) { return format }
        if head.isHTML, let fileName, fileName.lowercased().contains("ril_export") { return .pocketHTML }
        return nil
    }

    /// Whether `data` starts like a zip archive (an Omnivore export).
    static func isZip(_ data: Data) -> Bool {
        data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    /// Whether `text` has the signature of `format`.
    static func matches(_ text: String, format: ImportFormat) -> Bool {
        matches(Head(text), text, format: format)
    }

    private static func matches(_ head: Head, _ text: String, format: ImportFormat) -> Bool {
        switch format {
        case .folio:
            return head.first == "{" && text.contains("\"folio-export\"")
        case .chrome:
            return head.first == "{" && head.keys.contains("roots") && head.lowered.contains("\"bookmark_bar\"")
        case .firefox:
            return head.first == "{" && head.keys.isSuperset(of: ["guid", "children"]) && head.lowered.contains("text/x-moz-place")
        case .readability:
            return head.first == "{" && head.keys.contains("bookmarks") && (head.lowered.contains("\"article__url\"") || head.keys == ["bookmarks", "recommendations"])
        case .wallabag:
            return head.first == "[" && (text.contains("\"is_archived\"") || text.contains("\"is_starred\"") || head.isEmptyArray
                || !head.keys.isDisjoint(with: ["is_read", "is_fav"]))
        case .omnivore:
            return head.first == "[" && (text.contains("\"savedAt\"") || text.contains("\"readingProgress\"") || head.isEmptyArray)
        case .pinboard:
            return head.first == "[" && head.keys.contains("href") && !head.keys.isDisjoint(with: ["toread", "extended", "hash", "shared"])
        case .delicious:
            return head.first == "[" && head.keys.contains("u") && !head.keys.isDisjoint(with: ["dt", "d", "t"])
        case .pocketAnnotations:
            return head.first == "[" && head.keys.isSuperset(of: ["url", "highlights"])
        case .netscape:
            return head.isHTML && (head.lowered.contains("netscape-bookmark-file") || head.lowered.contains("<dl"))
        case .pocketHTML:
            return head.isHTML && (head.lowered.contains("<title>pocket export</title>") || head.lowered.contains("time_added="))
        case .pocketCSV:
            let columns = head.csvHeader
            return columns.contains("url") && (columns.contains("time_added") || columns.contains("status"))
        case .instapaper:
            let columns = head.csvHeader
            return columns.contains("url") && columns.contains("folder")
        }
    }

    /// The start of a file, in the forms the signatures look at.
    private struct Head {
        let first: Character?
        /// The first 64 KiB, lower-cased.
        let lowered: String
        let isEmptyArray: Bool
        let firstLine: Substring
        /// The member names of a JSON file's top-level object or first element.
        let keys: Set<String>

        init(_ text: String) {
            let trimmed = text.drop { $0.isWhitespace }
            first = trimmed.first
            lowered = String(trimmed.prefix(65_536)).lowercased()
            isEmptyArray = trimmed.first == "[" && trimmed.dropFirst().drop(while: \.isWhitespace).first == "]"
            firstLine = trimmed.prefix { !$0.isNewline }
            keys = first == "{" || first == "[" ? JSONHead(text).keys : []
        }

        var isHTML: Bool { first == "<" }

        /// Lower-cased CSV header names (header names never hold commas).
        var csvHeader: Set<String> {
            guard first != "<", first != "{", first != "[" else { return [] }
            return Set(firstLine.split(separator: ",").map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ").union(.whitespaces)).lowercased()
            })
        }
    }
}
