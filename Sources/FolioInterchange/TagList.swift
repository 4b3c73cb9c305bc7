import FolioModel
import Foundation

/// Tag lists as Folio stores them: valid ``Tag``s, one spelling per identity, sorted for display.
enum TagList {
    /// Drops invalid tags and later spellings of a tag already present; sorts like ``RecordState/tags``.
    static func normalized(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for tag in tags.compactMap(Tag.init) where seen.insert(tag.key).inserted {
            result.append(tag.display)
        }
        return result.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending }
    }

    /// Splits a bookmark `TAGS` attribute: on commas when it has any (Firefox, Pinboard, linkding),
    /// else on whitespace (Shaarli, Delicious).
    static func splitBookmarkTags(_ value: String) -> [String] {
        if value.contains(",") {
            return value.split(separator: ",").map(String.init)
        }
        return value.split(whereSeparator: \.isWhitespace).map(String.init)
    }
}
