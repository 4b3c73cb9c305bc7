import FolioModel
import FolioStore
import Foundation

/// A generated library: a `FOLIO_HOME` whose device database holds `size` articles from the
/// ``ArticleFactory``.
struct GeneratedLibrary: Sendable {
    var size: Int
    /// The `FOLIO_HOME` directory (`data/folio.sqlite` inside).
    var home: URL
    var database: FolioDatabase
    /// Ids of the articles, by index.
    var ids: [UUID]
    /// Title and text bytes of all articles (UTF-8).
    var rawTextBytes: Int
    /// Title, text and sanitised HTML bytes of all articles (UTF-8).
    var rawContentBytes: Int
    /// Seconds spent generating and writing.
    var seconds: Double

    var databasePath: String { home.appendingPathComponent("data/folio.sqlite").path }

    /// Builds a library of `size` articles in a new home under `scratch`: the records a device
    /// would have received from the one that saved them, applied in pages of 500, then the
    /// search index compacted as after a large pull.
    static func build(size: Int, factory: ArticleFactory, scratch: URL) throws -> GeneratedLibrary {
        let home = scratch.appendingPathComponent("home-\(size)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("data"), withIntermediateDirectories: true)
        let database = try FolioDatabase(path: home.appendingPathComponent("data/folio.sqlite").path)
        var ids: [UUID] = []
        ids.reserveCapacity(size)
        var raw = 0, content = 0
        let knowledge = VersionVector([factory.origin: UInt64(size)])
        let seconds = try Stopwatch.time {
            var batch: [RecordState] = []
            for index in 0..<size {
                let (record, article) = factory.record(index)
                ids.append(article.id)
                raw += ArticleFactory.rawTextBytes(article)
                content += ArticleFactory.rawTextBytes(article) + article.content.html.utf8.count
                batch.append(record)
                if batch.count == 500 || index == size - 1 {
                    let last = index == size - 1
                    try database.apply(batch, peer: "bench-origin", peerKnowledge: knowledge, cursor: last ? nil : "generating")
                    batch.removeAll(keepingCapacity: true)
                }
            }
            // As `folio sync` does after a pull of 1,000 records or more.
            try database.compactSearchIndex()
        }
        return GeneratedLibrary(size: size, home: home, database: database, ids: ids, rawTextBytes: raw, rawContentBytes: content, seconds: seconds)
    }
}
