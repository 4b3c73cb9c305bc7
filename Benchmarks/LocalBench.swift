import FolioExtract
import FolioInterchange
import FolioModel
import FolioStore
import Foundation
import GRDB

/// Local measurements on one generated library: listing and search (in-process and as whole
/// `folio` processes), database size against the raw text, `folio add --file` and import.
struct LocalBench {
    let context: BenchContext
    let report: Report
    static let section = "Local"

    func queries(_ library: GeneratedLibrary) throws {
        let size = library.size
        let database = library.database
        let runs = context.quickRuns
        let list = try Stopwatch.repeatMilliseconds(runs: runs) {
            _ = try database.list(ArticleFilter(limit: 50))
        }
        report.add(Self.section, "list first 50, in-process", unit: "ms", size: size, list, target: .below(20))
        let listProcess = try processMilliseconds(["list", "--limit", "50"], home: library.home)
        report.add(Self.section, "`folio list --limit 50`, process", unit: "ms", size: size, listProcess, target: .below(100))
        for search in context.searches.cases {
            var hits = 0
            let inProcess = try Stopwatch.repeatMilliseconds(runs: runs) {
                hits = try database.search(SearchQuery(search.query), limit: 50).count
            }
            report.add(Self.section, "search \(search.label), in-process", unit: "ms", size: size, inProcess, target: .below(20))
            let process = try processMilliseconds(["search", "--limit", "50", search.query], home: library.home)
            report.add(Self.section, "`folio search` \(search.label), process", unit: "ms", size: size, process, target: .below(100))
            let matches = try matchCount(library, search)
            report.note("At \(Report.sizeLabel(size)) articles, \(search.label) matches \(matches) articles (\(Figure.format(Double(matches) * 100 / Double(max(1, size))))%); \(hits) shown.")
        }
        let baseline = try processMilliseconds(["--help"], home: library.home, allowFailure: true)
        report.add(Self.section, "`folio --help`, process (start-up floor)", unit: "ms", size: size, baseline)
    }

    /// Milliseconds of a whole `folio` process, median of the quick runs after one warm-up.
    func processMilliseconds(_ arguments: [String], home: URL, allowFailure: Bool = false) throws -> Sample {
        let child = context.folio(arguments, home: home)
        var values: [Double] = []
        for run in 0...context.quickRuns {
            let outcome = allowFailure ? try child.run(scratch: context.scratch) : try child.check(scratch: context.scratch)
            if run > 0 { values.append(outcome.seconds * 1000) }
        }
        return Sample(values)
    }

    func matchCount(_ library: GeneratedLibrary, _ search: SearchCases.Case) throws -> Int {
        let queue = try DatabaseQueue(path: library.databasePath)
        defer { try? queue.close() }
        return try queue.read { db in
            var sql = "SELECT count(*) FROM article_fts JOIN article a ON a.rowid = article_fts.rowid WHERE article_fts MATCH ?"
            var arguments: StatementArguments = [search.match]
            if let tag = search.tag {
                sql += " AND a.rowid IN (SELECT article FROM article_tag WHERE tag = ?)"
                arguments += [tag]
            }
            return try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
        }
    }

    /// Database size (after a checkpoint) against the raw text, with a breakdown by table.
    func size(_ library: GeneratedLibrary) throws {
        let queue = try DatabaseQueue(path: library.databasePath)
        defer { try? queue.close() }
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let (bytes, breakdown) = try queue.read { db -> (Int, [(String, Int)]) in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            let parts = (try? Row.fetchAll(db, sql: "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC"))?
                .map { ($0["name"] as String, $0["bytes"] as Int) } ?? []
            return (pages * pageSize, parts)
        }
        let mb = 1_048_576.0
        report.add(Self.section, "database size", unit: "MB", size: library.size, value: Double(bytes) / mb)
        report.add(Self.section, "raw text (titles + plain text)", unit: "MB", size: library.size, value: Double(library.rawTextBytes) / mb)
        report.add(Self.section, "database size ÷ raw text", unit: "×", size: library.size, value: Double(bytes) / Double(max(1, library.rawTextBytes)), target: .below(2))
        report.add(Self.section, "database size ÷ (raw text + sanitised HTML)", unit: "×", size: library.size, value: Double(bytes) / Double(max(1, library.rawContentBytes)))
        if !breakdown.isEmpty {
            let total = Double(breakdown.map(\.1).reduce(0, +))
            let top = breakdown.prefix(8).map { "\($0.0) \(Figure.format(Double($0.1) / mb)) MB (\(Int((Double($0.1) / total * 100).rounded()))%)" }
            report.note("Database at \(Report.sizeLabel(library.size)) articles, by table/index (dbstat): " + top.joined(separator: ", ") + ".")
        }
    }

    /// `folio add --file` as whole processes into the library: saves per second.
    func add(_ library: GeneratedLibrary, count: Int) throws {
        var values: [Double] = []
        for index in 0..<count {
            let article = context.factory.article(library.size + 1_000_000 + index)
            let html = "<!doctype html><html><head><title>\(ArticleFactory.escape(article.title))</title></head><body><article><h1>\(ArticleFactory.escape(article.title))</h1>\(article.content.html)</article></body></html>"
            let path = try context.scratchFile(html, name: "add-\(index).html")
            let outcome = try context.folio(["add", "--file", path, "--url", "https://bench.example.org/added/\(library.size)/\(index)"], home: library.home).check(scratch: context.scratch)
            values.append(outcome.seconds * 1000)
        }
        let sample = Sample(values)
        report.add(Self.section, "`folio add --file`, process, per article", unit: "ms", size: library.size, sample)
        report.add(Self.section, "`folio add --file` throughput", unit: "articles/s", size: library.size, value: 1000 / max(0.001, sample.median))
    }

    /// `folio import` of a Pocket CSV with `rows` rows into a fresh home, and the parser alone.
    func importCSV(rows: Int) throws {
        var csv = "title,url,time_added,tags,status\n"
        csv.reserveCapacity(rows * 120)
        for index in 0..<rows {
            let article = context.factory.article(index)
            let title = article.title.replacingOccurrences(of: "\"", with: "\"\"")
            csv += "\"\(title)\",\(article.url),\(Int(article.savedAt.timeIntervalSince1970)),\(article.tags.joined(separator: "|")),\(article.isArchived ? "archive" : "unread")\n"
        }
        let path = try context.scratchFile(csv, name: "pocket-\(rows).csv")
        let data = Data(csv.utf8)
        var parsed = 0
        let parse = try Stopwatch.time { parsed = try Importer.parse(data, format: .pocketCSV).items.count }
        report.add(Self.section, "Pocket CSV parse (FolioInterchange), in-process", unit: "rows/s", size: rows, value: Double(parsed) / parse)

        let home = context.scratch.appendingPathComponent("import-\(rows)")
        let help = try context.folio(["import", "--help"], home: home).run(scratch: context.scratch)
        guard help.status == 0 else {
            report.note("`folio import` does not exist in this build yet: only the parser was measured.")
            return
        }
        let outcome = try context.folio(["import", path], home: home).run(scratch: context.scratch)
        guard outcome.status == 0 else {
            report.note("`folio import \(path)` failed (exit \(outcome.status)): \(outcome.errorText.prefix(300))")
            return
        }
        report.add(Self.section, "`folio import` Pocket CSV, process", unit: "rows/s", size: rows, value: Double(rows) / outcome.seconds)
        report.add(Self.section, "`folio import` Pocket CSV, peak memory", unit: "MB", size: rows, value: Double(outcome.peakBytes) / 1_048_576)
        try? FileManager.default.removeItem(at: home)
    }
}
