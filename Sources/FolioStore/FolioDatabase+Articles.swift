import FolioModel
import Foundation
import GRDB

/// What saving an article did (``FolioDatabase/save(_:titleIsChosen:now:)``).
public struct SaveResult: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// A new article.
        case saved
        /// The article had been deleted for good; it is saved again, with the new content.
        case savedAgain
        /// The article was in the trash; it is back, with the content it had.
        case restored
        /// The article was already saved.
        case alreadySaved
    }

    /// The article's id: the saved article's own, or that of the article already holding its address.
    public var id: UUID
    public var outcome: Outcome
    /// On an article already saved (or restored): the fields the save changed, such as `title`,
    /// `content` or `tag:swift`; empty when it changed nothing.
    public var changed: [String]
}

extension FolioDatabase {
    // MARK: - Saving and editing

    /// Saves an article, or re-saves one already known: under its own id, or the id of the live
    /// article that holds its address (one whose address was edited to it, see ``edit(_:title:url:now:)``).
    ///
    /// - A new article is saved whole; a deleted one comes back whole, with the new content.
    /// - An article in the trash is restored, with its content.
    /// - An article already saved gets what ``Article/resaveFields(over:titleIsChosen:)`` says.
    @discardableResult
    public func save(_ article: Article, titleIsChosen: Bool = false, now: Date = Date()) throws -> SaveResult {
        try write { db in try Self.save(db, article, titleIsChosen: titleIsChosen, now: now) }
    }

    static func save(_ db: Database, _ article: Article, titleIsChosen: Bool, now: Date) throws -> SaveResult {
        let id = try Self.savedID(of: article, db)
        let old = try RecordStorage.load(db, id: id)
        let current = old.map(Article.init(state:))
        let outcome: SaveResult.Outcome
        let fields: [(field: String, value: JSONValue)]
        switch current {
        case nil:
            outcome = .saved
            fields = article.savedFields()
        case let current? where current.isDeleted:
            var fresh = article
            fresh.savedAt = now
            outcome = .savedAgain
            fields = fresh.savedFields() + [(Field.trashedAt, .null)]
        case let current?:
            outcome = current.isTrashed ? .restored : .alreadySaved
            fields = try article.resaveFields(over: current, titleIsChosen: titleIsChosen)
        }
        let written = try Self.write(db, fields, id: id, kind: .article, old: old, now: now)
        let kept = outcome == .restored || outcome == .alreadySaved
        return SaveResult(id: id, outcome: outcome, changed: kept ? written.map(\.field) : [])
    }

    /// The id under which `article` is saved: its own when that article is live; else that of
    /// the live article holding its address (edited to it); else its own (new, or deleted).
    static func savedID(of article: Article, _ db: Database) throws -> UUID {
        guard !article.url.isEmpty else { return article.id }
        let key = RecordStorage.key(article.id)
        let holder = try String.fetchOne(
            db, sql: "SELECT id FROM article WHERE deleted = 0 AND (id = ? OR url = ?) ORDER BY id = ? DESC LIMIT 1",
            arguments: [key, article.url, key])
        return holder.flatMap(UUID.init(uuidString:)) ?? article.id
    }

    /// The live article that saving `article` would update, if any (see ``save(_:titleIsChosen:now:)``).
    public func existing(_ article: Article) throws -> Article? {
        try read { db in
            try RecordStorage.load(db, id: Self.savedID(of: article, db)).map(Article.init(state:)).flatMap { $0.isDeleted ? nil : $0 }
        }
    }

    /// Replaces a live article's content with a fresh fetch of its page, with the page's title if
    /// the article had only a placeholder (``Article/refetchFields(content:pageTitle:)``), as one
    /// local change; returns the article as saved.
    /// Async: the fetch commands await it without blocking a cooperative thread.
    @discardableResult
    public func refetched(_ id: UUID, content: ArticleContent, pageTitle: String?, now: Date = Date()) async throws -> Article {
        try await write { db in try Self.refetched(db, id, content: content, pageTitle: pageTitle, now: now) }
    }

    static func refetched(_ db: Database, _ id: UUID, content: ArticleContent, pageTitle: String?, now: Date) throws -> Article {
        guard let old = try RecordStorage.load(db, id: id), !Article(state: old).isDeleted else { throw StoreError.notFound(RecordStorage.key(id)) }
        var article = Article(state: old)
        let written = try Self.write(db, try article.refetchFields(content: content, pageTitle: pageTitle), id: id, kind: .article, old: old, now: now)
        article.content = content
        if let title = written.first(where: { $0.field == Field.title })?.value.stringValue { article.title = title }
        return article
    }

    /// Changes an article's title, its address, or both; returns the fields that changed.
    ///
    /// The address is stored in its canonical form, with the address as given for opening (or
    /// `""` when the canonical form is the given one), but the article keeps its id: the id is its
    /// identity (SPEC §2.1, derived from the address it was first saved under), so its reading
    /// state, highlights and history stay with it on every device. Saving the new address later
    /// finds this article (``save(_:titleIsChosen:now:)``); an address that another article
    /// already has is refused (``StoreError/addressInUse(_:by:)``).
    @discardableResult
    public func edit(_ id: UUID, title: String? = nil, url: CanonicalURL? = nil, now: Date = Date()) throws -> [String] {
        if url == nil, let title {
            return try changeColumns(id, [Field.title], now: now) { _ in [(Field.title, .string(title))] } ? [Field.title] : []
        }
        return try write { db in
            guard let old = try RecordStorage.load(db, id: id), !Article(state: old).isDeleted else { throw StoreError.notFound(RecordStorage.key(id)) }
            var fields: [(field: String, value: JSONValue)] = []
            if let title { fields.append((Field.title, .string(title))) }
            if let url {
                let holders = try String.fetchAll(
                    db, sql: "SELECT id FROM article WHERE (url = ? OR id = ?) AND id != ? AND deleted = 0 LIMIT 1",
                    arguments: [url.string, RecordStorage.key(url.articleID), RecordStorage.key(id)])
                if let other = holders.first { throw StoreError.addressInUse(url.string, by: other) }
                fields.append((Field.url, .string(url.string)))
                let current = Article(state: old)
                if url.given != current.givenURL { fields.append((Field.givenURL, .string(url.given ?? ""))) }
            }
            return try Self.write(db, fields, id: id, kind: .article, old: old, now: now).map(\.field)
        }
    }

    /// Sets one ordinary field of an article (progress, flags, note, title). A field of one
    /// column is written without loading the rest of the article (``changeColumns(_:_:now:_:)``).
    @discardableResult
    public func set(_ field: String, to value: JSONValue, on id: UUID, now: Date = Date()) throws -> Bool {
        if Materializer.columns.keys.contains(field) { return try changeColumns(id, [field], now: now) { _ in [(field, value)] } }
        try requireLive(id)
        return try change(id, kind: .article, now: now) { _ in [(field, value)] }
    }

    /// Adds and removes tags in one change.
    @discardableResult
    public func retag(_ id: UUID, add: [Tag], remove: [Tag], now: Date = Date()) throws -> Bool {
        try requireLive(id)
        return try change(id, kind: .article, now: now) { _ in
            remove.map { (Field.tag($0), JSONValue.null) } + add.map { (Field.tag($0), JSONValue.string($0.display)) }
        }
    }

    // MARK: - Reading state

    /// Marks an article read (progress 100 %) and archives it, as "done" means.
    @discardableResult
    public func markDone(_ id: UUID, now: Date = Date()) throws -> Bool {
        try changeColumns(id, [Field.progress, Field.readAt, Field.archived], now: now) { state in
            let readAt = Article(state: state).readAt ?? now
            return [(Field.progress, .number(1)), (Field.readAt, .string(JSONCoding.formatDate(readAt))), (Field.archived, .bool(true))]
        }
    }

    /// Makes an article unread again: no read date, no progress. Its place (inbox or archived)
    /// is left as it is.
    @discardableResult
    public func markUnread(_ id: UUID, now: Date = Date()) throws -> Bool {
        try setProgress(0, on: id, now: now)
    }

    /// Sets reading progress (0...1): reaching 1 marks the article read; anything less makes
    /// it unread (0) or being read again, so `progress 0` after `done` shows it unread.
    @discardableResult
    public func setProgress(_ progress: Double, on id: UUID, now: Date = Date()) throws -> Bool {
        let clamped = min(1, max(0, progress))
        return try changeColumns(id, [Field.progress, Field.readAt], now: now) { state in
            let readAt = Article(state: state).readAt
            let read: JSONValue = clamped < 1 ? .null : .string(JSONCoding.formatDate(readAt ?? now))
            return [(Field.progress, .number(clamped)), (Field.readAt, read)]
        }
    }

    // MARK: - Trash and deletion

    /// Moves an article to the trash: it leaves every listing but `trashed`, keeps its content,
    /// and comes back whole with ``restore(_:now:)``. Returns false if it was in the trash already.
    @discardableResult
    public func trash(_ id: UUID, now: Date = Date()) throws -> Bool {
        try changeColumns(id, [Field.trashedAt], now: now) { state in
            Article(state: state).isTrashed ? [] : [(Field.trashedAt, .string(JSONCoding.formatDate(now)))]
        }
    }

    /// Takes an article out of the trash. Returns false if it was not in the trash.
    @discardableResult
    public func restore(_ id: UUID, now: Date = Date()) throws -> Bool {
        try changeColumns(id, [Field.trashedAt], now: now) { _ in [(Field.trashedAt, .null)] }
    }

    /// Deletes an article for good: it becomes a tombstone and drops its content at once, in
    /// the same write (``RecordState/deletion``). Only saving its address again brings it back.
    @discardableResult
    public func delete(_ id: UUID, now: Date = Date()) throws -> Bool {
        try requireLive(id)
        return try change(id, kind: .article, now: now) { _ in RecordState.deletion }
    }

    /// Deletes every article in the trash for good, in one transaction; returns how many.
    @discardableResult
    public func emptyTrash(now: Date = Date()) throws -> Int {
        try write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM article a WHERE a.deleted = 0 AND \(ArticleState.trashed.sqlCondition)")
            return try Self.change(db, ids.compactMap(UUID.init(uuidString:)).map { LocalChange(id: $0, kind: .article) { _ in RecordState.deletion } }, now: now)
        }
    }

    /// Throws ``StoreError/notFound(_:)`` unless `id` is an article not deleted for good.
    func requireLive(_ id: UUID) throws {
        guard try read({ db in try Self.isLive(db, id) }) else { throw StoreError.notFound(RecordStorage.key(id)) }
    }
}
