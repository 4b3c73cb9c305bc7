import FolioModel
import FolioStore
@testable import FolioSync
import Foundation
import Testing

@Suite struct BundleTests {
    func article(_ n: Int) throws -> Article {
        let url = try CanonicalURL("https://example.com/\(n)")
        return Article(id: url.articleID, url: url.string, title: "Article \(n)", content: ArticleContent(html: "<p>x</p>", text: "text \(n)"), savedAt: Date())
    }

    /// Two devices sync through files only: a full bundle, then an incremental one made for the receiver's knowledge.
    @Test func fullThenIncrementalBundle() throws {
        let replicas = try Replicas(count: 2)
        for n in 0..<3 { try replicas[0].save(try article(n)) }
        let full = replicas.file("full.folio")
        let header = try SyncBundle.create(from: replicas[0], to: full)
        #expect(header.records == 3)
        let report = try SyncBundle.apply(full, to: replicas[1])
        #expect(report.changed == 3 && report.knowledgeAdvanced)
        #expect(try replicas[1].canonicalDump() == replicas[0].canonicalDump())

        try replicas[0].set(Field.archived, to: .bool(true), on: try article(1).id)
        let knowledge = try replicas[1].replicaInfo().knowledge
        let delta = replicas.file("delta.folio")
        #expect(try SyncBundle.create(from: replicas[0], for: knowledge, to: delta).records == 1)
        #expect(try SyncBundle.apply(delta, to: replicas[1]).changed == 1)
        #expect(try SyncBundle.apply(delta, to: replicas[1]).changed == 0, "applying twice changes nothing")
        #expect(try replicas[1].article(try article(1).id)?.isArchived == true)
    }

    /// A bundle that was cut short or altered is refused before anything changes.
    @Test func truncatedAndCorruptedBundlesAreRefused() throws {
        let replicas = try Replicas(count: 2)
        for n in 0..<5 { try replicas[0].save(try article(n)) }
        let url = replicas.file("b.folio")
        try SyncBundle.create(from: replicas[0], to: url)
        let data = try Data(contentsOf: url)

        let truncated = replicas.file("truncated.folio")
        try data.prefix(data.count - 40).write(to: truncated)
        #expect(throws: BundleError.self) { try SyncBundle.apply(truncated, to: replicas[1]) }

        var flipped = data
        flipped[data.count - 30] ^= 0x01
        let corrupted = replicas.file("corrupted.folio")
        try flipped.write(to: corrupted)
        #expect(throws: BundleError.self) { try SyncBundle.apply(corrupted, to: replicas[1]) }

        let foreign = replicas.file("foreign.folio")
        try Data("PK\u{3}\u{4} this is a zip file, not a bundle".utf8).write(to: foreign)
        #expect(throws: BundleError.notABundle(path: foreign.path)) { try SyncBundle.apply(foreign, to: replicas[1]) }

        var future = String(decoding: data, as: UTF8.self)
        future = future.replacingOccurrences(of: "\"version\":\(SyncBundle.version)", with: "\"version\":9")
        let newer = replicas.file("newer.folio")
        try Data(future.utf8).write(to: newer)
        #expect(throws: BundleError.newerVersion(9)) { try SyncBundle.apply(newer, to: replicas[1]) }

        let older = replicas.file("older.folio")
        try Data(future.replacingOccurrences(of: "\"version\":9", with: "\"version\":1").utf8).write(to: older)
        #expect(throws: BundleError.olderVersion(1)) { try SyncBundle.apply(older, to: replicas[1]) }

        // Regression: one flipped bit in the header's knowledge (a claim of writes the
        // receiver would never get) is caught by the checksum, which covers the header.
        let header = String(decoding: data.prefix { $0 != 0x0A }, as: UTF8.self)
        let forged = header.replacingOccurrences(of: "\"knowledge\":{\"", with: "\"knowledge\":{\"1111111111111111\":9,\"")
        #expect(forged != header)
        let forgedURL = replicas.file("forged.folio")
        try (Data(forged.utf8) + data.drop { $0 != 0x0A }).write(to: forgedURL)
        #expect(throws: BundleError.checksumMismatch) { try SyncBundle.apply(forgedURL, to: replicas[1]) }

        #expect(throws: BundleError.self) { try SyncBundle.apply(replicas.file("missing.folio"), to: replicas[1]) }
        #expect(try replicas[1].list(ArticleFilter(states: [])).isEmpty, "nothing was applied")
        #expect(try replicas[1].replicaInfo().knowledge.isEmpty)
    }

    /// A bundle made for knowledge the receiver does not have merges its records but does not
    /// claim knowledge it lacks.
    @Test func bundleForWrongBaseDoesNotAdvanceKnowledge() throws {
        let replicas = try Replicas(count: 3)
        try replicas[0].save(try article(1))
        try Exchange.send(from: replicas[0], to: replicas[1])
        try replicas[0].save(try article(2))
        let url = replicas.file("for-1.folio")
        try SyncBundle.create(from: replicas[0], for: try replicas[1].replicaInfo().knowledge, to: url)
        let report = try SyncBundle.apply(url, to: replicas[2])  // replica 2 never saw article 1
        #expect(!report.knowledgeAdvanced && report.changed == 1)
        try Exchange.send(from: replicas[0], to: replicas[2])
        #expect(try replicas[2].list(ArticleFilter(states: [])).count == 2, "the later exchange still delivers article 1")
    }

    /// Regression (item 6): a record whose writer this replica's knowledge does not name (left
    /// by an interrupted exchange) is still in every change set, so `bundle create` carries it.
    @Test func recordsBeyondKnowledgeTravel() throws {
        let replicas = try Replicas(count: 3)
        try replicas[0].save(try article(1))
        let records = try replicas[0].changes(notCoveredBy: VersionVector()).records
        try replicas[1].apply(records)  // applied, but the exchange never finished: knowledge unchanged
        #expect(try replicas[1].replicaInfo().knowledge[try replicas[0].replicaInfo().id] == 0)
        #expect(try replicas[1].changes(notCoveredBy: VersionVector()).records.map(\.id) == records.map(\.id))
        let url = replicas.file("from-1.folio")
        try SyncBundle.create(from: replicas[1], to: url)
        #expect(try SyncBundle.apply(url, to: replicas[2]).changed == 1)
        #expect(try replicas[2].list(ArticleFilter(states: [])).count == 1)
    }
}
