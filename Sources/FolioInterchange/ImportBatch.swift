import Foundation

/// The result of parsing one import file: the records read and the ones skipped.
public struct ImportBatch: Hashable, Sendable {
    /// Records in file order; a page saved twice in the file appears once (see ``ImportBatch/init(merging:problems:)``).
    public var items: [ImportedItem]
    /// Rows or items that were skipped, in file order.
    public var problems: [ImportProblem]

    /// A batch holding `items` as given.
    public init(items: [ImportedItem], problems: [ImportProblem]) {
        self.items = items
        self.problems = problems
    }

    /// A batch in which items with the same article id are merged into the first one.
    ///
    /// A bookmark filed in two folders, or a page saved twice, is one article: the merged item
    /// keeps the first occurrence's values, fills in what it lacked from later ones, and
    /// collects every tag and highlight.
    public init(merging items: [ImportedItem], problems: [ImportProblem]) {
        var merged: [ImportedItem] = []
        var index: [UUID: Int] = [:]
        merged.reserveCapacity(items.count)
        for item in items {
            if let position = index[item.id] {
                merged[position].absorb(item)
            } else {
                index[item.id] = merged.count
                merged.append(item)
            }
        }
        self.init(items: merged, problems: problems)
    }
}
