import FolioModel
import Foundation

/// States as `list`, `show` and `progress` print them, in the words of ``ArticleState``.
enum StateText {
    /// The reading state, with how far while reading: `unread`, `reading 40%`, `read`.
    static func reading(progress: Double, readAt: Date?) -> String {
        let state = ArticleState.reading(progress: progress, readAt: readAt)
        // A started article never shows 0 % or 100 %: those are other states.
        return state == .reading ? "reading \(min(99, max(1, Int((progress * 100).rounded()))))%" : state.rawValue
    }

    /// A day as `29 Nov 2026`.
    static func day(_ date: Date) -> String {
        date.formatted(date: .abbreviated, time: .omitted)
    }

    /// Every state word of an article, with its progress and dates:
    /// `read 29 Nov 2026, archived, favorite, trashed 30 Nov 2026`.
    static func full(_ article: Article) -> String {
        article.states.map { state in
            switch state {
            case .reading: reading(progress: article.progress, readAt: article.readAt)
            case .read: article.readAt.map { "read \(day($0))" } ?? "read"
            case .trashed: article.trashedAt.map { "trashed \(day($0))" } ?? "trashed"
            default: state.rawValue
            }
        }.joined(separator: ", ")
    }
}
