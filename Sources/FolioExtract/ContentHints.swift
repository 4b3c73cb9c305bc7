/// Keyword lists that hint, through class names, ids and roles, at what an element holds.
///
/// These are generic words used across the web, not site-specific names.
enum ContentHints {
    /// Containers that are almost never the article: menus, comments, share bars, promotions.
    static let unlikely = KeywordMatcher([
        "-ad-", "ad-slot", "ad-container", "adsbygoogle", "agegate", "banner", "breadcrumb", "combx", "comment",
        "community", "consent", "cookie", "cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends",
        "menu", "modal", "newsletter", "outbrain", "pager", "pagination", "paywall", "popup", "promo", "related",
        "remark", "replies", "rss", "share", "sharing", "shoutbox", "sidebar", "signup", "skyscraper", "social",
        "sponsor", "subscribe", "subscription", "supplemental", "taboola", "teaser", "toolbar", "trending",
        "recommend", "most-popular", "mostpopular", "read-more", "readmore", "more-stories", "newsletter",
        "sign-up", "nav", "tags", "author-bio", "byline", "dateline", "timestamp", "caption", "credit",
    ])

    /// Words that rescue an unlikely-looking container (`article-header` stays a candidate).
    static let maybe = KeywordMatcher(["and", "article", "body", "column", "content", "main", "shadow", "story", "post-"])

    /// Class and id words that raise a container's score.
    static let positive = KeywordMatcher([
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text", "blog", "story",
        "prose", "rich-text", "richtext", "footnote",
    ])

    /// Class and id words that lower a container's score.
    static let negative = KeywordMatcher([
        "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "foot", "footer", "gdpr",
        "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar",
        "skyscraper", "sponsor", "shopping", "tags", "tool", "widget", "newsletter", "subscribe", "signup",
        "caption", "credit", "byline", "author", "recommend", "social", "nav", "breadcrumb",
    ])

    /// ARIA roles of page furniture.
    static let furnitureRoles: Set<String> = [
        "navigation", "complementary", "banner", "contentinfo", "menu", "menubar", "dialog", "alertdialog",
        "search", "tablist", "toolbar", "alert",
    ]

    /// Whether the `role` value (in any case) is one of `furnitureRoles`.
    static func isFurnitureRole(_ role: String) -> Bool {
        furnitureRoles.contains(role) || furnitureRoles.contains(role.lowercased())
    }

    /// The class-and-id weight of Readability: +25 for content words, -25 for furniture words, per attribute.
    static func weight(of element: NodeID, in document: Document) -> Double {
        var weight = 0.0
        for name in [AttributeName.class, .id] {
            weight += document.withAttribute(name, of: element) { value in
                guard !value.isEmpty else { return 0.0 }
                return (negative.matches(bytes: value) ? -25 : 0) + (positive.matches(bytes: value) ? 25 : 0)
            } ?? 0
        }
        return weight
    }
}
