import Foundation

/// One measured quantity, at one or more library sizes, with an optional target.
struct Figure: Sendable {
    /// What a figure is compared against, at the largest size measured.
    enum Target: Sendable {
        /// The median must stay below the value.
        case below(Double)
        /// The median must reach at least the value.
        case atLeast(Double)
        /// The median at the largest size may exceed the one at the smallest size by at most
        /// the factor, or by less than the absolute slack (noise on tiny figures).
        case flat(factor: Double, slack: Double)

        var text: String {
            switch self {
            case .below(let value): "< \(Figure.format(value))"
            case .atLeast(let value): "≥ \(Figure.format(value))"
            case .flat(let factor, let slack): "flat (≤ \(Figure.format(factor))× or +\(Figure.format(slack)))"
            }
        }
    }

    var section: String
    var name: String
    /// The setup the figure was measured on, when one measurement runs on several (the load
    /// phases' stores): such figures are shown side by side (``Report/sideBySideTable()``).
    var variant: String?
    var unit: String
    /// Library size → measurements. Size 0 means "independent of the library size".
    var samples: [Int: Sample]
    var target: Target?
    /// The size the target applies to (nil: the largest measured).
    var targetSize: Int?

    /// PASS/MISS, or nil without a target or without data.
    var verdict: Bool? {
        guard let target, let largest = targetSize ?? samples.keys.max(), let sample = samples[largest], !sample.values.isEmpty else { return nil }
        switch target {
        case .below(let value): return sample.median < value
        case .atLeast(let value): return sample.median >= value
        case .flat(let factor, let slack):
            guard let smallest = samples.keys.filter({ $0 > 0 }).min(), let base = samples[smallest], smallest != largest else { return nil }
            return sample.median <= base.median * factor || sample.median - base.median < slack
        }
    }

    /// The name with its variant, for one-line listings.
    var fullName: String { variant.map { "\($0): \(name)" } ?? name }

    /// "12.3 ms (11.9–13.0)": the median with its spread when there are several runs.
    func cell(_ size: Int) -> String {
        guard let sample = samples[size], !sample.values.isEmpty else { return "" }
        let median = Figure.format(sample.median)
        guard sample.count > 1 else { return "\(median) \(unit)" }
        let spread = sample.spread
        return "\(median) \(unit) (\(Figure.format(spread.low))–\(Figure.format(spread.high)))"
    }

    /// A compact, readable number: three significant digits, thousands separated.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        let magnitude = abs(value)
        if magnitude >= 1000 {
            let rounded = Int(value.rounded())
            let digits = String(abs(rounded))
            var grouped = ""
            for (offset, character) in digits.enumerated() {
                if offset > 0 && (digits.count - offset) % 3 == 0 { grouped.append(",") }
                grouped.append(character)
            }
            return (rounded < 0 ? "-" : "") + grouped
        }
        if magnitude >= 100 { return String(format: "%.0f", value) }
        if magnitude >= 10 { return String(format: "%.1f", value) }
        if magnitude >= 1 { return String(format: "%.2f", value) }
        if magnitude == 0 { return "0" }
        return String(format: "%.3f", value)
    }
}
