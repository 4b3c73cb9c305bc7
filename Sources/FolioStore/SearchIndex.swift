import FolioModel
import GRDB

/// The full-text index `article_fts`: an external-content FTS5 table over the `article_search`
/// view. FTS5 can only forget a row by being told its indexed text again, so a change that
/// alters what the view shows for an article removes the row as the view showed it *before* the
/// change and adds it back after (see ``SearchIndex/Changes``), so the index always matches it.
enum SearchIndex {
    /// The article fields whose values the view shows (site derives from the url and content).
    static let indexedFields: Set<String> = [Field.title, Field.url, Field.content, Field.note, Field.deleted]

    /// The key of the article whose indexed text a change from `old` to `new` may alter, if any.
    static func article(changedBy old: RecordState?, _ new: RecordState) -> String? {
        switch new.kind {
        case .highlight:
            return RecordStorage.key(Highlight(state: new).articleID)
        case .article:
            func dots(_ state: RecordState?) -> Set<Dot> {
                Set((state?.registers ?? []).lazy.filter { indexedFields.contains($0.field) }.map(\.dot))
            }
            return dots(old) == dots(new) ? nil : RecordStorage.key(new.id)
        }
    }

    /// Writes a new article's row built from the values in hand (``row(rowid:of:state:highlights:)``)
    /// instead of read back from the view, which would decompress the content just written.
    /// Only its highlights (some may have arrived before it) are read from the view.
    static func add(_ db: Database, rowid: Int64, of article: Article, state: RecordState) throws {
        guard !article.isDeleted else { return }
        let highlights = try String.fetchOne(db.cachedStatement(sql: "SELECT highlights FROM article_search WHERE rowid = ?"), arguments: [rowid])
        guard let highlights, let row = row(rowid: rowid, of: article, state: state, highlights: highlights) else {
            return try add(db, article: RecordStorage.key(article.id))
        }
        try insert(db, row, removing: false)
    }

    /// Writes the article's row as the view shows it now, if it shows one.
    static func add(_ db: Database, article: String) throws {
        if let row = try viewRow(db, article: article) { try insert(db, row, removing: false) }
    }

    /// The row `article_search` shows for a live article: title, byline and site as its article
    /// row holds them (``Materializer/updateArticle(_:_:isNew:)``), text and note as the view's
    /// JSON operators read their registers. The view is the definition; a test holds this to it.
    /// Nil when the text or note is neither a string nor null (the view would convert it).
    static func row(rowid: Int64, of article: Article, state: RecordState, highlights: String) -> [DatabaseValue]? {
        func plain(_ value: JSONValue?) -> String? {
            switch value {
            case nil, .null?: ""
            case .string(let text)?: text
            default: nil
            }
        }
        guard let text = plain(state.value(of: Field.content)?.objectValue?["text"]), let note = plain(state.value(of: Field.note)) else { return nil }
        return [rowid.databaseValue, article.title.databaseValue, (article.content.byline ?? "").databaseValue, article.site.databaseValue,
                text.databaseValue, note.databaseValue, highlights.databaseValue]
    }

    /// FTS5's `automerge` setting: how many segments of one level it lets pile up before merging
    /// them a little at every write. 4 is FTS5's default.
    static let automerge = 4

    /// Pauses FTS5's merging of its index segments as it writes (`paused`), or resumes it.
    /// A pull of a whole library writes hundreds of segments and is followed by a merge of them
    /// all (``FolioDatabase/compactSearchIndex()``), so merging them along the way is work done
    /// twice: a pull pauses merging while pages follow and resumes it with its last page. Paused,
    /// FTS5 still merges a level once it holds 16 segments (`crisismerge`), so an interrupted pull
    /// leaves searches fast. The setting is stored in the index; only a change is written.
    static func pauseMerging(_ db: Database, _ paused: Bool) throws {
        let wanted = paused ? 0 : automerge
        let current = try Int.fetchOne(db.cachedStatement(sql: "SELECT v FROM article_fts_config WHERE k = 'automerge'")) ?? automerge
        guard current != wanted else { return }
        try db.execute(sql: "INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', ?)", arguments: [wanted])
    }

    /// The article's row of the view; nil when it shows none (no such article, or deleted).
    static func viewRow(_ db: Database, article: String) throws -> [DatabaseValue]? {
        let read = try db.cachedStatement(sql: """
            SELECT rowid, title, byline, site, text, note, highlights FROM article_search
            WHERE rowid = (SELECT rowid FROM article WHERE id = ?)
            """)
        return try Row.fetchOne(read, arguments: [article]).map { Array($0.databaseValues) }
    }

    /// Writes a row of the view to the index with a one-row INSERT ... VALUES. (An INSERT ...
    /// SELECT would open a statement savepoint, and FTS5 flushes its pending terms at every
    /// savepoint: one tiny index segment per article.)
    static func insert(_ db: Database, _ row: [DatabaseValue], removing: Bool) throws {
        let insert = removing
            ? "INSERT INTO article_fts (article_fts, rowid, title, byline, site, text, note, highlights) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)"
            : "INSERT INTO article_fts (rowid, title, byline, site, text, note, highlights) VALUES (?, ?, ?, ?, ?, ?, ?)"
        try db.cachedStatement(sql: insert).execute(arguments: StatementArguments(row))
    }
}
