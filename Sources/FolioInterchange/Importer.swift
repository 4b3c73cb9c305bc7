import Foundation

/// Reads the export files of read-later services and bookmark managers.
public enum Importer {
    /// The format of `data`, or nil when it is empty, not UTF-8, or in no supported format.
    ///
    /// - Parameter fileName: the file's name, used only when the content alone is ambiguous.
    public static func detect(_ data: Data, fileName: String?) -> ImportFormat? {
        try? detectFormat(data, fileName: fileName)
    }

    /// The format of `data`, or an error that says why there is none (empty, not UTF-8, unknown).
    public static func detectFormat(_ data: Data, fileName: String?) throws(ImportError) -> ImportFormat {
        if FormatSniffer.isZip(data) {
            guard OmnivoreArchive.isOmnivore(data) else { throw .unrecognizedFormat(fileName: fileName) }
            return .omnivore
        }
        let text = try ImportText.decode(data)
        guard let format = FormatSniffer.format(of: text, fileName: fileName) else {
            throw .unrecognizedFormat(fileName: fileName)
        }
        return format
    }

    /// Parses `data` as `format`.
    ///
    /// Records that cannot be read (no valid URL, a malformed date or field) are skipped and
    /// listed in ``ImportBatch/problems``; the others are returned.
    /// - Throws: ``ImportError`` when the file is empty, not UTF-8, or not in `format`.
    public static func parse(_ data: Data, format: ImportFormat) throws(ImportError) -> ImportBatch {
        if FormatSniffer.isZip(data) {
            guard format == .omnivore else { throw .wrongFormat(expected: format, detected: try? detectFormat(data, fileName: nil)) }
            return try OmnivoreArchive.parse(data)
        }
        let text = try ImportText.decode(data)
        guard FormatSniffer.matches(text, format: format) else {
            throw .wrongFormat(expected: format, detected: FormatSniffer.format(of: text, fileName: nil))
        }
        switch format {
        case .pocketCSV: return try PocketCSVParser.parse(text)
        case .instapaper: return try InstapaperCSVParser.parse(text)
        case .pocketHTML: return PocketHTMLParser.parse(text)
        case .pocketAnnotations: return try PocketAnnotationsParser.parse(text)
        case .netscape: return NetscapeParser.parse(text)
        case .wallabag: return try WallabagParser.parse(text)
        case .omnivore: return try OmnivoreParser.parse(text)
        case .chrome: return try ChromeBookmarksParser.parse(text)
        case .firefox: return try FirefoxBookmarksParser.parse(text)
        case .pinboard: return try PinboardParser.parse(text)
        case .delicious: return try DeliciousParser.parse(text)
        case .readability: return try ReadabilityParser.parse(text)
        case .folio: return try FolioJSONParser.parse(text)
        }
    }
}
