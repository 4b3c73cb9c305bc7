import Foundation

extension Article {
    /// The title of a link saved before its page is fetched: the last path segment, or the host.
    /// Fetching the page replaces it with the page's own title, and the conflict log does not
    /// report it losing to one (``ConflictRule``).
    public static func placeholderTitle(for url: String) -> String {
        guard let parsed = URL(string: url) else { return url }
        let last = parsed.lastPathComponent
        return last.isEmpty || last == "/" ? (parsed.host ?? url) : (last.removingPercentEncoding ?? last)
    }
}
