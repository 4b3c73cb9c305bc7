import FolioModel

/// The bookmarks of a browser's JSON bookmark file: a tree of folders (objects with a
/// `children` list) and entries, walked without recursion and bounded in depth.
struct BookmarkTree {
    /// Folders may nest this deep; a deeper file is refused (no browser nests that far).
    static let maximumDepth = 100

    /// What a folder is to the walk.
    enum Folder {
        /// A folder whose name becomes a tag of everything in it.
        case tag(String)
        /// A folder of the browser's own (toolbar, menu, "other"): its contents have no tag from it.
        case untagged
        /// A folder whose contents are not bookmarks (Firefox's tag index): not walked.
        case skipped
    }

    /// An entry and the tags of the folders it is in, outermost first.
    struct Entry {
        let value: [String: JSONValue]
        let folders: [String]
    }

    /// The entries in document order.
    let entries: [Entry]

    /// Walks `roots` (in order); `folder` says what a folder object is.
    init(roots: [JSONValue], format: ImportFormat, folder: ([String: JSONValue]) -> Folder) throws(ImportError) {
        var entries: [Entry] = []
        var stack: [(value: JSONValue, folders: [String])] = roots.reversed().map { (value: $0, folders: []) }
        while let (value, folders) = stack.popLast() {
            guard let node = value.objectValue else { continue }
            guard let children = node["children"]?.arrayValue else {
                entries.append(Entry(value: node, folders: folders))
                continue
            }
            guard folders.count < Self.maximumDepth else {
                throw .malformed(format: format, reason: "folders nest deeper than \(Self.maximumDepth) levels")
            }
            var inner = folders
            switch folder(node) {
            case .tag(let name): inner.append(name)
            case .untagged: inner.append("")
            case .skipped: continue
            }
            stack += children.reversed().map { (value: $0, folders: inner) }
        }
        self.entries = entries
    }
}

extension BookmarkTree.Entry {
    /// The folder tags, without the browser's own folders.
    var tags: [String] { folders.filter { !$0.isEmpty } }
}
