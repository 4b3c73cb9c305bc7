/// Removes the non-article blocks that survive container scoring: subscription and newsletter
/// pitches, paywall notices, cookie banners, share prompts, image credits, and the title repeated
/// as a heading.
///
/// Decisions rest on the wording and size of a block, never on a site's markup.
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
    ])

    /// Phrases that mark a short block as a pitch, a notice or a credit.
    private static let pitchPhrases = KeywordMatcher([
        "newsletter", "inbox", "paywall", "unlimited access", "unlimited website access", "already a subscriber",
        "subscribers only", "use cookies", "cookie policy", "accept cookies", "cookie settings", "getty images",
        "shutterstock", "image credit", "photo credit", "credit:", "all rights reserved", "©", "privacy policy",
        "terms of use", "terms of service", "sponsored content",
    ])

    /// Calls to action that mark a very short block as a pitch.
    private static let callsToAction = KeywordMatcher(["subscribe ", "subscribe!", "sign up ", "sign up!", "signup", "click here", "advertisement"])

    /// Whether a block of this kind is tested as a whole for furniture.
    private static func isTestedBlock(_ tag: Tag) -> Bool {
        switch tag {
        case .p, .div, .section, .li, .h1, .h2, .h3, .h4, .h5, .h6, .figcaption, .aside, .span, .ul, .ol, .form,
             .header, .small, .em, .strong, .b, .i, .dl, .dd, .dt, .blockquote, .table:
            true
        default:
            false
        }
    }

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
        let context = Context(title: title.map(normalize), byline: byline.map { Array($0.lowercased().utf8) })
        strip(children: article, in: &document, context: context)
        removeEmpty(article, in: &document)
    }

    private struct Context {
        var title: String?
        /// The byline, lower-cased, as UTF-8.
        var byline: [UInt8]?
    }

    private static func strip(children element: NodeID, in document: inout Document, context: Context) {
        var dropNextList = false
        let parentTag = document.tag(element)
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
            if tag == .figcaption || tag == .cite && parentTag == .figure {
                document.remove(child)
                continue
            }
            if isTestedBlock(tag), let lower = furnitureText(child, in: document, context: context) {
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
            if length < 400, tag != .p, pitchPhrases.matches(bytes: text) || callsToAction.matches(bytes: text),
               text.split(separator: UInt8(ascii: ".")).count <= 4 {
                return true
            }
            return false
        }
        return isFurniture ? lower : nil
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

    private static func normalize(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
    }
}
