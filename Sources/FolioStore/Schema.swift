import FolioModel
import GRDB

/// The device database schema: frozen, plain-SQL migrations. Never edit a shipped migration; add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2") { db in
            db.add(function: compressForV2)
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6") { db in
            try db.execute(sql: v6)
        }
        return migrator
    }

    static let v1 = """
        -- This replica: its id, its write counter and its hybrid logical clock (packed).
        CREATE TABLE replica (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            id INTEGER NOT NULL,
            counter INTEGER NOT NULL,
            clock INTEGER NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT;

        -- What this replica knows: for each replica, every write up to counter (or its successor).
        CREATE TABLE knowledge (
            replica INTEGER PRIMARY KEY,
            counter INTEGER NOT NULL
        ) STRICT;

        -- Synced records and their version vectors (JSON object replica-hex -> counter).
        CREATE TABLE record (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('article', 'highlight')),
            vector TEXT NOT NULL
        ) STRICT;

        -- Field registers: value (JSON), the dot that wrote it and its HLC stamp.
        CREATE TABLE register (
            record_id TEXT NOT NULL REFERENCES record(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            replica INTEGER NOT NULL,
            counter INTEGER NOT NULL,
            stamp INTEGER NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (record_id, field, replica, counter)
        ) STRICT, WITHOUT ROWID;
        -- The dot index: deltas are found through it, never by scanning.
        CREATE INDEX register_dot ON register(replica, counter);

        -- Materialised view of article records, for listing and filters.
        CREATE TABLE article (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE REFERENCES record(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            title TEXT NOT NULL,
            site TEXT NOT NULL,
            saved_at REAL NOT NULL,
            progress REAL NOT NULL,
            read_at REAL,
            archived INTEGER NOT NULL,
            favorite INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            word_count INTEGER NOT NULL,
            status TEXT NOT NULL,
            tags TEXT NOT NULL
        ) STRICT;
        CREATE INDEX article_saved ON article(deleted, saved_at);
        CREATE INDEX article_site ON article(site COLLATE NOCASE);

        CREATE TABLE article_tag (
            article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (tag, article_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX article_tag_article ON article_tag(article_id);

        -- Materialised view of highlight records.
        CREATE TABLE highlight (
            id TEXT PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL,
            quote TEXT NOT NULL,
            note TEXT NOT NULL,
            position REAL NOT NULL,
            created_at REAL NOT NULL,
            deleted INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX highlight_article ON highlight(article_id);

        -- Full-text index, one row per live article (rowid = article.rowid).
        CREATE VIRTUAL TABLE article_fts USING fts5(
            title, byline, site, text, note, highlights,
            tokenize = 'unicode61 remove_diacritics 2'
        );

        -- Values that lost to a concurrent write, newest last; bounded (see FolioDatabase.conflictLogLimit).
        CREATE TABLE conflict (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            kept TEXT NOT NULL,
            lost TEXT NOT NULL,
            lost_dot TEXT NOT NULL,
            logged_at REAL NOT NULL,
            UNIQUE (record_id, field, lost_dot)
        ) STRICT;

        -- Per-peer sync state: the peer's knowledge, epoch and an in-progress pull's resume cursor.
        CREATE TABLE peer (
            name TEXT PRIMARY KEY,
            epoch TEXT,
            knowledge TEXT NOT NULL,
            cursor TEXT,
            pending_knowledge TEXT,
            conflict_seq INTEGER NOT NULL DEFAULT 0,
            last_sync REAL
        ) STRICT;
        """

    /// `folio_compress(json)`: the v2 stored form of a v1 value (see ``StoredValue``).
    static let compressForV2 = DatabaseFunction("folio_compress", argumentCount: 1, pure: true) { values in
        try StoredValue.encode(JSONValue(json: String.fromDatabaseValue(values[0]) ?? "null"))
    }

    /// Smaller files. Large register values (article content) are stored compressed; records
    /// get an integer key, so registers and their indexes refer to them in a few bytes instead
    /// of a 36-character id; registers live in a rowid table, whose pages hold rows of a few KiB
    /// (WITHOUT ROWID would spill them to overflow pages); the full-text index keeps no copy of
    /// the text and reads it through the `article_search` view.
    static let v2 = """
        CREATE TABLE record_v2 (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('article', 'highlight')),
            vector TEXT NOT NULL
        ) STRICT;
        INSERT INTO record_v2 (id, kind, vector) SELECT id, kind, vector FROM record;

        CREATE TABLE register_v2 (
            record INTEGER NOT NULL REFERENCES record_v2(rowid) ON DELETE CASCADE,
            field TEXT NOT NULL,
            replica INTEGER NOT NULL,
            counter INTEGER NOT NULL,
            stamp INTEGER NOT NULL,
            -- Canonical JSON text, or from 1 KiB up that text compressed with zstd into a blob.
            value ANY NOT NULL
        ) STRICT;
        INSERT INTO register_v2 (record, field, replica, counter, stamp, value)
        SELECT r.rowid, g.field, g.replica, g.counter, g.stamp, folio_compress(g.value)
        FROM register g JOIN record_v2 r ON r.id = g.record_id;

        DROP TABLE register;
        DROP TABLE record;
        ALTER TABLE record_v2 RENAME TO record;
        ALTER TABLE register_v2 RENAME TO register;
        -- A record's registers (RecordStorage keeps one row per field and dot).
        CREATE INDEX register_record ON register(record);
        -- The dot index: deltas are found through it, never by scanning.
        CREATE INDEX register_dot ON register(replica, counter);

        -- Tags refer to the article's row number, so a tag filter is a set of integers.
        CREATE TABLE article_tag_v2 (
            article INTEGER NOT NULL REFERENCES article(rowid) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (tag, article)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO article_tag_v2 (article, tag) SELECT a.rowid, t.tag FROM article_tag t JOIN article a ON a.id = t.article_id;
        DROP TABLE article_tag;
        ALTER TABLE article_tag_v2 RENAME TO article_tag;
        CREATE INDEX article_tag_article ON article_tag(article);

        -- The byline is materialised too, so the search view expands the content only once.
        ALTER TABLE article ADD COLUMN byline TEXT NOT NULL DEFAULT '';
        UPDATE article SET byline = coalesce((
            SELECT folio_json(g.value) ->> '$.byline' FROM register g JOIN record r ON r.rowid = g.record
            WHERE r.id = article.id AND g.field = 'content'), '');

        -- What the full-text index holds for each live article, read from the materialised
        -- tables and the content and note registers (folio_json expands stored values).
        CREATE VIEW article_search (rowid, title, byline, site, text, note, highlights) AS
        SELECT a.rowid, a.title, a.byline, a.site,
               coalesce(folio_json(content.value) ->> '$.text', ''),
               coalesce((SELECT folio_json(value) ->> '$' FROM register WHERE record = r.rowid AND field = 'note'), ''),
               coalesce((SELECT group_concat(quote || ' ' || note, char(10)) FROM highlight WHERE article_id = a.id AND deleted = 0), '')
        FROM article a
        JOIN record r ON r.id = a.id
        LEFT JOIN register content ON content.record = r.rowid AND content.field = 'content'
        WHERE a.deleted = 0;

        DROP TABLE article_fts;
        CREATE VIRTUAL TABLE article_fts USING fts5(
            title, byline, site, text, note, highlights,
            content = 'article_search', content_rowid = 'rowid',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO article_fts (article_fts) VALUES ('rebuild');
        INSERT INTO article_fts (article_fts) VALUES ('optimize');
        """

    /// The trash (`trashedAt`) and addresses. The article's trash date is materialised for the
    /// state filters, filled in from registers a newer replica may already have sent (a field
    /// unknown to the older version is stored and forwarded all the same); addresses get an
    /// index, so saving an address finds the article edited to hold it.
    static let v3 = """
        ALTER TABLE article ADD COLUMN trashed_at REAL;
        UPDATE article SET trashed_at = (
            SELECT (julianday(folio_json(g.value) ->> '$') - 2440587.5) * 86400.0 FROM register g JOIN record r ON r.rowid = g.record
            WHERE r.id = article.id AND g.field = 'trashedAt')
        WHERE id IN (SELECT r.id FROM register g JOIN record r ON r.rowid = g.record WHERE g.field = 'trashedAt');
        CREATE INDEX article_url ON article(url);
        """

    /// The device name of each replica, as a sync server reports them (SPEC §5.3), so
    /// `folio conflicts` names devices instead of showing replica ids.
    static let v4 = """
        CREATE TABLE replica_name (
            replica INTEGER PRIMARY KEY,
            name TEXT NOT NULL
        ) STRICT;
        """

    /// The trash found without a scan: a search drops trashed articles from its matches by row
    /// number (``FolioDatabase/search(_:limit:)``) instead of joining every match to its row.
    static let v5 = """
        CREATE INDEX article_trashed ON article(trashed_at) WHERE trashed_at IS NOT NULL;
        """

    /// The trash a search drops holds live articles only: an emptied trash leaves tombstones
    /// that keep their `trashed_at`, and counting them would make every search fall back to the
    /// join once a few thousand articles had been deleted that way.
    static let v6 = """
        DROP INDEX article_trashed;
        CREATE INDEX article_in_trash ON article(trashed_at) WHERE trashed_at IS NOT NULL AND deleted = 0;
        """
}
