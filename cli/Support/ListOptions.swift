import ArgumentParser
import FolioModel
import FolioStore

/// The filters of `list`.
struct ListOptions: ParsableArguments {
    @Flag(help: "Only articles in these states (all must apply; default: --inbox).")
    var states: [ArticleState] = []

    @Flag(name: .long, help: "Every article outside the trash, whatever its state.")
    var all = false

    @Option(name: .long, help: "Only articles with this tag (repeatable: all must match).")
    var tag: [String] = []

    @Option(name: .long, help: "Only articles from this site (part of the host or site name).")
    var site: String?

    @Option(name: .long, help: "Order: saved (newest first), title, or progress.")
    var sort: ArticleFilter.Sort = .saved

    @Option(name: .long, help: "Show at most this many.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if all && !states.isEmpty { throw ValidationError("--all lists every state; give either --all or states such as --unread") }
    }

    var filter: ArticleFilter {
        ArticleFilter(states: states.isEmpty && !all ? [.inbox] : states, tags: tag, site: site, sort: sort, limit: limit)
    }
}

/// The state words as flags (`--unread`, `--archived`, …), the same words as everywhere else.
extension ArticleState: EnumerableFlag {
    public static func name(for value: ArticleState) -> NameSpecification {
        value == .favorite ? [.customLong("favorite"), .customLong("favorites"), .customLong("favourites")] : .long
    }

    public static func help(for value: ArticleState) -> ArgumentHelp? {
        switch value {
        case .unread: "Not started (progress 0, not read)."
        case .reading: "Started but not finished."
        case .read: "Finished (done, or progress 100%)."
        case .inbox: "Not archived (what `folio list` shows by default)."
        case .archived: "Archived."
        case .favorite: "Favourites."
        case .trashed: "In the trash (see `folio trash`)."
        }
    }
}

extension ArticleFilter.Sort: ExpressibleByArgument {}
