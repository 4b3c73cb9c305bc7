import Foundation

/// The one vocabulary for an article's state, shared by `list`, `status`, `show` and
/// `search is:…`, so a word means the same thing everywhere:
///
/// - reading state, exactly one of: `unread` (not started), `reading` (progress above 0, not
///   read), `read` (marked read: `done`, or progress 100 %);
/// - place, exactly one of: `inbox` (not archived) and `archived`;
/// - `favorite`, when marked so;
/// - `trashed`, while the article is in the trash (`folio rm`; `folio restore` brings it back).
public enum ArticleState: String, CaseIterable, Sendable, Codable {
    case unread, reading, read, inbox, archived, favorite, trashed

    /// The words and what they mean, for help texts.
    public static let glossary = """
        unread (not started), reading (started, not finished), read (finished); \
        inbox (not archived), archived; favorite; trashed (in the trash, until restored or emptied)
        """

    /// The reading state of an article with this progress (0...1) and read date.
    public static func reading(progress: Double, readAt: Date?) -> ArticleState {
        readAt != nil ? .read : progress > 0 ? .reading : .unread
    }

    /// The words that describe an article with these marks, in vocabulary order: its reading
    /// state, its place, then `favorite` and `trashed` when they apply.
    public static func words(progress: Double, readAt: Date?, isArchived: Bool, isFavorite: Bool, isTrashed: Bool) -> [ArticleState] {
        [reading(progress: progress, readAt: readAt), isArchived ? .archived : .inbox]
            + (isFavorite ? [.favorite] : []) + (isTrashed ? [.trashed] : [])
    }
}

extension Article {
    /// The state words that describe this article (see ``ArticleState``).
    public var states: [ArticleState] {
        ArticleState.words(progress: progress, readAt: readAt, isArchived: isArchived, isFavorite: isFavorite, isTrashed: isTrashed)
    }
}
