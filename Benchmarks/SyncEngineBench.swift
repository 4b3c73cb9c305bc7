import FolioModel
import FolioProtocol
import FolioStore
import Foundation

/// The sync engine with no network: finding and exporting a one-field change, and applying a
/// whole library's change set into a fresh database, against plain SQLite inserts of the same rows.
struct SyncEngineBench {
    let context: BenchContext
    let report: Report
    static let section = "Sync engine"

    /// `changes(notCoveredBy:)` plus JSON encoding right after one `set` of a progress field.
    func oneChange(_ library: GeneratedLibrary) throws {
        var rng = SeededGenerator(seed: 0x51C0 + UInt64(library.size))
        var times: [Double] = []
        var bytes: [Double] = []
        for run in 0...context.quickRuns {
            let before = try library.database.replicaInfo().knowledge
            let id = library.ids[rng.below(library.ids.count)]
            try library.database.set(Field.progress, to: .number(Double(run % 97) / 100 + 0.01), on: id)
            var encoded = Data()
            let seconds = try Stopwatch.time {
                let page = try library.database.changes(notCoveredBy: before)
                encoded = try JSONCoding.encoder.encode(page.records)
                guard page.records.count == 1 else { throw BenchError("expected one changed record, found \(page.records.count)") }
            }
            if run > 0 {
                times.append(seconds * 1000)
                bytes.append(Double(encoded.count))
            }
        }
        report.add(Self.section, "find + export a one-field change", unit: "ms", size: library.size, Sample(times), target: .below(5))
        report.add(Self.section, "find + export a one-field change, growth from smallest size", unit: "ms", size: library.size, Sample(times), target: .flat(factor: 1.5, slack: 1))
        report.add(Self.section, "exported one-field change (JSON)", unit: "bytes", size: library.size, Sample(bytes))
    }

    /// Reading a pull page of 500 records, as a device does, with the bounded wire reader
    /// (`JSONCoding.decode`) and with `JSONDecoder`: whether the hand-written reader still pays.
    func wireReading(_ library: GeneratedLibrary) throws {
        let records = try library.database.changes(notCoveredBy: VersionVector(), limit: 500).records
        let page = PullResponse(epoch: "e", knowledge: try library.database.replicaInfo().knowledge, records: records,
                                cursor: nil, conflicts: [], conflictSeq: 0, serverTime: Date())
        let bytes = page.jsonBytes
        let data = Data(bytes)
        let reader = try Stopwatch.repeatMilliseconds(runs: context.quickRuns) {
            guard try JSONCoding.decode(PullResponse.self, from: bytes).records.count == records.count else { throw BenchError("short read") }
        }
        let decoder = try Stopwatch.repeatMilliseconds(runs: context.quickRuns) {
            guard try JSONCoding.decoder.decode(PullResponse.self, from: data).records.count == records.count else { throw BenchError("short read") }
        }
        report.add(Self.section, "read a pull page of 500 records: wire reader", unit: "ms", size: library.size, reader)
        report.add(Self.section, "read a pull page of 500 records: JSONDecoder", unit: "ms", size: library.size, decoder)
    }

    /// Streams the whole library from its database into a fresh one, page by page, and compares
    /// the apply rate with plain SQLite inserts of the same rows.
    func fullApply(_ library: GeneratedLibrary) throws {
        let runs = context.heavyRuns(library.size)
        var applyRates: [Double] = []
        var totalRates: [Double] = []
        var peaks: [Double] = []
        var growths: [Double] = []
        let knowledge = try library.database.replicaInfo().knowledge
        for run in 0..<runs {
            let path = context.scratch.appendingPathComponent("apply-\(library.size)-\(run).sqlite").path
            let target = try FolioDatabase(path: path)
            let startResident = MemoryProbe.resident() ?? 0
            MemoryProbe.resetPeak()
            var applySeconds = 0.0
            var applied = 0
            let total = try Stopwatch.time {
                var cursor: Dot?
                repeat {
                    let page = try library.database.changes(notCoveredBy: VersionVector(), after: cursor, limit: 500)
                    applySeconds += try Stopwatch.time {
                        try target.apply(page.records, peer: "bench-source", peerKnowledge: knowledge, cursor: page.next.map { "\($0)" })
                    }
                    applied += page.records.count
                    cursor = page.next
                } while cursor != nil
            }
            guard applied >= library.size else { throw BenchError("applied \(applied) records, expected at least \(library.size)") }
            let peak = MemoryProbe.peak() ?? 0
            applyRates.append(Double(applied) / applySeconds)
            totalRates.append(Double(applied) / total)
            peaks.append(Double(peak) / 1_048_576)
            growths.append(Double(max(0, peak - startResident)) / 1_048_576)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        report.add(Self.section, "apply full change set (apply only)", unit: "articles/s", size: library.size, Sample(applyRates))
        report.add(Self.section, "stream full change set DB → DB (read + apply)", unit: "articles/s", size: library.size, Sample(totalRates))
        report.add(Self.section, "peak RSS of the process while applying", unit: "MB", size: library.size, Sample(peaks), target: .below(300))
        report.add(Self.section, "RSS growth while applying", unit: "MB", size: library.size, Sample(growths))

        var plainRates: [Double] = []
        var plainBytes = 0
        var baseline: PlainSQLiteBaseline?
        for run in 0..<runs {
            let path = context.scratch.appendingPathComponent("plain-\(library.size)-\(run).sqlite").path
            let plain = try PlainSQLiteBaseline(path: path)
            let seconds = try plain.insert(size: library.size, factory: context.factory)
            plainRates.append(Double(library.size) / seconds)
            plainBytes = try plain.size()
            if run == runs - 1 { baseline = plain } else {
                try plain.queue.close()
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }
        report.add("Side by side", "plain SQLite inserts, same rows + indexes + FTS5", unit: "articles/s", size: library.size, Sample(plainRates))
        report.add("Side by side", "plain SQLite database size", unit: "MB", size: library.size, value: Double(plainBytes) / 1_048_576)
        let ratio = Sample(applyRates).median / Sample(plainRates).median
        report.add(Self.section, "apply rate ÷ plain SQLite insert rate", unit: "×", size: library.size, value: ratio, target: .atLeast(0.5))
        if let baseline {
            try floorQueries(baseline, library: library)
            try baseline.queue.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: baseline.path + suffix) }
        }
    }

    /// The same list and searches on the plain database: the floor for Folio's queries.
    func floorQueries(_ plain: PlainSQLiteBaseline, library: GeneratedLibrary) throws {
        let list = try Stopwatch.repeatMilliseconds(runs: context.quickRuns) { _ = try plain.list() }
        report.add("Side by side", "plain SQLite: list first 50", unit: "ms", size: library.size, list)
        for search in context.searches.cases {
            let sample = try Stopwatch.repeatMilliseconds(runs: context.quickRuns) { _ = try plain.search(search) }
            report.add("Side by side", "plain SQLite FTS5: \(search.label)", unit: "ms", size: library.size, sample)
        }
    }
}
