/// Finds the main article of a page, in one pipeline: remove hidden elements and page furniture,
/// mark unlikely containers, score containers by the paragraphs they hold (as Readability does),
/// choose the best one (the main post on a page of several), merge the siblings that continue it,
/// then drop the blocks whose shape says they are not article (link lists, image strips) and the
/// boilerplate that `BoilerplateFilter` recognises.
///
/// The tree is pruned in place; run it on a freshly parsed tree each time.
struct ContentExtractor {
    /// How aggressive a pass is; later passes relax the rules when the first finds too little.
    struct Rules: OptionSet {
        let rawValue: Int
        /// Skip containers whose class or id marks them as furniture, unless their text says otherwise.
        static let stripUnlikely = Rules(rawValue: 1)
        /// Weigh containers by class and id words.
        static let weighClasses = Rules(rawValue: 2)
        /// Drop link-heavy or image-heavy blocks from the article.
        static let cleanConditionally = Rules(rawValue: 4)

        static let all: Rules = [.stripUnlikely, .weighClasses, .cleanConditionally]
    }

    let rules: Rules
    /// The article title, removed from the content when it repeats it as a heading.
    let title: String?
    /// The article byline, removed from the content when a short line repeats it.
    let byline: String?

    /// The article container, added to `document` as a new `div`, or nil when the page has no block
    /// of text worth the name. `document` is pruned in place.
    func extract(from document: inout Document) -> NodeID? {
        let body = document.first(.body, in: document.root) ?? document.root
        removeFurniture(body, in: &document)
        document.computeStatistics(body)
        if rules.contains(.stripUnlikely) {
            markUnlikely(body, pageTextLength: document.textLength(body), in: &document)
        }
        var candidates: [NodeID] = []
        score(body, body: body, in: &document, candidates: &candidates)
        for candidate in candidates {
            document.setScore(document.score(candidate) * (1 - document.linkDensity(candidate)), of: candidate)
        }
        guard var top = candidates.max(by: { document.score($0) < document.score($1) }),
              top != body || candidates.count == 1 else {
            return nil
        }
        top = refine(top, candidates: candidates, body: body, in: document)
        let article: NodeID
        if let post = mainPost(within: top, in: document) {
            article = document.addElement(.div, attributesFrom: document.attributeCount)
            document.remove(post)
            document.append(post, to: article)
        } else {
            article = mergeSiblings(of: top, in: &document)
        }
        clean(article, in: &document)
        return article
    }

    // MARK: - Preparation

    /// Removes hidden elements and page furniture.
    private func removeFurniture(_ element: NodeID, in document: inout Document) {
        var next = document.firstChild(element)
        while let child = next {
            next = document.nextSibling(child)
            guard document.isElement(child) else { continue }
            if isRemoved(child, in: document) {
                document.remove(child)
            } else {
                removeFurniture(child, in: &document)
            }
        }
    }

    /// Marks the containers whose class or id names furniture, unless the text says otherwise: one
    /// that holds a third of the page's text at a low link density is the article under a wrong name
    /// (a "paywall" container) unless its name also counts against it (comments), and one whose text
    /// is mostly a quotation is an embedded quote.
    private func markUnlikely(_ element: NodeID, pageTextLength: Int, in document: inout Document) {
        var next = document.firstChild(element)
        while let child = next {
            next = document.nextSibling(child)
            guard document.isElement(child) else { continue }
            let holdsArticle = document.textLength(child) * 3 > pageTextLength && document.linkDensity(child) < 0.25
                && !document.classOrID(of: child, matches: ContentHints.negative)
            if !holdsArticle, isUnlikely(child, in: document), !isQuotation(child, in: document) {
                document.markUnlikely(child)
            } else {
                markUnlikely(child, pageTextLength: pageTextLength, in: &document)
            }
        }
    }

    /// Whether the element is page furniture that never holds the article, or hidden.
    private func isRemoved(_ element: NodeID, in document: Document) -> Bool {
        switch document.tag(element) {
        case .nav, .aside, .footer, .head, .title, .meta, .link, .script: return true
        default: break
        }
        if isHidden(element, in: document) { return true }
        if let role = document.attribute(.role, of: element), ContentHints.isFurnitureRole(role) { return true }
        return false
    }

    private func isHidden(_ element: NodeID, in document: Document) -> Bool {
        if document.hasAttribute(.hidden, of: element) { return true }
        let tag = document.tag(element)
        if tag != .figure, tag != .img, document.attribute(.ariaHidden, of: element, is: "true") { return true }
        return document.withAttribute(.style, of: element) {
            ContentExtractor.hiddenStyle.matches(bytes: $0, ignoringSpaces: true)
        } ?? false
    }

    private static let hiddenStyle = KeywordMatcher(["display:none", "visibility:hidden"])

    /// Whether at least four fifths of the element's text sits in `blockquote`s.
    private func isQuotation(_ element: NodeID, in document: Document) -> Bool {
        var quoted = 0
        document.forEachElement(in: element) { node in
            if document.tag(node) == .blockquote { quoted += document.textLength(node) }
        }
        return Self.isQuotation(quoted: quoted, of: document.textLength(element))
    }

    /// Whether `quoted` characters of quotation make up at least four fifths of `length`.
    private static func isQuotation(quoted: Int, of length: Int) -> Bool {
        quoted > 0 && quoted * 5 >= length * 4
    }

    private func isUnlikely(_ element: NodeID, in document: Document) -> Bool {
        switch document.tag(element) {
        case .body, .html, .article, .main, .a, .p, .table, .tbody, .tr, .td, .figcaption, .dl, .dt, .dd:
            return false
        case .header:
            return true
        default:
            return document.classOrID(of: element, matches: ContentHints.unlikely)
                && !document.classOrID(of: element, matches: ContentHints.maybe)
        }
    }

    // MARK: - Scoring

    /// Scores the paragraphs under `element` onto their containers (up to five levels up, `body` the highest).
    private func score(_ element: NodeID, body: NodeID, in document: inout Document, candidates: inout [NodeID]) {
        if rules.contains(.stripUnlikely) && document.isUnlikely(element) { return }
        if isParagraph(element, in: document) {
            if element != body, let parent = document.parent(element) {
                add(paragraph: element, toAncestorsFrom: parent, body: body, in: &document, candidates: &candidates)
            }
            return
        }
        var next = document.firstChild(element)
        while let child = next {
            next = document.nextSibling(child)
            if document.isElement(child) {
                score(child, body: body, in: &document, candidates: &candidates)
            } else if document.textLength(child) >= 25 {
                add(paragraph: child, toAncestorsFrom: element, body: body, in: &document, candidates: &candidates)
            }
        }
    }

    /// Whether the element is scored as one paragraph rather than searched for paragraphs.
    private func isParagraph(_ element: NodeID, in document: Document) -> Bool {
        switch document.tag(element) {
        case .p, .pre, .h2, .h3, .h4, .h5, .h6:
            return true
        case .td, .blockquote:
            return !hasBlockChild(element, in: document)
        case .div, .section, .article, .main, .span, .font, .center:
            return !hasBlockChild(element, in: document) && document.textLength(element) > 0
        default:
            return false
        }
    }

    private func hasBlockChild(_ element: NodeID, in document: Document) -> Bool {
        var next = document.firstChild(element)
        while let child = next {
            let tag = document.tag(child)
            if tag.isBlock || (tag == .span || tag == .font) && hasBlockChild(child, in: document) { return true }
            next = document.nextSibling(child)
        }
        return false
    }

    /// Adds the score of a paragraph (an element or a text node) to `first` and up to four of its
    /// ancestors, stopping at `body`.
    private func add(
        paragraph: NodeID, toAncestorsFrom first: NodeID, body: NodeID, in document: inout Document,
        candidates: inout [NodeID]
    ) {
        let length = document.textLength(paragraph)
        guard length >= 25 else { return }
        let contentScore = 1 + Double(document.commaCount(paragraph)) + Double(min(length / 100, 3))
        var ancestor: NodeID? = first
        for level in 0..<5 {
            guard let current = ancestor else { break }
            if !document.isScored(current) {
                document.setScore(baseScore(of: current, in: document), of: current)
                candidates.append(current)
            }
            let divider: Double = level == 0 ? 1 : level == 1 ? 2 : Double(level * 3)
            document.setScore(document.score(current) + contentScore / divider, of: current)
            ancestor = current == body ? nil : document.parent(current)
        }
    }

    private func baseScore(of element: NodeID, in document: Document) -> Double {
        var score: Double
        let tag = document.tag(element)
        switch tag {
        case .div, .article, .main, .section: score = 5
        case .pre, .td, .blockquote: score = 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: score = -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: score = -5
        default: score = 0
        }
        if tag == .article || document.attribute(.itemprop, of: element, is: "articleBody") { score += 10 }
        if rules.contains(.weighClasses) { score += ContentHints.weight(of: element, in: document) }
        return score
    }

    // MARK: - Choosing the container

    private func refine(_ chosen: NodeID, candidates: [NodeID], body: NodeID, in document: Document) -> NodeID {
        var top = chosen
        let close = candidates.filter { $0 != top && document.score($0) >= document.score(top) * 0.75 }
        if close.count >= 3 {
            var ancestor = document.parent(top)
            while let current = ancestor, current != body {
                let contained = close.filter { isAncestor(current, of: $0, in: document) }.count
                if contained >= 3 {
                    top = current
                    break
                }
                ancestor = document.parent(current)
            }
        }
        var lastScore = document.score(top)
        let threshold = lastScore / 3
        var parent = document.parent(top)
        while let current = parent, current != body, document.tag(current) != .html {
            if !document.isScored(current) {
                parent = document.parent(current)
                continue
            }
            let score = document.score(current)
            if score < threshold { break }
            if score > lastScore {
                top = current
                break
            }
            lastScore = score
            parent = document.parent(current)
        }
        while let current = document.parent(top), current != body, document.tag(current) != .html,
              hasOnlyOneChild(current, in: document) {
            top = current
        }
        return top
    }

    /// On a page of several posts, the one the page is about: when `top` is a container whose text is
    /// mostly two or more `article` elements of some length, the one headed by the page title, else the first.
    private func mainPost(within top: NodeID, in document: Document) -> NodeID? {
        guard document.tag(top) != .article else { return nil }
        var posts: [NodeID] = []
        collectPosts(in: top, into: &posts, document: document)
        guard posts.count >= 2, posts.reduce(0, { $0 + document.textLength($1) }) * 2 > document.textLength(top) else { return nil }
        let normalizedTitle = title.map(BoilerplateFilter.normalize)
        let titled = posts.first { post in
            guard let normalizedTitle, let heading = firstHeading(in: post, document: document) else { return false }
            return BoilerplateFilter.normalize(document.innerText(heading)) == normalizedTitle
        }
        return titled ?? posts[0]
    }

    /// The `article` elements under `element` with at least 200 characters of text, outermost only.
    private func collectPosts(in element: NodeID, into posts: inout [NodeID], document: Document) {
        var next = document.firstChild(element)
        while let child = next {
            next = document.nextSibling(child)
            guard document.isElement(child) else { continue }
            if document.tag(child) == .article {
                if document.textLength(child) >= 200 { posts.append(child) }
            } else {
                collectPosts(in: child, into: &posts, document: document)
            }
        }
    }

    private func firstHeading(in element: NodeID, document: Document) -> NodeID? {
        var found: NodeID?
        document.forEachElement(in: element) { node in
            if found == nil, document.tag(node).isHeading { found = node }
        }
        return found
    }

    /// Whether the element has exactly one child that is an element or non-blank text.
    private func hasOnlyOneChild(_ element: NodeID, in document: Document) -> Bool {
        var count = 0
        var next = document.firstChild(element)
        while let child = next {
            if document.isElement(child) || !document.isBlankText(child) { count += 1 }
            if count > 1 { return false }
            next = document.nextSibling(child)
        }
        return count == 1
    }

    private func isAncestor(_ ancestor: NodeID, of node: NodeID, in document: Document) -> Bool {
        var current = document.parent(node)
        while let element = current {
            if element == ancestor { return true }
            current = document.parent(element)
        }
        return false
    }

    /// The top candidate and those of its siblings that look like part of the same article,
    /// moved into a new `div`: siblings that score well, prose paragraphs, and prose blocks shaped
    /// like the top one (same tag and class: sections of an article split by figures). When the top
    /// is an `article`, sibling `article`s are other posts and stay out.
    private func mergeSiblings(of top: NodeID, in document: inout Document) -> NodeID {
        let article = document.addElement(.div, attributesFrom: document.attributeCount)
        guard let parent = document.parent(top) else {
            document.append(top, to: article)
            return article
        }
        let topScore = document.score(top)
        let threshold = max(10, topScore * 0.2)
        let topClass = document.attribute(.class, of: top) ?? ""
        var kept: [NodeID] = []
        var next = document.firstChild(parent)
        while let sibling = next {
            next = document.nextSibling(sibling)
            guard document.isElement(sibling) else { continue }
            if sibling == top {
                kept.append(sibling)
                continue
            }
            if rules.contains(.stripUnlikely) && document.isUnlikely(sibling) { continue }
            if document.tag(top) == .article && document.tag(sibling) == .article { continue }
            let isSameShape = !topClass.isEmpty && document.tag(sibling) == document.tag(top)
                && document.attribute(.class, of: sibling) == topClass
            let bonus = isSameShape ? topScore * 0.2 : 0
            if isSameShape && document.linkDensity(sibling) < 0.25 && document.first(.p, in: sibling) != nil {
                kept.append(sibling)
            } else if document.isScored(sibling) && document.score(sibling) + bonus >= threshold {
                kept.append(sibling)
            } else if document.tag(sibling) == .p || isParagraph(sibling, in: document) {
                let length = document.textLength(sibling)
                let density = document.linkDensity(sibling)
                if length > 80 && density < 0.25 {
                    kept.append(sibling)
                } else if length > 0 && length <= 80 && density == 0 && document.innerText(sibling).hasSuffix(".") {
                    kept.append(sibling)
                }
            }
        }
        for node in kept {
            document.remove(node)
            document.append(node, to: article)
        }
        return article
    }

    // MARK: - Cleaning the article

    private func clean(_ article: NodeID, in document: inout Document) {
        document.computeStatistics(article)
        cleanSubtree(article, in: &document)
        BoilerplateFilter.strip(article, in: &document, title: title, byline: byline)
    }

    private func cleanSubtree(_ element: NodeID, in document: inout Document) {
        var next = document.firstChild(element)
        while let child = next {
            next = document.nextSibling(child)
            guard document.isElement(child) else { continue }
            if rules.contains(.stripUnlikely) && document.isUnlikely(child) {
                document.remove(child)
                continue
            }
            cleanSubtree(child, in: &document)
            if shouldRemove(child, in: document) { document.remove(child) }
        }
        document.refreshStatistics(element)
    }

    private func shouldRemove(_ element: NodeID, in document: Document) -> Bool {
        let tag = document.tag(element)
        if tag == .h1 || tag == .h2, rules.contains(.weighClasses), ContentHints.weight(of: element, in: document) < 0 {
            return true
        }
        guard rules.contains(.cleanConditionally) else { return false }
        switch tag {
        case .table, .ul, .ol, .div, .section, .form, .figure, .header, .dl: break
        default: return false
        }
        var paragraphs = 0
        var images = 0
        var items = 0
        var embeds = 0
        var quoted = 0
        document.forEachElement(in: element) { node in
            switch document.tag(node) {
            case .p: paragraphs += 1
            case .img: images += 1
            case .li: items += 1
            case .video, .audio: embeds += 1
            case .blockquote: quoted += document.textLength(node)
            default: break
            }
        }
        if Self.isQuotation(quoted: quoted, of: document.textLength(element)) { return false }
        // Lists, definition lists and tables are structure: their score (which starts below zero and
        // grows only with long, comma-rich items) says nothing against them; links and images do.
        let isStructure = tag == .ul || tag == .ol || tag == .dl || tag == .table
        let weight = rules.contains(.weighClasses) && tag != .figure ? ContentHints.weight(of: element, in: document) : 0
        let score = document.isScored(element) && !isStructure ? document.score(element) : 0
        if weight + score < 0 { return true }
        if document.commaCount(element) >= 10 { return false }
        let isList = tag == .ul || tag == .ol
        let length = document.textLength(element)
        let density = document.linkDensity(element)
        if images > 1 && Double(paragraphs) / Double(images) < 0.5 && length < 200 { return true }
        if isStructure && embeds == 0 && length > 0 && document.linkDensity(element) < 0.2 { return false }
        if !isList && items > paragraphs + 2 && length < 1000 && density > 0.2 { return true }
        if length < 25 && (images == 0 || images > 2) && tag != .figure { return true }
        if weight < 25 && density > 0.2 + (isList ? 0.2 : 0) { return true }
        if weight >= 25 && density > 0.5 { return true }
        if (embeds == 1 && length < 75) || embeds > 1 { return true }
        return false
    }
}
