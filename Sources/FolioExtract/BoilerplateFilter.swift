/// Removes the non-article blocks that survive container scoring: subscription and newsletter
/// pitches, paywall notices, cookie banners, share and tag lines, lines that only date the article,
/// deals disclosures, product boxes, image credits, the closing "About the company" section, and
/// the title repeated as a heading.
///
/// Decisions rest on the wording, shape, links and position of a block, never on a site's markup.
enum BoilerplateFilter {
    /// Openings that mark a short block as furniture whatever follows.
    private static let openings = KeywordMatcher([
        "subscribe ", "subscribe!", "sign up ", "sign up!", "signup", "register now", "register for", "join our", "join the conversation",
        "already a subscriber", "already have an account", "already registered", "to continue reading",
        "continue reading", "keep reading", "read more", "read next", "related:", "related articles",
        "related stories", "related coverage", "recommended for you", "recommended stories", "recommended articles",
        "recommended reading", "recommended videos", "advertisement", "sponsored by", "sponsored content",
        "sponsored links", "share this",
        "share on", "share via", "follow us", "follow @", "click here", "we use cookies", "this site uses cookies",
        "this website uses cookies", "by clicking", "you may also like", "you might also like", "more from",
        "image credit", "image:", "image source", "photo credit", "photo:", "photograph:", "photos:", "picture:",
        "(image", "(photo", "credit:", "credits:", "copyright ©", "copyright 20", "©", "all rights reserved", "get unlimited",
        "cancel or pause", "not sure which email", "sign in", "log in", "login", "download the app",
        "download our app", "listen to this", "most popular", "most read", "see also", "watch:", "also read",
        "read also", "don't miss", "do not miss", "want more", "enjoy unlimited", "support our", "support independent",
        "become a member", "get the latest", "get the best of", "get our", "get breaking", "newsletter",
        "for more news", "escape your echo chamber", "this story has been shared", "we want to hear",
        "have a tip", "got a tip", "trending now", "trending stories", "top stories", "more stories", "next article", "previous article",
        "leave a comment", "view comments", "show comments", "print this", "email this", "loading…", "loading...", "skip to", "back to top",
        "unlock this", "unlock unlimited", "unlock full", "start your free trial", "your subscription", "thank you for reading", "thanks for reading",
        "an email has been sent", "please enter", "invalid email", "your email",
        "tags:", "tagged:", "tagged with", "topics:", "filed under", "categories:", "category:", "posted in",
        "image copyright", "image caption", "media caption", "file photo",
    ])

    /// Phrases of the disclosures that deals and review pages put before or after the article.
    private static let disclosures = KeywordMatcher([
        "affiliate commission", "earn a commission", "earn commission", "earn a small commission", "affiliate link",
        "commission on purchases", "commission from", "independently selected", "prices were correct",
        "may contain affiliate", "referral link",
        "prices are accurate", "prices correct at", "prices and availability",
    ])

    /// Phrases that mark a short block as a pitch, a notice or a credit.
    private static let pitchPhrases = KeywordMatcher([
        "newsletter", "inbox", "paywall", "unlimited access", "unlimited website access", "already a subscriber",
        "subscribers only", "use cookies", "cookie policy", "accept cookies", "cookie settings", "getty images",
        "shutterstock", "image credit", "photo credit", "credit:", "all rights reserved", "©", "privacy policy",
        "terms of use", "terms of service", "sponsored content",
    ])

    /// Calls to action that mark a very short block as a pitch.
    private static let callsToAction = KeywordMatcher([
        "subscribe ", "subscribe!", "sign up ", "sign up!", "signup", "click here", "clicking here", "advertisement",
        "sharing is caring",
    ])

    /// Whether an element of this kind is tested as a whole for furniture: blocks always, inline
    /// elements only when they make up the whole text of their block (a credit line in a `span`,
    /// never the `<em>` of "(<em>Reuters</em>)").
    private static func isTested(_ element: NodeID, in document: Document) -> Bool {
        switch document.tag(element) {
        case .p, .div, .section, .li, .h1, .h2, .h3, .h4, .h5, .h6, .figcaption, .aside, .ul, .ol, .form,
             .header, .dl, .dd, .dt, .blockquote, .table:
            return true
        case .span, .small, .em, .strong, .b, .i:
            return isAloneInBlock(element, in: document)
        default:
            return false
        }
    }

    /// Words that make a line of numbers a date: months, weekdays, and the words that date a page.
    private static let dateAnchors: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "updated", "published", "posted", "modified", "ago",
    ]

    /// Words of a line that only dates the article ("Updated March 4, 2024 at 9:30 am GMT", "3 hours ago").
    private static let dateWords: Set<String> = dateAnchors.union([
        "am", "pm", "at", "on", "of", "the", "last", "date", "gmt", "utc", "bst", "cet", "cest", "est", "edt", "cst",
        "cdt", "pst", "pdt", "st", "nd", "rd", "th", "minutes", "minute", "hours", "hour", "days", "day", "min", "mins",
        "read", "reading", "time",
    ])

    /// Words of a line of share buttons.
    private static let shareWords: Set<String> = [
        "share", "shares", "sharing", "this", "article", "story", "post", "on", "via", "to", "facebook", "twitter",
        "x", "linkedin", "email", "e", "mail", "whatsapp", "reddit", "pinterest", "print", "copy", "link",
        "copied", "tweet", "telegram", "messenger", "flipboard", "pocket", "bluesky", "threads", "mastodon",
        "tumblr", "sms", "save", "gift",
    ]

    /// Whole blocks that are buttons or labels.
    private static let standalone: Set<[UInt8]> = Set(
        ["subscribe", "sign up", "share", "advertisement", "comments", "loading"].map { Array($0.utf8) }
    )

    /// Openings of short lines that only date the article.
    private static let datelines = KeywordMatcher(["updated", "published", "posted"])

    /// Openings of headings that announce a list of links to other pages.
    private static let listAnnouncements = KeywordMatcher([
        "related", "recommended", "you may also like", "you might also like", "more from", "most popular",
        "most read", "read more", "read next", "see also", "also read", "more stories", "top stories", "trending",
        "further reading", "more on this",
    ])

    /// Strips furniture from the article in place; `byline` lines are dropped too.
    static func strip(_ article: NodeID, in document: inout Document, title: String?, byline: String?) {
        let context = Context(articleLength: document.textLength(article), title: title.map(normalize),
                              byline: byline.map { Array($0.lowercased().utf8) })
        strip(children: article, in: &document, context: context)
        removeEmpty(article, in: &document)
    }

    private struct Context {
        /// The text length of the whole article.
        var articleLength: Int
        var title: String?
        /// The byline, lower-cased, as UTF-8.
        var byline: [UInt8]?
    }

    private static func strip(children element: NodeID, in document: inout Document, context: Context) {
        var dropNextList = false
        var next = document.firstChild(element)
        while let child = next {
            next = document.nextSibling(child)
            guard document.isElement(child) else { continue }
            let tag = document.tag(child)
            if dropNextList, tag == .ul || tag == .ol || document.linkDensity(child) > 0.5 {
                dropNextList = false
                document.remove(child)
                continue
            }
            dropNextList = false
            if tag == .cite && isInFigure(child, in: document) {
                document.remove(child)
                continue
            }
            if isClosingAboutSection(child, in: document, context: context) {
                removeWithFollowingSiblings(child, in: &document)
                return
            }
            if isTested(child, in: document), let lower = furnitureText(child, in: document, context: context) {
                dropNextList = lower.withUnsafeBufferPointer(listAnnouncements.matchesPrefix)
                document.remove(child)
                continue
            }
            strip(children: child, in: &document, context: context)
        }
    }

    /// The lower-cased text (UTF-8) of the element when it is furniture, nil when it is content.
    private static func furnitureText(_ element: NodeID, in document: Document, context: Context) -> [UInt8]? {
        let length = document.textLength(element)
        guard length > 0, length < 400 else { return nil }
        let tag = document.tag(element)
        let lower = document.innerTextBytes(element).map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        let isFurniture = lower.withUnsafeBufferPointer { text in
            if tag.isHeading || tag == .header, let title = context.title,
               normalize(String(decoding: text, as: UTF8.self)) == title {
                return true
            }
            if length < 300, openings.matchesPrefix(of: text) || standalone.contains(lower) { return true }
            if length < 160, pitchPhrases.matches(bytes: text) { return true }
            if length < 80, callsToAction.matches(bytes: text) { return true }
            if length < 120, let byline = context.byline, isByline(text, byline) { return true }
            if length < 60, datelines.matchesPrefix(of: text) { return true }
            if length < 400, disclosures.matches(bytes: text) { return true }
            if length < 400, tag != .p, pitchPhrases.matches(bytes: text) || callsToAction.matches(bytes: text),
               text.split(separator: UInt8(ascii: ".")).count <= 4 {
                return true
            }
            return false
        }
        if isFurniture { return lower }
        if length < 120 {
            let words = String(decoding: lower, as: UTF8.self).split { !$0.isLetter && !$0.isNumber }
            if length < 100 && isDateLine(words) { return lower }
            if words.count >= 2 && words.allSatisfy({ shareWords.contains(String($0)) }) { return lower }
        }
        let isShaped = length < 200 && isLineOfLinks(tag) && document.linkDensity(element) >= 0.6
            || length < 200 && isBox(tag) && hasPrice(lower) && document.first(.a, in: element) != nil
        return isShaped ? lower : nil
    }

    /// Whether nothing but blank text stands beside the element, or beside its inline ancestors, in
    /// its nearest block.
    private static func isAloneInBlock(_ element: NodeID, in document: Document) -> Bool {
        var node = element
        while let parent = document.parent(node) {
            var sibling = document.firstChild(parent)
            while let current = sibling {
                if current != node, document.isElement(current) || !document.isBlankText(current) { return false }
                sibling = document.nextSibling(current)
            }
            if document.tag(parent).isBlock { return true }
            node = parent
        }
        return true
    }

    /// Whether the element sits in a `figure`: a `cite` there credits the image.
    private static func isInFigure(_ element: NodeID, in document: Document) -> Bool {
        var ancestor = document.parent(element)
        while let current = ancestor {
            if document.tag(current) == .figure { return true }
            ancestor = document.parent(current)
        }
        return false
    }

    /// Whether a block of this kind, made mostly of links, is a tag or link line rather than prose.
    private static func isLineOfLinks(_ tag: Tag) -> Bool {
        switch tag {
        case .div, .section, .header, .ul, .ol, .span, .small: true
        default: false
        }
    }

    /// Whether a block of this kind, short and with a price and a link, is a product box.
    private static func isBox(_ tag: Tag) -> Bool {
        switch tag {
        case .div, .section, .aside, .figure: true
        default: false
        }
    }

    /// Whether the words are a date and time alone: numbers and date words, with a number and a date anchor.
    private static func isDateLine(_ words: [Substring]) -> Bool {
        guard words.contains(where: { $0.first?.isNumber ?? false }),
              words.contains(where: { dateAnchors.contains(String($0)) }) else { return false }
        return words.allSatisfy { word in
            word.allSatisfy(\.isNumber) || dateWords.contains(String(word))
                || word.first?.isNumber == true && dateWords.contains(String(word.drop(while: \.isNumber)))
        }
    }

    /// Whether the text holds a price: a currency sign next to a digit.
    private static func hasPrice(_ text: [UInt8]) -> Bool {
        let string = String(decoding: text, as: UTF8.self)
        let signs: Set<Character> = ["$", "£", "€", "¥", "₹"]
        var previous: Character?
        for character in string {
            if let previous, signs.contains(previous) && character.isNumber || signs.contains(character) && previous.isNumber {
                return true
            }
            previous = character
        }
        return false
    }

    /// Whether the block opens the closing "About <company>" section of a press release: a short
    /// heading or bold line starting with "about", with less than 40 % of the article from there on.
    private static func isClosingAboutSection(_ element: NodeID, in document: Document, context: Context) -> Bool {
        let length = document.textLength(element)
        guard length > 6, length < 80 else { return false }
        let tag = document.tag(element)
        guard tag.isHeading || tag == .p && isAllBold(element, in: document) else { return false }
        guard document.innerText(element).trimmingCharacters(in: .whitespacesAndNewlines).lowercased().hasPrefix("about ") else { return false }
        var remaining = 0
        var next: NodeID? = element
        while let node = next {
            remaining += document.textLength(node)
            next = document.nextSibling(node)
        }
        return remaining * 5 < context.articleLength * 2
    }

    /// Whether all the element's text sits in `strong` or `b` children.
    private static func isAllBold(_ element: NodeID, in document: Document) -> Bool {
        var bold = 0
        document.forEachElement(in: element) { node in
            let tag = document.tag(node)
            if tag == .strong || tag == .b { bold += document.textLength(node) }
        }
        return bold == document.textLength(element)
    }

    private static func removeWithFollowingSiblings(_ element: NodeID, in document: inout Document) {
        var next: NodeID? = element
        while let node = next {
            next = document.nextSibling(node)
            document.remove(node)
        }
    }

    /// Whether `text` (lower-cased as ASCII) is a byline line: it starts with "by " or the byline, and
    /// holds the byline (lower-cased). For a byline with non-ASCII letters, `text` is lower-cased
    /// by Unicode rules first.
    private static func isByline(_ text: UnsafeBufferPointer<UInt8>, _ byline: [UInt8]) -> Bool {
        let isLine = { (lower: UnsafeBufferPointer<UInt8>) in
            (lower.starts(with: "by ".utf8) || lower.starts(with: byline)) && contains(byline, in: lower)
        }
        guard byline.contains(where: { $0 >= 0x80 }), text.contains(where: { $0 >= 0x80 }) else { return isLine(text) }
        return Array(String(decoding: text, as: UTF8.self).lowercased().utf8).withUnsafeBufferPointer(isLine)
    }

    /// Whether `needle` occurs in `text` (both UTF-8); an empty needle occurs everywhere.
    private static func contains(_ needle: [UInt8], in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= text.count else { return false }
        for start in 0...(text.count - needle.count) where text[start] == first {
            if text[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// Removes elements left with neither text nor images.
    private static func removeEmpty(_ element: NodeID, in document: inout Document) {
        var next = document.firstChild(element)
        while let child = next {
            next = document.nextSibling(child)
            guard document.isElement(child) else { continue }
            removeEmpty(child, in: &document)
            switch document.tag(child) {
            case .img, .br, .hr, .video, .picture, .source, .audio, .td, .th, .tr:
                continue
            default:
                if isEmpty(child, in: document) { document.remove(child) }
            }
        }
    }

    /// Whether the element has no element children and only blank text.
    private static func isEmpty(_ element: NodeID, in document: Document) -> Bool {
        var next = document.firstChild(element)
        while let child = next {
            if document.isElement(child) || !document.isBlankText(child) { return false }
            next = document.nextSibling(child)
        }
        return true
    }

    /// The letters and digits of `text`, lower-cased: how a heading is compared with the title.
    static func normalize(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
    }
}
