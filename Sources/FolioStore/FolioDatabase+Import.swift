import FolioModel
import Foundation
import GRDB

/// What an import did to the library (``FolioDatabase/importArticles(_:now:)``).
public struct ImportCounts: Sendable, Equatable {
    /// Articles new to the library (or saved again after a deletion).
    public var imported = 0
    /// Articles already here that gained something.
    public var merged = 0
    /// Articles already here that the import left as they were.
    public var unchanged = 0

    public init(imported: Int = 0, merged: Int = 0, unchanged: Int = 0) {
        self.imported = imported
        self.merged = merged
        self.unchanged = unchanged
    }

    /// The counts of two imports together.
    public static func + (a: ImportCounts, b: ImportCounts) -> ImportCounts {
        ImportCounts(imported: a.imported + b.imported, merged: a.merged + b.merged, unchanged: a.unchanged + b.unchanged)
    }
}

/// One article read from an import file, with its highlights. Fields the source did not know
/// hold Folio's defaults (see ``Article/importFields(_:over:)``).
public struct ImportedArticle: Sendable {
    public var article: Article
    public var highlights: [Highlight]

    public init(article: Article, highlights: [Highlight]) {
        self.article = article
        self.highlights = highlights
    }
}

extension FolioDatabase {
    /// Imports articles in one transaction: each is written as ``Article/importFields(_:over:)``
    /// says (new, or merged into the article already here), and highlights the library does
    /// not have yet are added (existing ones are left alone). Each changed record gets its own dot.
    public func importArticles(_ entries: [ImportedArticle], now: Date = Date()) throws -> ImportCounts {
        try write { db in
            var counts = ImportCounts()
            let index = SearchIndex.Changes()
            for entry in entries {
                let old = try RecordStorage.load(db, id: entry.article.id)
                let current = old.map(Article.init(state:))
                let fields = try Article.importFields(entry.article, over: current)
                let written = try Self.write(db, fields, id: entry.article.id, kind: .article, old: old, now: now, index: index)
                if current == nil || (current?.isDeleted == true && !entry.article.isDeleted) {
                    counts.imported += 1
                } else if written.isEmpty {
                    counts.unchanged += 1
                } else {
                    counts.merged += 1
                }
                for highlight in entry.highlights {
                    guard try RecordStorage.load(db, id: highlight.id) == nil else { continue }
                    _ = try Self.write(db, highlight.createdFields(), id: highlight.id, kind: .highlight, old: nil, now: now, index: index)
                }
            }
            try index.write(db)
            return counts
        }
    }

    /// What ``importArticles(_:now:)`` would do, without changing anything: how many of these
    /// articles are new to the library and how many are already here.
    public func importPreview(_ ids: [UUID]) throws -> ImportCounts {
        try read { db in
            var counts = ImportCounts()
            for id in ids {
                let live = try Self.isLive(db, id)
                if live { counts.merged += 1 } else { counts.imported += 1 }
            }
            return counts
        }
    }
}
