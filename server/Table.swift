import FolioModel

/// Plain-text tables for the listing commands.
enum Table {
    /// Prints rows as left-aligned columns separated by two spaces; the first row is the header.
    /// Control characters in cells are shown as escapes, never sent to the terminal.
    static func print(_ rows: [[String]]) {
        let rows = rows.map { $0.map(\.escapingControls) }
        let widths = rows.reduce(into: [Int]()) { widths, row in
            for (index, cell) in row.enumerated() {
                if index < widths.count { widths[index] = max(widths[index], cell.count) } else { widths.append(cell.count) }
            }
        }
        for row in rows {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            Swift.print(cells.joined(separator: "  "))
        }
    }
}
