import FolioExtract
import FolioModel
import Foundation

/// Side-by-side measurements against peers from PyPI: trafilatura on the extraction pages
/// (speed and F1) and pycrdt (Yjs) holding the same reading state.
struct PeerBench {
    let context: BenchContext
    let report: Report
    /// The Python interpreter with trafilatura and pycrdt (bench/run.sh prepares a venv).
    let python: String?
    static let section = "Side by side"

    func hasModule(_ module: String) -> Bool {
        guard let python else { return false }
        return (try? ChildProcess(executable: python, arguments: ["-c", "import \(module)"]).run(scratch: context.scratch).status) == 0
    }

    /// Folio's extractor and trafilatura on the same pages: pages per second, and F1 with the shared scorer.
    func extraction(_ corpus: Corpus, iterations: Int, score: Bool) throws {
        let extractor = Extractor()
        var rates: [Double] = []
        for _ in 0..<iterations {
            let seconds = Stopwatch.time { for page in corpus.html { _ = extractor.extract(data: page.data, url: page.url) } }
            rates.append(Double(corpus.html.count) / seconds)
        }
        let folioRate = Sample(rates)
        report.add(Self.section, "Folio extraction, in-process, \(corpus.html.count) pages", unit: "pages/s", size: 0, folioRate)
        let data = Corpus.dataDirectory(repository: context.repository)
        let scorer = context.repository.appendingPathComponent("../shared/tools/score-extraction").standardizedFileURL.path
        if score {
            if let f1 = try f1(scorer: scorer, data: data, command: "\(context.folio) extract --text --url {url} -") {
                report.add(Self.section, "Folio extraction F1 (score-extraction)", unit: "", size: 0, value: f1)
            }
        }
        guard let python, hasModule("trafilatura") else {
            report.note("trafilatura is not installed for \(python ?? "python3"): skipped (bench/run.sh installs it in .build/bench-venv).")
            return
        }
        let out = context.scratch.appendingPathComponent("trafilatura")
        let script = context.repository.appendingPathComponent("bench/trafilatura_bench.py").path
        var arguments = [script, data.path, out.path, String(max(1, iterations / 2))]
        if context.tiny { arguments.append(String(corpus.html.count)) }
        let outcome = try ChildProcess(executable: python, arguments: arguments).check(scratch: context.scratch)
        guard let json = try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any],
              let rate = json["pages_per_second"] as? Double else { throw BenchError("trafilatura_bench.py printed no result: \(outcome.output.prefix(300))") }
        let version = json["version"] as? String ?? "?"
        report.add(Self.section, "trafilatura \(version), in-process, same pages", unit: "pages/s", size: 0, value: rate)
        report.add(Self.section, "Folio extraction speed ÷ trafilatura", unit: "×", size: 0, value: folioRate.median / rate)
        if score, let f1 = try f1(scorer: scorer, data: data, command: "cat \(out.path)/$(printf %s {url} | sha1sum | cut -c1-40).txt") {
            report.add(Self.section, "trafilatura \(version) F1 (score-extraction)", unit: "", size: 0, value: f1)
        }
    }

    func f1(scorer: String, data: URL, command: String) throws -> Double? {
        guard FileManager.default.isExecutableFile(atPath: scorer) else {
            report.note("\(scorer) is missing: F1 not measured.")
            return nil
        }
        let outcome = try ChildProcess(executable: "/usr/bin/env", arguments: ["python3", scorer, "--data", data.path, "--cmd", command]).run(scratch: context.scratch)
        guard let line = outcome.output.split(separator: "\n").first(where: { $0.hasPrefix("precision") }),
              let value = line.split(separator: " ").last.flatMap({ Double($0) }) else {
            report.note("score-extraction failed: \(outcome.errorText.prefix(300))")
            return nil
        }
        return value
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
