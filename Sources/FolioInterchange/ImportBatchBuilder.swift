import FolioModel

/// Collects a parser's records: each entry either becomes an item or a problem at its position.
struct ImportBatchBuilder {
    private var items: [ImportedItem] = []
    private var problems: [ImportProblem] = []

    /// Adds the item `make` reads, or records why it could not be read.
    mutating func add(at position: ImportProblem.Position, _ make: () throws(RecordError) -> ImportedItem) {
        do throws(RecordError) {
            let item = try make()
            try item.checkRecordRules()
            items.append(item)
        } catch {
            problems.append(ImportProblem(position, error.reason))
        }
    }

    /// The batch, with a page that appeared twice merged into one item.
    var batch: ImportBatch { ImportBatch(merging: items, problems: problems) }

    /// The batch of a JSON export's list: each element, an object, read by `make`; an element
    /// that is not an object or that `make` refuses is a problem at its 1-based item number.
    static func batch(_ entries: [JSONValue], _ make: ([String: JSONValue]) throws(RecordError) -> ImportedItem) -> ImportBatch {
        var builder = ImportBatchBuilder()
        for (offset, entry) in entries.enumerated() {
            builder.add(at: .item(offset + 1)) { () throws(RecordError) in
                guard let object = entry.objectValue else { throw RecordError("not an object") }
                return try make(object)
            }
        }
        return builder.batch
    }
}
