import FolioExtract
import FolioModel
import Foundation

/// Side-by-side measurements against peers from PyPI: trafilatura and readability-lxml on the
/// extraction pages (speed and F1) and pycrdt (Yjs) holding the same reading state.
struct PeerBench {
    let context: BenchContext
    let report: Report
    /// The Python interpreter with trafilatura, readability-lxml and pycrdt (bench/run.sh prepares a venv).
    let python: String?
    static let section = "Side by side"

    func hasModule(_ module: String) -> Bool {
        guard let python else { return false }
        return (try? ChildProcess(executable: python, arguments: ["-c", "import \(module)"]).run(scratch: context.scratch).status) == 0
    }

    /// A peer extractor run by `bench/extraction_peer.py`.
    struct ExtractionPeer {
        /// The script's name for the peer.
        var name: String
        /// The Python module that must be importable.
        var module: String
    }

    /// trafilatura with comments off (its best setting for article text) and readability-lxml.
    static let extractionPeers = [ExtractionPeer(name: "trafilatura", module: "trafilatura"), ExtractionPeer(name: "readability", module: "readability")]

    /// Folio's extractor and its peers on the same pages in one run: pages per second in-process,
    /// F1 with the shared scorer, the F1 difference Folio − peer with a bootstrap interval over pages,
    /// and the per-page F1 of every system written to `pagesFile` (worst Folio − best peer first).
    func extraction(_ corpus: Corpus, iterations: Int, score: Bool, pagesFile: URL) throws {
        let extractor = Extractor()
        var rates: [Double] = []
        for _ in 0..<iterations {
            let seconds = Stopwatch.time { for page in corpus.html { _ = extractor.extract(data: page.data, url: page.url) } }
            rates.append(Double(corpus.html.count) / seconds)
        }
        let folioRate = Sample(rates)
        report.add(Self.section, "Folio extraction, in-process, \(corpus.html.count) pages", unit: "pages/s", size: 0, folioRate)
        let data = Corpus.dataDirectory(repository: context.repository)
        var scores: [(system: String, pages: [String: Double])] = []
        if score, let folio = try pageScores(data: data, command: "\(context.folio) extract --text --url {url} -") {
            report.add(Self.section, "Folio extraction F1 (score-extraction)", unit: "", size: 0, value: mean(folio))
            scores.append(("Folio", folio))
        }
        for peer in Self.extractionPeers {
            guard let python, hasModule(peer.module) else {
                report.note("\(peer.name) is not installed for \(python ?? "python3"): skipped (bench/run.sh installs it in .build/bench-venv).")
                continue
            }
            let out = context.scratch.appendingPathComponent(peer.name)
            let script = context.repository.appendingPathComponent("bench/extraction_peer.py").path
            var arguments = [script, peer.name, data.path, out.path, String(max(1, iterations / 2))]
            if context.tiny { arguments.append(String(corpus.html.count)) }
            let outcome = try ChildProcess(executable: python, arguments: arguments).check(scratch: context.scratch)
            guard let json = try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any],
                  let rate = json["pages_per_second"] as? Double else { throw BenchError("extraction_peer.py printed no result: \(outcome.output.prefix(300))") }
            let label = "\(peer.name) \(json["version"] as? String ?? "?")"
            report.add(Self.section, "\(label), in-process, same pages", unit: "pages/s", size: 0, value: rate)
            report.add(Self.section, "Folio extraction speed ÷ \(label)", unit: "×", size: 0, value: folioRate.median / rate,
                       target: peer.name == "trafilatura" ? .atLeast(10) : nil)
            guard score, let pages = try pageScores(data: data, command: "cat \(out.path)/$(printf %s {url} | sha1sum | cut -c1-40).txt") else { continue }
            report.add(Self.section, "\(label) F1 (score-extraction)", unit: "", size: 0, value: mean(pages))
            if let folio = scores.first?.pages {
                let ids = folio.keys.sorted().filter { pages[$0] != nil }
                let difference = PairedBootstrap(ids.map { folio[$0] ?? 0 }, minus: ids.map { pages[$0] ?? 0 })
                report.add(Self.section, "F1 Folio − \(label), 95 % bootstrap over pages \(difference.description)", unit: "", size: 0, value: difference.mean)
            }
            scores.append((label, pages))
        }
        if scores.count > 0 { try writePageScores(scores, to: pagesFile) }
    }

    /// Per-page F1 (by the scorer's 12-character page id) of `command` from `score-extraction --verbose`.
    func pageScores(data: URL, command: String) throws -> [String: Double]? {
        let scorer = context.repository.appendingPathComponent("../shared/tools/score-extraction").standardizedFileURL.path
        guard FileManager.default.isExecutableFile(atPath: scorer) else {
            report.note("\(scorer) is missing: F1 not measured.")
            return nil
        }
        let arguments = ["python3", scorer, "--verbose", "--data", data.path, "--cmd", command]
        let outcome = try ChildProcess(executable: "/usr/bin/env", arguments: arguments).run(scratch: context.scratch)
        var pages: [String: Double] = [:]
        for line in outcome.output.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 7, fields[5] == "F1", let f1 = Double(fields[6]) else { continue }
            pages[String(fields[0])] = f1
        }
        guard !pages.isEmpty else {
            report.note("score-extraction failed: \(outcome.errorText.prefix(300))")
            return nil
        }
        return pages
    }

    private func mean(_ pages: [String: Double]) -> Double { pages.values.reduce(0, +) / Double(max(1, pages.count)) }

    /// A tab-separated table: page, each system's F1, and Folio − the best peer; worst pages for Folio first.
    private func writePageScores(_ scores: [(system: String, pages: [String: Double])], to file: URL) throws {
        let ids = Set(scores.flatMap(\.pages.keys))
        let gap = { (id: String) -> Double in
            (scores[0].pages[id] ?? 0) - (scores.dropFirst().compactMap { $0.pages[id] }.max() ?? 0)
        }
        var lines = [(["page"] + scores.map(\.system) + ["Folio − best peer"]).joined(separator: "\t")]
        for id in ids.sorted(by: { (gap($0), $0) < (gap($1), $1) }) {
            let values = scores.map { $0.pages[id].map { String(format: "%.3f", $0) } ?? "" }
            lines.append(([id] + values + [String(format: "%+.3f", gap(id))]).joined(separator: "\t"))
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        let shown = file.path.replacingOccurrences(of: context.repository.standardizedFileURL.path + "/", with: "")
        report.note("Per-page extraction F1 of Folio and its peers: \(shown) (worst pages for Folio first).")
    }

    /// pycrdt holding the reading state of the library: bytes and time to sync it whole and one change.
    func crdt(_ library: GeneratedLibrary) throws {
        guard let python, hasModule("pycrdt") else {
            report.note("pycrdt is not installed for \(python ?? "python3"): skipped (bench/run.sh installs it in .build/bench-venv).")
            return
        }
        let statePath = context.scratch.appendingPathComponent("state-\(library.size).jsonl")
        _ = FileManager.default.createFile(atPath: statePath.path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: statePath.path) else { throw BenchError("cannot write \(statePath.path)") }
        var chunk = Data()
        for index in 0..<library.size {
            let article = context.factory.article(index)
            let row: [String: Any] = [
                "id": article.id.uuidString.lowercased(), "progress": article.progress, "archived": article.isArchived,
                "favorite": article.isFavorite, "readAt": article.readAt.map(JSONCoding.formatDate) ?? NSNull(),
                "tags": article.tags, "note": article.note,
            ]
            chunk.append(try JSONSerialization.data(withJSONObject: row))
            chunk.append(0x0A)
            if chunk.count > 1 << 20 {
                try handle.write(contentsOf: chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: chunk)
        try handle.close()
        let script = context.repository.appendingPathComponent("bench/crdt_bench.py").path
        let outcome = try ChildProcess(executable: python, arguments: [script, statePath.path, String(context.tiny ? 2 : 3)]).check(scratch: context.scratch)
        try? FileManager.default.removeItem(at: statePath)
        guard let json = try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any],
              let fullSeconds = json["full_seconds"] as? Double, let fullBytes = json["full_bytes"] as? Int,
              let oneSeconds = json["one_seconds"] as? Double, let oneBytes = json["one_bytes"] as? Double else {
            throw BenchError("crdt_bench.py printed no result: \(outcome.output.prefix(300))")
        }
        let size = library.size
        report.add(Self.section, "pycrdt: whole reading state, one document to another", unit: "ms", size: size, value: fullSeconds * 1000)
        report.add(Self.section, "pycrdt: whole reading state, bytes", unit: "MB", size: size, value: Double(fullBytes) / 1_048_576)
        report.add(Self.section, "pycrdt: one change (state vector + update), in-process", unit: "ms", size: size, value: oneSeconds * 1000)
        report.add(Self.section, "pycrdt: one change, update bytes", unit: "bytes", size: size, value: oneBytes)
        report.add(Self.section, "pycrdt: peak RSS of the Python process", unit: "MB", size: size, value: Double(outcome.peakBytes) / 1_048_576)
    }
}
