import FolioExtract
import Foundation
import Testing

/// Guards extraction quality on the development set with the benchmark's metric (4-word shingle F1).
@Suite struct ExtractionQualityTests {
    private struct Truth: Decodable {
        var articleBody: String
        var url: String
    }

    /// Mean F1 stays at or above the target; one bad change to the heuristics shows up here.
    @Test(.enabled(if: SharedData.hasExtractionDev, Comment(rawValue: SharedData.missingReason)))
    func meanF1OnDevelopmentSet() throws {
        let data = try Data(contentsOf: SharedData.extractionDev.appendingPathComponent("ground-truth.json"))
        let truths = try JSONDecoder().decode([String: Truth].self, from: data)
        var total = 0.0
        for (id, truth) in truths {
            let result = Extractor().extract(data: try SharedData.page(id), url: URL(string: truth.url))
            total += Self.f1(result.content.text, truth.articleBody)
        }
        let mean = total / Double(truths.count)
        #expect(mean >= 0.97, "mean F1 \(mean)")
    }

    /// F1 of the multiset overlap of lower-cased 4-word shingles, as the benchmark computes it.
    static func f1(_ predicted: String, _ expected: String) -> Double {
        let predictedShingles = shingles(predicted)
        let expectedShingles = shingles(expected)
        if predictedShingles.isEmpty && expectedShingles.isEmpty { return 1 }
        var overlap = 0
        for (shingle, count) in predictedShingles { overlap += min(count, expectedShingles[shingle] ?? 0) }
        let precision = Double(overlap) / Double(max(1, predictedShingles.values.reduce(0, +)))
        let recall = Double(overlap) / Double(max(1, expectedShingles.values.reduce(0, +)))
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }

    private static func shingles(_ text: String) -> [String: Int] {
        let words = text.lowercased().unicodeScalars
            .split { !($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_") }
            .map { String(String.UnicodeScalarView($0)) }
        guard words.count >= 4 else { return words.isEmpty ? [:] : [words.joined(separator: " "): 1] }
        var result: [String: Int] = [:]
        for start in 0...(words.count - 4) { result[words[start..<start + 4].joined(separator: " "), default: 0] += 1 }
        return result
    }
}
