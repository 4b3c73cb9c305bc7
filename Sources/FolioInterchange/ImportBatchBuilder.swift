/// Collects a parser's records: each entry either becomes an item or a problem at its position.
struct ImportBatchBuilder {
    private var items: [ImportedItem] = []
    private var problems: [ImportProblem] = []

    /// Adds the item `make` reads, or records why it could not be read.
    mutating func add(at position: ImportProblem.Position, _ make: () throws(RecordError) -> ImportedItem) {
        do throws(RecordError) {
            items.append(try make())
        } catch {
            problems.append(ImportProblem(position, error.reason))
        }
    }

    /// The batch, with a page that appeared twice merged into one item.
    var batch: ImportBatch { ImportBatch(merging: items, problems: problems) }
}
