import Foundation

/// Recognises import formats from their content: JSON keys, HTML markers, CSV header names.
enum FormatSniffer {
    /// The first format whose signature `text` has; `fileName` settles HTML that only Pocket names.
    static func format(of text: String, fileName: String?) -> ImportFormat? {
        let order: [ImportFormat] = [.folio, .wallabag, .omnivore, .netscape, .pocketHTML, .pocketCSV, .instapaper]
        if let format = order.first(where: { matches(text, format: $0) }) { return format }
        let head = Head(text)
        if head.isHTML, let fileName, fileName.lowercased().contains("ril_export") { return .pocketHTML }
        return nil
    }

    /// Whether `text` has the signature of `format`.
    static func matches(_ text: String, format: ImportFormat) -> Bool {
        let head = Head(text)
        switch format {
        case .folio:
            return head.first == "{" && text.contains("\"folio-export\"")
        case .wallabag:
            return head.first == "[" && (text.contains("\"is_archived\"") || text.contains("\"is_starred\"") || head.isEmptyArray)
        case .omnivore:
            return head.first == "[" && (text.contains("\"savedAt\"") || text.contains("\"readingProgress\"") || head.isEmptyArray)
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

        init(_ text: String) {
            let trimmed = text.drop { $0.isWhitespace }
            first = trimmed.first
            lowered = String(trimmed.prefix(65_536)).lowercased()
            isEmptyArray = trimmed.first == "[" && trimmed.dropFirst().drop(while: \.isWhitespace).first == "]"
            firstLine = trimmed.prefix { !$0.isNewline }
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
