/// A small element tree of sanitised article HTML (Folio's own, well-formed output), built from
/// ``MarkupScanner`` tokens: what the Markdown writer walks.
///
/// Bounded: elements nested deeper than ``maximumDepth`` are flattened into their ancestor, so
/// walking the tree recursively is safe whatever the input.
indirect enum HTMLNode {
    case text(String)
    case element(name: String, attributes: [String: String], children: [HTMLNode])

    /// Elements deeper than this are replaced by their content.
    static let maximumDepth = 64

    /// Elements that never have content.
    private static let void: Set<String> = ["br", "hr", "img", "wbr", "col", "area", "source"]

    /// The top-level nodes of `html`.
    static func parse(_ html: String) -> [HTMLNode] {
        var stack: [(name: String, attributes: [String: String], children: [HTMLNode])] = [("", [:], [])]
        var flattened: [String] = []
        func close() {
            let element = stack.removeLast()
            stack[stack.count - 1].children.append(.element(name: element.name, attributes: element.attributes, children: element.children))
        }
        for located in MarkupScanner.tokens(html) {
            switch located.token {
            case .text(let text):
                stack[stack.count - 1].children.append(.text(text))
            case .start(let name, let attributes) where void.contains(name):
                stack[stack.count - 1].children.append(.element(name: name, attributes: attributes, children: []))
            case .start(let name, let attributes):
                if stack.count > maximumDepth { flattened.append(name) } else { stack.append((name, attributes, [])) }
            case .end(let name):
                if let position = flattened.lastIndex(of: name) {
                    flattened.remove(at: position)
                } else if let open = stack.lastIndex(where: { $0.name == name }), open > 0 {
                    while stack.count > open { close() }
                }
            }
        }
        while stack.count > 1 { close() }
        return stack[0].children
    }

    /// The text of this node and its descendants, as written.
    var text: String {
        switch self {
        case .text(let text): text
        case .element(_, _, let children): children.map(\.text).joined()
        }
    }
}
