import Foundation

/// A set of repeated measurements of one quantity, summarised as a median with its spread.
struct Sample: Sendable, Codable, Equatable {
    /// The measurements, in the order they were taken.
    var values: [Double]

    init(_ values: [Double]) { self.values = values }

    var sorted: [Double] { values.sorted() }
    var count: Int { values.count }
    var median: Double { percentile(50) }
    var min: Double { values.min() ?? .nan }
    var max: Double { values.max() ?? .nan }
    var p10: Double { percentile(10) }
    var p90: Double { percentile(90) }
    var p99: Double { percentile(99) }

    /// The `p`th percentile by linear interpolation between closest ranks; NaN when empty.
    func percentile(_ p: Double) -> Double {
        let s = sorted
        guard !s.isEmpty else { return .nan }
        guard s.count > 1 else { return s[0] }
        let rank = p / 100 * Double(s.count - 1)
        let low = Int(rank.rounded(.down))
        let high = Swift.min(low + 1, s.count - 1)
        return s[low] + (s[high] - s[low]) * (rank - Double(low))
    }

    /// The spread shown next to a median: min–max for few runs, p10–p90 for many.
    var spread: (low: Double, high: Double) {
        count >= 10 ? (p10, p90) : (min, max)
    }

    var spreadLabel: String { count >= 10 ? "p10–p90" : "min–max" }
}

/// Wall-clock timing helpers.
enum Stopwatch {
    /// Seconds elapsed while running `body`.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Seconds elapsed while running `body`.
    static func time(_ body: () async throws -> Void) async rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Now, in seconds on a monotonic clock.
    static var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Runs `body` `runs` times (after `warmup` untimed runs) and returns the times in milliseconds.
    static func repeatMilliseconds(runs: Int, warmup: Int = 1, _ body: () throws -> Void) rethrows -> Sample {
        for _ in 0..<warmup { try body() }
        var values: [Double] = []
        for _ in 0..<runs { values.append(try time(body) * 1000) }
        return Sample(values)
    }
}
