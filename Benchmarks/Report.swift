import Foundation

/// Collects figures and notes during a run and renders them as a terminal table and as
/// BENCHMARKS.md.
final class Report {
    private(set) var figures: [Figure] = []
    /// Remarks printed under the table: skipped parts, definitions, matched counts.
    private(set) var notes: [String] = []
    /// Variants (see ``Figure/variant``) in the order they were first measured or skipped, with why
    /// each skipped one was skipped.
    private(set) var variants: [String] = []
    private(set) var skipped: [String: String] = [:]
    let sizes: [Int]

    init(sizes: [Int]) { self.sizes = sizes }

    /// Adds one measurement to a figure (creating it on first use).
    func add(_ section: String, _ name: String, variant: String? = nil, unit: String, size: Int, _ sample: Sample, target: Figure.Target? = nil, targetSize: Int? = nil) {
        let matches = { (figure: Figure) in figure.section == section && figure.name == name && figure.variant == variant }
        if let index = figures.firstIndex(where: matches) {
            figures[index].samples[size] = sample
            if let target { figures[index].target = target }
            if let targetSize { figures[index].targetSize = targetSize }
        } else {
            figures.append(Figure(section: section, name: name, variant: variant, unit: unit, samples: [size: sample], target: target, targetSize: targetSize))
        }
        if let variant, !variants.contains(variant) { variants.append(variant) }
        let figure = figures.first(where: matches)
        Console.line("  \(section) · \(figure?.fullName ?? name) @ \(size == 0 ? "-" : Self.sizeLabel(size)): \(figure?.cell(size) ?? "")")
    }

    /// Adds a single value (one run) to a figure.
    func add(_ section: String, _ name: String, variant: String? = nil, unit: String, size: Int, value: Double, target: Figure.Target? = nil, targetSize: Int? = nil) {
        add(section, name, variant: variant, unit: unit, size: size, Sample([value]), target: target, targetSize: targetSize)
    }

    /// Records that the measurements of `variant` did not run, and why.
    func skip(_ variant: String, because reason: String) {
        if !variants.contains(variant) { variants.append(variant) }
        skipped[variant] = reason
        note("\(variant): skipped: \(reason)")
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

    /// Rows of the table: section, measurement, one cell per size, target, result; figures with a
    /// variant only with `variants` (the Markdown report has them in ``sideBySideTable()``).
    func rows(variants: Bool = true) -> [[String]] {
        let header = ["Section", "Measurement"] + sizes.map { "\(Self.sizeLabel($0)) articles" } + ["Target", "Result"]
        var rows = [header]
        for figure in orderedFigures where variants || figure.variant == nil {
            var row = [figure.section, figure.fullName]
            let independent = Array(figure.samples.keys) == [0]
            for (index, size) in sizes.enumerated() {
                row.append(independent ? (index == sizes.count - 1 ? figure.cell(0) : "") : figure.cell(size))
            }
            row.append(Self.targetText(figure))
            row.append(figure.verdict.map { $0 ? "PASS" : "MISS" } ?? "")
            rows.append(row)
        }
        if variants {
            for variant in self.variants { if let reason = skipped[variant] { rows.append(["", "\(variant): skipped: \(reason)"] + sizes.map { _ in "" } + ["", ""]) } }
        }
        return rows
    }

    static func targetText(_ figure: Figure) -> String {
        figure.target.map { target -> String in
            if case .flat = target { return target.text }
            return "\(target.text) \(figure.unit)"
        } ?? ""
    }

    /// The figures measured on several variants, a column per variant: a row per measurement and
    /// size, each cell with its PASS/MISS where the target applies; nil without such figures.
    func sideBySideTable() -> String? {
        guard !variants.isEmpty else { return nil }
        let measured = orderedFigures.filter { $0.variant != nil }
        var names: [String] = []
        for figure in measured where !names.contains(figure.name) { names.append(figure.name) }
        var lines = ["| Measurement | Articles | " + variants.joined(separator: " | ") + " | Target |",
                     "|---|---|" + variants.map { _ in "---|" }.joined() + "---|"]
        for name in names {
            let figures = measured.filter { $0.name == name }
            for size in sizes where figures.contains(where: { $0.samples[size] != nil }) {
                let cells = variants.map { variant -> String in
                    if let reason = skipped[variant] { return "skipped: \(reason)" }
                    guard let figure = figures.first(where: { $0.variant == variant }) else { return "" }
                    let cell = figure.cell(size)
                    guard let verdict = figure.verdict, size == (figure.targetSize ?? figure.samples.keys.max()) else { return cell }
                    return "\(cell) **\(verdict ? "PASS" : "MISS")**"
                }
                let target = figures.first.map(Self.targetText) ?? ""
                lines.append("| \(name) | \(Self.sizeLabel(size)) | " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " | \(target) |")
            }
        }
        return lines.joined(separator: "\n")
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
        let all = rows(variants: false)
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
