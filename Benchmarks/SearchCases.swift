import Foundation

/// The searches every size is measured with, chosen from the corpus so they behave the same
/// way in every run: a common word, a rare word, a two-word phrase, and the common word with a
/// tag filter.
struct SearchCases: Sendable {
    /// One search: a label, the text a user types, and the equivalent FTS5 expression and tag.
    struct Case: Sendable {
        var label: String
        var query: String
        var match: String
        var tag: String?
    }

    var cases: [Case]

    static let stopwords: Set<String> = ["because", "through", "without", "should", "before", "against", "between", "during",
                                         "another", "itself", "around", "though", "within", "whether", "almost", "rather", "others"]

    init(corpus: Corpus) {
        var paragraphFrequency: [String: Int] = [:]
        var bigramFrequency: [String: Int] = [:]
        for page in corpus.pages {
            for paragraph in page.paragraphs {
                let words = Self.words(paragraph)
                for word in Set(words) { paragraphFrequency[word, default: 0] += 1 }
                var bigrams = Set<String>()
                for (first, second) in zip(words, words.dropFirst()) where first.count >= 5 && second.count >= 5 {
                    bigrams.insert("\(first) \(second)")
                }
                for bigram in bigrams { bigramFrequency[bigram, default: 0] += 1 }
            }
        }
        let byFrequency = paragraphFrequency.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        let common = byFrequency.first { $0.key.count >= 6 && !Self.stopwords.contains($0.key) }?.key ?? "people"
        let rareCandidates = paragraphFrequency.filter { $0.value == 1 && $0.key.count >= 10 }.keys.sorted()
        let rare = rareCandidates.isEmpty ? "zeitgeist" : rareCandidates[rareCandidates.count / 2]
        let phrase = bigramFrequency.filter { (3...6).contains($0.value) }.keys.sorted().first ?? "united states"
        cases = [
            Case(label: "common word '\(common)'", query: common, match: "\"\(common)\"", tag: nil),
            Case(label: "rare word '\(rare)'", query: rare, match: "\"\(rare)\"", tag: nil),
            Case(label: "phrase \"\(phrase)\"", query: "\"\(phrase)\"", match: "\"\(phrase)\"", tag: nil),
            Case(label: "'\(common)' tag:science", query: "\(common) tag:science", match: "\"\(common)\"", tag: "science"),
        ]
    }

    /// Lower-cased runs of ASCII letters.
    static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                result.append(current.lowercased())
                current = ""
            }
        }
        if !current.isEmpty { result.append(current.lowercased()) }
        return result
    }
}
