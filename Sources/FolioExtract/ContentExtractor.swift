/// Finds the main article of a page: a Readability-class scoring of containers followed by
/// sibling merging and boilerplate removal.
///
/// The tree is pruned in place; run it on a freshly parsed tree each time.
struct ContentExtractor {
    /// How aggressive a pass is; later passes relax the rules when the first finds too little.
    struct Rules: OptionSet {
        let rawValue: Int
        /// Skip containers whose class or id marks them as furniture.
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

    private static let paragraphTags: Set<String> = ["p", "pre", "td", "blockquote", "h2", "h3", "h4", "h5", "h6"]
    private static let looseTextContainers: Set<String> = ["div", "section", "article", "main", "span", "font", "center"]
    private static let removedTags: Set<String> = ["nav", "aside", "footer", "head", "title", "meta", "link", "script"]

    /// The article container, or nil when the page has no block of text worth the name.
    func extract(from root: DOMNode) -> DOMNode? {
        let body = root.first(tag: "body") ?? root
        prepare(body)
        body.computeStatistics()
        var candidates: [DOMNode] = []
        score(body, ancestors: [], candidates: &candidates)
        for candidate in candidates { candidate.score *= 1 - candidate.linkDensity }
        guard var top = candidates.max(by: { $0.score < $1.score }), top !== body || candidates.count == 1 else {
            return nil
        }
        top = refine(top, candidates: candidates, body: body)
        let article = mergeSiblings(of: top)
        clean(article)
        return article
    }

    // MARK: - Preparation

    /// Removes hidden elements and page furniture, and marks unlikely candidates.
    private func prepare(_ element: DOMNode) {
        element.children.removeAll { child in
            guard child.isElement else { return false }
            if ContentExtractor.removedTags.contains(child.tag) || isHidden(child) { return true }
            if let role = child.attributes["role"], ContentHints.isFurnitureRole(role) { return true }
            return false
        }
        for child in element.children where child.isElement {
            if rules.contains(.stripUnlikely), isUnlikely(child) {
                child.isUnlikely = true
            }
            prepare(child)
        }
    }

    private func isHidden(_ element: DOMNode) -> Bool {
        if element.attributes["hidden"] != nil { return true }
        if element.attributes["aria-hidden"] == "true", element.tag != "figure", element.tag != "img" { return true }
        if let style = element.attributes["style"], ContentExtractor.hiddenStyle.matches(style, ignoringSpaces: true) {
            return true
        }
        return false
    }

    private static let hiddenStyle = KeywordMatcher(["display:none", "visibility:hidden"])

    private func isUnlikely(_ element: DOMNode) -> Bool {
        switch element.tag {
        case "body", "html", "article", "main", "a", "p", "table", "tbody", "tr", "td":
            return false
        case "header":
            return true
        default:
            return element.classOrID(matches: ContentHints.unlikely) && !element.classOrID(matches: ContentHints.maybe)
        }
    }

    // MARK: - Scoring

    private func score(_ element: DOMNode, ancestors: [DOMNode], candidates: inout [DOMNode]) {
        if rules.contains(.stripUnlikely) && element.isUnlikely { return }
        if isParagraph(element) {
            add(paragraphLength: element.textLength, commas: element.commaCount, to: ancestors, candidates: &candidates)
            return
        }
        let path = [element] + ancestors.prefix(4)
        for child in element.children {
            if child.isElement {
                score(child, ancestors: path, candidates: &candidates)
            } else if child.textLength >= 25 {
                add(paragraphLength: child.textLength, commas: child.commaCount, to: path, candidates: &candidates)
            }
        }
    }

    /// Whether the element is scored as one paragraph rather than searched for paragraphs.
    private func isParagraph(_ element: DOMNode) -> Bool {
        if ContentExtractor.paragraphTags.contains(element.tag) {
            return element.tag != "td" && element.tag != "blockquote" || !hasBlockChild(element)
        }
        guard ContentExtractor.looseTextContainers.contains(element.tag) else { return false }
        return !hasBlockChild(element) && element.textLength > 0
    }

    private func hasBlockChild(_ element: DOMNode) -> Bool {
        element.children.contains { child in
            child.isElement && (child.isBlock
                || (child.tag == "span" || child.tag == "font") && hasBlockChild(child))
        }
    }

    private func add(paragraphLength length: Int, commas: Int, to ancestors: [DOMNode], candidates: inout [DOMNode]) {
        guard length >= 25 else { return }
        let contentScore = 1 + Double(commas) + Double(min(length / 100, 3))
        for (level, ancestor) in ancestors.prefix(5).enumerated() {
            if !ancestor.isScored {
                ancestor.isScored = true
                ancestor.score = baseScore(of: ancestor)
                candidates.append(ancestor)
            }
            let divider: Double = level == 0 ? 1 : level == 1 ? 2 : Double(level * 3)
            ancestor.score += contentScore / divider
        }
    }

    private func baseScore(of element: DOMNode) -> Double {
        var score: Double
        switch element.tag {
        case "div", "article", "main", "section": score = 5
        case "pre", "td", "blockquote": score = 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": score = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": score = -5
        default: score = 0
        }
        if element.tag == "article" || element.attributes["itemprop"] == "articleBody" { score += 10 }
        if rules.contains(.weighClasses) { score += ContentHints.weight(of: element) }
        return score
    }

    // MARK: - Choosing the container

    private func refine(_ chosen: DOMNode, candidates: [DOMNode], body: DOMNode) -> DOMNode {
        var top = chosen
        let close = candidates.filter { $0 !== top && $0.score >= top.score * 0.75 }
        if close.count >= 3 {
            var ancestor = top.parent
            while let current = ancestor, current !== body {
                let contained = close.filter { isAncestor(current, of: $0) }.count
                if contained >= 3 {
                    top = current
                    break
                }
                ancestor = current.parent
            }
        }
        var lastScore = top.score
        let threshold = lastScore / 3
        var parent = top.parent
        while let current = parent, current !== body, current.tag != "html" {
            if !current.isScored {
                parent = current.parent
                continue
            }
            if current.score < threshold { break }
            if current.score > lastScore {
                top = current
                break
            }
            lastScore = current.score
            parent = current.parent
        }
        while let current = top.parent, current !== body, current.tag != "html",
              current.children.filter({ $0.isElement || !$0.text.isBlank }).count == 1 {
            top = current
        }
        return top
    }

    private func isAncestor(_ ancestor: DOMNode, of node: DOMNode) -> Bool {
        var current = node.parent
        while let element = current {
            if element === ancestor { return true }
            current = element.parent
        }
        return false
    }

    /// The top candidate and those of its siblings that look like part of the same article.
    private func mergeSiblings(of top: DOMNode) -> DOMNode {
        let article = DOMNode(element: "div", attributes: [:])
        guard let parent = top.parent else {
            article.append(top)
            return article
        }
        let threshold = max(10, top.score * 0.2)
        let topClass = top.attributes["class"] ?? ""
        var kept: [DOMNode] = []
        for sibling in parent.children where sibling.isElement {
            if sibling === top {
                kept.append(sibling)
                continue
            }
            if rules.contains(.stripUnlikely) && sibling.isUnlikely { continue }
            let bonus = !topClass.isEmpty && sibling.attributes["class"] == topClass ? top.score * 0.2 : 0
            if sibling.isScored && sibling.score + bonus >= threshold {
                kept.append(sibling)
            } else if sibling.tag == "p" || isParagraph(sibling) {
                let length = sibling.textLength
                let density = sibling.linkDensity
                if length > 80 && density < 0.25 {
                    kept.append(sibling)
                } else if length > 0 && length <= 80 && density == 0 && sibling.innerText.hasSuffix(".") {
                    kept.append(sibling)
                }
            }
        }
        for node in kept {
            node.remove()
            article.append(node)
        }
        return article
    }

    // MARK: - Cleaning the article

    private func clean(_ article: DOMNode) {
        article.computeStatistics()
        cleanSubtree(article)
        BoilerplateFilter.strip(article, title: title, byline: byline)
    }

    private static let conditionalTags: Set<String> = ["table", "ul", "ol", "div", "section", "form", "figure", "header", "dl"]

    private func cleanSubtree(_ element: DOMNode) {
        element.children.removeAll { child in
            guard child.isElement else { return false }
            if rules.contains(.stripUnlikely) && child.isUnlikely { return true }
            cleanSubtree(child)
            return shouldRemove(child)
        }
        element.refreshStatistics()
    }

    private func shouldRemove(_ element: DOMNode) -> Bool {
        let tag = element.tag
        if tag == "h1" || tag == "h2", rules.contains(.weighClasses), ContentHints.weight(of: element) < 0 {
            return true
        }
        guard rules.contains(.cleanConditionally), ContentExtractor.conditionalTags.contains(tag) else { return false }
        let weight = rules.contains(.weighClasses) ? ContentHints.weight(of: element) : 0
        if weight + (element.isScored ? element.score : 0) < 0 { return true }
        if element.commaCount >= 10 { return false }
        var paragraphs = 0
        var images = 0
        var items = 0
        var embeds = 0
        element.forEachElement { node in
            switch node.tag {
            case "p": paragraphs += 1
            case "img": images += 1
            case "li": items += 1
            case "video", "audio": embeds += 1
            default: break
            }
        }
        let isList = tag == "ul" || tag == "ol"
        let length = element.textLength
        let density = element.linkDensity
        if images > 1 && Double(paragraphs) / Double(images) < 0.5 && length < 200 { return true }
        if !isList && items > paragraphs + 2 && length < 1000 && density > 0.2 { return true }
        if length < 25 && (images == 0 || images > 2) && tag != "figure" { return true }
        if weight < 25 && density > 0.2 + (isList ? 0.2 : 0) { return true }
        if weight >= 25 && density > 0.5 { return true }
        if (embeds == 1 && length < 75) || embeds > 1 { return true }
        return false
    }
}
