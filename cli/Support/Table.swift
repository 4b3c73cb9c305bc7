import FolioExtract

/// An aligned text table, measured in terminal columns (a CJK character takes two), optionally
/// fitted to a width: the widest flexible column is shrunk first, with `…`.
struct Table {
    var headers: [String]
    var rows: [[String]]
    /// Columns that may be truncated, most expendable first.
    var flexible: [Int]

    /// The table, fitted to `width` columns when given (on a terminal), else whole (piped output
    /// keeps every title and tag).
    func render(width: Int?, header style: (String) -> String = { $0 }) -> String {
        let count = headers.count
        var widths = (0..<count).map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.terminalColumns).max() ?? 0
        }
        let separator = 2
        var total: Int { widths.reduce(0, +) + separator * (count - 1) }
        if let width {
            for column in flexible where total > width {
                widths[column] = max(min(widths[column], headers[column].terminalColumns + 2), widths[column] - (total - width))
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let columns = cell.terminalColumns
                let fitted = columns > widths[index] ? String(cell.prefix(columns: widths[index] - 1)) + "…" : cell
                let padding = index == count - 1 ? 0 : widths[index] - fitted.terminalColumns
                return fitted + String(repeating: " ", count: max(0, padding))
            }.joined(separator: String(repeating: " ", count: separator))
        }
        return ([style(line(headers))] + rows.map(line)).map { $0.replacing(/\s+$/, with: "") }.joined(separator: "\n")
    }
}
