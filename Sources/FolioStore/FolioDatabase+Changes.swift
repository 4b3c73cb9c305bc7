import FolioModel
import Foundation
import GRDB

/// A local change to one record, for ``FolioDatabase/change(batch:now:)``: `build` sees the
/// record's current state (nil if new) and returns the field values to write.
public struct LocalChange {
    public var id: UUID
    public var kind: RecordKind
    public var build: (RecordState?) throws -> [(field: String, value: JSONValue)]

    public init(id: UUID, kind: RecordKind, build: @escaping (RecordState?) throws -> [(field: String, value: JSONValue)]) {
        self.id = id
        self.kind = kind
        self.build = build
    }
}

extension FolioDatabase {
    /// One local change: `build` sees the record's current state (nil if new) and returns the
    /// field values to write. Values equal to the current ones are dropped; if nothing is left,
    /// nothing is written and the result is false. Otherwise every written register gets the
    /// same new dot and stamp, in one transaction with the vector, knowledge and search index.
    @discardableResult
    public func change(
        _ id: UUID, kind: RecordKind, now: Date = Date(),
        _ build: (RecordState?) throws -> [(field: String, value: JSONValue)]
    ) throws -> Bool {
        try withoutActuallyEscaping(build) { build in
            try write { db in try Self.change(db, LocalChange(id: id, kind: kind, build: build), now: now) }
        }
    }

    /// Many local changes in one transaction (imports): each changed record still gets its own
    /// dot. Returns how many records changed.
    @discardableResult
    public func change(batch: [LocalChange], now: Date = Date()) throws -> Int {
        try write { db in try batch.reduce(0) { count, change in count + (try Self.change(db, change, now: now) ? 1 : 0) } }
    }

    static func change(_ db: Database, _ change: LocalChange, now: Date) throws -> Bool {
        let old = try RecordStorage.load(db, id: change.id)
        let fields = try change.build(old).filter { old?.holds($0.field, $0.value) != true }
        guard !fields.isEmpty else { return false }
        try write(db, fields, to: old ?? RecordState(id: change.id, kind: change.kind), old: old, now: now)
        return true
    }

    /// Writes `fields` to `record` as one new local write: the next dot, a fresh stamp, the
    /// rulebook's check, and the vector, knowledge and search index in step.
    static func write(_ db: Database, _ fields: [(field: String, value: JSONValue)], to record: RecordState, old: RecordState?, now: Date) throws {
        var info = try Self.replicaInfo(db)
        info.counter += 1
        let stamp = info.clock.tick(now: now)
        let dot = Dot(replica: info.id, counter: info.counter)
        var new = record
        new.write(fields, dot: dot, stamp: stamp)
        // The rulebook checks what this change writes (what peers will receive), so no device
        // makes a write that another replica refuses.
        try RecordRules(receiver: dot, horizon: stamp).check(RecordState(id: new.id, kind: new.kind, vector: new.vector, registers: new.registers.filter { $0.dot == dot }))
        try Materializer.store(db, old: old, new: new)
        try db.cachedStatement(sql: "UPDATE replica SET counter = ?, clock = ? WHERE singleton = 1").execute(arguments: [Int64(info.counter), stamp.packed])
        try Self.saveKnowledge(db, VersionVector([info.id: info.counter]))
    }

    // MARK: - Article operations

    /// Saves an article, or re-saves one already known: a deleted article comes back (with the
    /// new content), a live one keeps its reading state and gets any new content and tags.
    /// Returns whether the article was new (or resurrected).
    @discardableResult
    public func save(_ article: Article, now: Date = Date()) throws -> Bool {
        var isNew = false
        try change(article.id, kind: .article, now: now) { old in
            guard let old else {
                isNew = true
                return article.savedFields()
            }
            let current = Article(state: old)
            if current.isDeleted {
                isNew = true
                var fresh = article
                fresh.savedAt = now
                return fresh.savedFields()
            }
            var fields: [(field: String, value: JSONValue)] = []
            let better = article.content.status == .complete || current.content.status != .complete
            if better && current.content != article.content {
                fields.append((Field.content, try JSONValue(encoding: article.content)))
                if !article.title.isEmpty { fields.append((Field.title, .string(article.title))) }
            } else if current.title.isEmpty && !article.title.isEmpty {
                fields.append((Field.title, .string(article.title)))
            }
            for tag in article.tags.compactMap(Tag.init) { fields.append((Field.tag(tag), .string(tag.display))) }
            return fields
        }
        return isNew
    }

    /// Sets one ordinary field of an article (progress, flags, note, title).
    @discardableResult
    public func set(_ field: String, to value: JSONValue, on id: UUID, now: Date = Date()) throws -> Bool {
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

    /// Marks an article read (progress 100 %) and archives it, as "done" means.
    @discardableResult
    public func markDone(_ id: UUID, now: Date = Date()) throws -> Bool {
        try requireLive(id)
        return try change(id, kind: .article, now: now) { state in
            let readAt = state.flatMap { Article(state: $0).readAt } ?? now
            return [(Field.progress, .number(1)), (Field.readAt, .string(JSONCoding.formatDate(readAt))), (Field.archived, .bool(true))]
        }
    }

    /// Sets reading progress; reaching 100 % marks the article read.
    @discardableResult
    public func setProgress(_ progress: Double, on id: UUID, now: Date = Date()) throws -> Bool {
        try requireLive(id)
        let clamped = min(1, max(0, progress))
        return try change(id, kind: .article, now: now) { state in
            var fields: [(field: String, value: JSONValue)] = [(Field.progress, .number(clamped))]
            if clamped >= 1, state.flatMap({ Article(state: $0).readAt }) == nil {
                fields.append((Field.readAt, .string(JSONCoding.formatDate(now))))
            }
            return fields
        }
    }

    /// Deletes an article: it becomes a tombstone and drops its content at once, in the same
    /// write (``RecordState/deletion``).
    @discardableResult
    public func delete(_ id: UUID, now: Date = Date()) throws -> Bool {
        try requireLive(id)
        return try change(id, kind: .article, now: now) { _ in RecordState.deletion }
    }

    /// Adds a highlight to an article.
    public func addHighlight(_ highlight: Highlight, now: Date = Date()) throws {
        try requireLive(highlight.articleID)
        try change(highlight.id, kind: .highlight, now: now) { _ in highlight.createdFields() }
    }

    private func requireLive(_ id: UUID) throws {
        guard let article = try article(id), !article.isDeleted else { throw StoreError.notFound(id.uuidString.lowercased()) }
    }
}
