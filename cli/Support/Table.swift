/// An aligned text table fitted to a width: the widest flexible column is shrunk first, with `…`.
struct Table {
    var headers: [String]
    var rows: [[String]]
    /// Columns that may be truncated, most expendable first.
    var flexible: [Int]

    func render(width: Int, header style: (String) -> String = { $0 }) -> String {
        let count = headers.count
        var widths = (0..<count).map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        let separator = 2
        var total: Int { widths.reduce(0, +) + separator * (count - 1) }
        for column in flexible where total > width {
            let excess = total - width
            widths[column] = max(min(widths[column], headers[column].count + 2), widths[column] - excess)
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let fitted = cell.count > widths[index] ? String(cell.prefix(max(0, widths[index] - 1))) + "…" : cell
                return index == count - 1 ? fitted : fitted.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: String(repeating: " ", count: separator))
        }
        return ([style(line(headers))] + rows.map(line)).map { $0.replacing(/\s+$/, with: "") }.joined(separator: "\n")
    }
}
