import FolioModel

/// The mean of paired per-page differences with a 95 % percentile bootstrap interval:
/// pages are drawn with replacement, so the interval says how much the mean owes to which pages.
struct PairedBootstrap: Sendable {
    /// Mean of `a[i] - b[i]`.
    var mean: Double
    /// The 2.5th and 97.5th percentiles of the resampled means.
    var low: Double
    var high: Double

    /// `a` and `b` are paired by index and have the same count (at least one).
    init(_ a: [Double], minus b: [Double], resamples: Int = 10_000, seed: UInt64 = 15) {
        let differences = zip(a, b).map { $0 - $1 }
        let count = differences.count
        mean = differences.reduce(0, +) / Double(max(1, count))
        var generator = SeededGenerator(seed: seed)
        var means: [Double] = []
        means.reserveCapacity(resamples)
        for _ in 0..<resamples where count > 0 {
            var total = 0.0
            for _ in 0..<count { total += differences[generator.below(count)] }
            means.append(total / Double(count))
        }
        let sample = Sample(means)
        low = sample.percentile(2.5)
        high = sample.percentile(97.5)
    }

    /// "+0.012 (95 % interval −0.004 … +0.029)".
    var description: String {
        let signed = { (value: Double) in (value < 0 ? "−" : "+") + String(format: "%.3f", abs(value)) }
        return "\(signed(mean)) (95 % interval \(signed(low)) … \(signed(high)))"
    }
}
