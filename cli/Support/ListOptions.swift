import ArgumentParser
import FolioStore

/// The filters shared by `list` and `export`.
struct ListOptions: ParsableArguments {
    @Flag(help: "Which articles: the reading list (default), archived, favourites, or all.")
    var state: ArticleFilter.State = .unread

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
    }

    var filter: ArticleFilter {
        ArticleFilter(state: state, tags: tag, site: site, sort: sort, limit: limit)
    }
}

extension ArticleFilter.State: EnumerableFlag {
    public static func name(for value: ArticleFilter.State) -> NameSpecification {
        value == .favorites ? [.customLong("favorites"), .customLong("favourites")] : .long
    }

    public static func help(for value: ArticleFilter.State) -> ArgumentHelp? {
        switch value {
        case .unread: "Articles not archived (the default)."
        case .archived: "Archived articles."
        case .favorites: "Favourite articles."
        case .all: "Every article."
        }
    }
}

extension ArticleFilter.Sort: ExpressibleByArgument {}
