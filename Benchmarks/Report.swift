import Foundation

/// Collects figures and notes during a run and renders them as a terminal table and as
/// BENCHMARKS.md.
final class Report {
    private(set) var figures: [Figure] = []
    /// Remarks printed under the table: skipped parts, definitions, matched counts.
    private(set) var notes: [String] = []
    let sizes: [Int]

    init(sizes: [Int]) { self.sizes = sizes }

    /// Adds one measurement to a figure (creating it on first use).
    func add(_ section: String, _ name: String, unit: String, size: Int, _ sample: Sample, target: Figure.Target? = nil, targetSize: Int? = nil) {
        if let index = figures.firstIndex(where: { $0.section == section && $0.name == name }) {
            figures[index].samples[size] = sample
            if let target { figures[index].target = target }
            if let targetSize { figures[index].targetSize = targetSize }
        } else {
            figures.append(Figure(section: section, name: name, unit: unit, samples: [size: sample], target: target, targetSize: targetSize))
        }
        let figure = figures.first { $0.section == section && $0.name == name }
        Console.line("  \(section) · \(name) @ \(size == 0 ? "-" : Self.sizeLabel(size)): \(figure?.cell(size) ?? "")")
    }

    /// Adds a single value (one run) to a figure.
    func add(_ section: String, _ name: String, unit: String, size: Int, value: Double, target: Figure.Target? = nil, targetSize: Int? = nil) {
        add(section, name, unit: unit, size: size, Sample([value]), target: target, targetSize: targetSize)
    }

    func note(_ text: String) {
        if !notes.contains(text) { notes.append(text) }
        Console.line("  note: \(text)")
    }

    static func sizeLabel(_ size: Int) -> String { Figure.format(Double(size)) }

    // MARK: - Rendering

    /// The order sections appear in; figures keep their order within a section.
    static let sectionOrder = ["Local", "Sync engine", "Sync over HTTP", "Server load", "Side by side"]

    /// Figures grouped by section, in measurement order within each.
    var orderedFigures: [Figure] {
        figures.enumerated().sorted { a, b in
            let rank = { (figure: Figure) in Self.sectionOrder.firstIndex(of: figure.section) ?? Self.sectionOrder.count }
            return (rank(a.element), a.offset) < (rank(b.element), b.offset)
        }.map(\.element)
    }

    /// Rows of the table: section, measurement, one cell per size, target, result.
    func rows() -> [[String]] {
        let header = ["Section", "Measurement"] + sizes.map { "\(Self.sizeLabel($0)) articles" } + ["Target", "Result"]
        var rows = [header]
        for figure in orderedFigures {
            var row = [figure.section, figure.name]
            let independent = Array(figure.samples.keys) == [0]
            for (index, size) in sizes.enumerated() {
                row.append(independent ? (index == sizes.count - 1 ? figure.cell(0) : "") : figure.cell(size))
            }
            let targetText = figure.target.map { target -> String in
                if case .flat = target { return target.text }
                return "\(target.text) \(figure.unit)"
            } ?? ""
            row.append(targetText)
            row.append(figure.verdict.map { $0 ? "PASS" : "MISS" } ?? "")
            rows.append(row)
        }
        return rows
    }

    /// A plain-text table for the terminal.
    func terminalTable() -> String {
        let all = rows()
        let widths = all[0].indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.enumerated().map { index, row in
            let line = row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
            return index == 0 ? line + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") : line
        }.joined(separator: "\n")
    }

    /// A Markdown table.
    func markdownTable() -> String {
        let all = rows()
        var lines = ["| " + all[0].joined(separator: " | ") + " |", "|" + all[0].map { _ in "---" }.joined(separator: "|") + "|"]
        for row in all.dropFirst() {
            lines.append("| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// Counts of PASS and MISS.
    var tally: (pass: Int, miss: Int) {
        let verdicts = figures.compactMap(\.verdict)
        return (verdicts.filter { $0 }.count, verdicts.filter { !$0 }.count)
    }
}
