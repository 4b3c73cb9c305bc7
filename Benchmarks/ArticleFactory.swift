import FolioModel
import Foundation

/// Builds article number `i` of a generated library, deterministically: the same index gives
/// the same article in every run, every process and every database.
///
/// Text is assembled from runs of real paragraphs plus one paragraph of sentences from
/// anywhere in the corpus, with varied titles, sites, tags, reading states and progress.
struct ArticleFactory: Sendable {
    let corpus: Corpus
    /// The replica that "saved" the generated library (a device that is not part of the run).
    let origin: ReplicaID
    /// The newest save date; saves spread over the five years before it.
    let newest = Date(timeIntervalSince1970: 1_748_736_000)

    static let tags = ["reading", "tech", "ideas", "longread", "science", "politics", "economics", "design", "security", "health",
                       "climate", "history", "swift", "linux", "music", "travel", "food", "sports", "work", "later"]
    static let sitePrefixes = ["", "", "", "", "blog.", "news.", "www2.", "m."]

    init(corpus: Corpus, origin: ReplicaID = ReplicaID(rawValue: 0x0BE4_C400_0000_0001)) {
        self.corpus = corpus
        self.origin = origin
    }

    /// Article `index` (0-based).
    func article(_ index: Int) -> Article {
        var rng = SeededGenerator(seed: UInt64(index) &* 0x2545_F491_4F6C_DD1D &+ 17)
        let pages = corpus.pages
        let page = pages[rng.below(pages.count)]
        var paragraphs: [String] = []
        let count = 3 + rng.below(10)
        let start = rng.below(page.paragraphs.count)
        for offset in 0..<min(count, page.paragraphs.count) {
            paragraphs.append(page.paragraphs[(start + offset) % page.paragraphs.count])
        }
        if rng.chance(0.4) {
            let other = pages[rng.below(pages.count)]
            paragraphs.insert(other.paragraphs[rng.below(other.paragraphs.count)], at: rng.below(paragraphs.count + 1))
        }
        var mixed: [String] = []
        for _ in 0..<(2 + rng.below(3)) {
            let source = pages[rng.below(pages.count)]
            if !source.sentences.isEmpty { mixed.append(source.sentences[rng.below(source.sentences.count)]) }
        }
        if !mixed.isEmpty { paragraphs.insert(mixed.joined(separator: " "), at: rng.below(paragraphs.count + 1)) }

        let useTitle = rng.chance(0.25) || page.sentences.isEmpty
        let titleSource = useTitle ? page.title : page.sentences[rng.below(page.sentences.count)]
        let title = Self.title(from: titleSource, rng: &rng)
        let host = Self.sitePrefixes[rng.below(Self.sitePrefixes.count)] + page.host
        let savedAt = newest.addingTimeInterval(-Double(rng.below(5 * 365 * 86_400)))
        let year = 1970 + Int(savedAt.timeIntervalSince1970 / 31_556_952)
        let url = "https://\(host)/\(year)/\(Self.slug(title))-\(index)"

        var tags: [String] = []
        for _ in 0..<[0, 0, 1, 1, 1, 2, 2, 3][rng.below(8)] {
            let pick = Self.tags[min(Self.tags.count - 1, Int(rng.unit() * rng.unit() * Double(Self.tags.count)))]
            if !tags.contains(pick) { tags.append(pick) }
        }
        let archived = rng.chance(0.6)
        let favorite = rng.chance(0.07)
        let progress = archived ? 1 : (rng.chance(0.5) ? 0 : (rng.unit() * 100).rounded() / 100)
        let readAt = archived ? savedAt.addingTimeInterval(Double(rng.below(30 * 86_400))) : nil
        let note = rng.chance(0.03) && !page.sentences.isEmpty ? page.sentences[rng.below(page.sentences.count)] : ""

        let text = paragraphs.joined(separator: "\n\n")
        let html = paragraphs.map { "<p>\(Self.escape($0))</p>" }.joined(separator: "\n")
        let excerpt = paragraphs.first.map { $0.count > 200 ? String($0.prefix(200)) + "…" : $0 }
        let content = ArticleContent(
            canonicalURL: nil, byline: page.byline, siteName: page.siteName == page.host ? nil : page.siteName,
            excerpt: excerpt, language: "en", publishedAt: savedAt.addingTimeInterval(-86_400),
            html: html, text: text, wordCount: Self.words(text), status: .complete)
        let id = (try? CanonicalURL(url).articleID) ?? UUID()
        return Article(id: id, url: url, title: title, content: content, savedAt: savedAt, progress: progress, readAt: readAt,
                       isArchived: archived, isFavorite: favorite, note: note, tags: tags.sorted())
    }

    /// The record a device holds for article `index`: every field written in one change by
    /// `origin`, stamped at the save time.
    func record(_ index: Int) -> (record: RecordState, article: Article) {
        let article = article(index)
        var state = RecordState(id: article.id, kind: .article)
        state.write(article.savedFields(), dot: Dot(replica: origin, counter: UInt64(index + 1)),
                    stamp: HLCStamp(wall: HybridClock.wallMilliseconds(article.savedAt)))
        return (state, article)
    }

    /// The bytes a user would call "the text": title and plain text, UTF-8.
    static func rawTextBytes(_ article: Article) -> Int { article.title.utf8.count + article.content.text.utf8.count }

    static func title(from sentence: String, rng: inout SeededGenerator) -> String {
        let words = sentence.split(separator: " ")
        let length = min(words.count, 5 + rng.below(7))
        var title = words.prefix(length).joined(separator: " ")
        while let last = title.last, ".,;:!?\"'’”".contains(last) { title.removeLast() }
        return title.isEmpty ? "Untitled" : title.prefix(1).uppercased() + title.dropFirst()
    }

    static func slug(_ title: String) -> String {
        let lowered = title.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-" }
        let collapsed = String(lowered).split(separator: "-").prefix(8).joined(separator: "-")
        return collapsed.isEmpty ? "article" : collapsed
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Whitespace-separated words (fast path for ASCII spaces and newlines).
    static func words(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for byte in text.utf8 {
            let space = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return count
    }
}
