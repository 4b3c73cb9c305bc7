import Foundation

/// Measures in-process extraction speed over a set of pages (`folio extract --bench`).
public enum ExtractionBenchmark {
    /// The outcome of a benchmark run.
    public struct Report: Sendable {
        /// Number of extractions performed (pages × iterations).
        public var extractions: Int
        /// Total HTML bytes extracted.
        public var bytes: Int
        /// Total words of the extracted texts (also keeps the measured work observable).
        public var words: Int
        /// Wall time of all extractions, in seconds.
        public var seconds: Double

        /// Mean milliseconds per page.
        public var millisecondsPerPage: Double { extractions == 0 ? 0 : seconds * 1000 / Double(extractions) }
        /// Pages extracted per second.
        public var pagesPerSecond: Double { seconds == 0 ? 0 : Double(extractions) / seconds }
    }

    /// Extracts every page `iterations` times (bytes decoded as a fetched page would be) and times it.
    public static func run(pages: [Data], iterations: Int, extractor: Extractor = Extractor()) -> Report {
        let clock = ContinuousClock()
        var bytes = 0
        var words = 0
        let elapsed = clock.measure {
            for _ in 0..<max(1, iterations) {
                for page in pages {
                    bytes += page.count
                    words += extractor.extract(data: page, url: nil).content.wordCount
                }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Report(extractions: pages.count * max(1, iterations), bytes: bytes, words: words, seconds: seconds)
    }
}
