import GRDB

/// The embedded store's schema: frozen, plain-SQL migrations. Never edit a shipped migration; add a new one.
///
/// Every table but `account` leads with `user_id`, and every query names it: users are isolated.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: v3)
        }
        return migrator
    }

    static let v1 = """
        -- Users, each with one replica space: a random replica id, an epoch that is new whenever
        -- the space is created, and a change sequence bumped by every record change.
        CREATE TABLE account (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            replica INTEGER NOT NULL,
            epoch TEXT NOT NULL,
            change_seq INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        ) STRICT;

        -- Device tokens, stored only as the hex SHA-256 of the token.
        CREATE TABLE device_token (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            hash TEXT NOT NULL UNIQUE,
            device TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_used_at TEXT,
            revoked_at TEXT
        ) STRICT;
        CREATE INDEX device_token_user ON device_token(user_id);

        -- What the space knows: for each replica, every write up to counter (or its successor).
        CREATE TABLE knowledge (
            user_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            replica INTEGER NOT NULL,
            counter INTEGER NOT NULL,
            PRIMARY KEY (user_id, replica)
        ) STRICT, WITHOUT ROWID;

        -- The largest counter of any register stored per replica: which parts of the dot index a pull visits.
        CREATE TABLE replica_seen (
            user_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            replica INTEGER NOT NULL,
            counter INTEGER NOT NULL,
            PRIMARY KEY (user_id, replica)
        ) STRICT, WITHOUT ROWID;

        -- Records with their version vector (JSON object replica-hex -> counter) and the change
        -- sequence number of their last change.
        CREATE TABLE record (
            user_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('article', 'highlight')),
            vector TEXT NOT NULL,
            changed_seq INTEGER NOT NULL,
            PRIMARY KEY (user_id, id)
        ) STRICT, WITHOUT ROWID;

        -- Field registers: value (JSON), the dot that wrote it and its HLC stamp (packed).
        CREATE TABLE register (
            user_id INTEGER NOT NULL,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            replica INTEGER NOT NULL,
            counter INTEGER NOT NULL,
            stamp INTEGER NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (user_id, record_id, field, replica, counter),
            FOREIGN KEY (user_id, record_id) REFERENCES record(user_id, id) ON DELETE CASCADE
        ) STRICT, WITHOUT ROWID;
        -- The dot index: pulls find deltas through it, never by scanning.
        CREATE INDEX register_dot ON register(user_id, replica, counter, record_id);

        -- Values that lost to concurrent writes during pushes, reported to devices on pull.
        CREATE TABLE conflict (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            kept TEXT NOT NULL,
            lost TEXT NOT NULL,
            lost_dot TEXT NOT NULL,
            logged_at TEXT NOT NULL,
            UNIQUE (user_id, record_id, field, lost_dot)
        ) STRICT;
        """

    /// Device names for replica ids: the replica each token's device pushes as (null until it
    /// pushes), so the space can name its replicas after the devices (SPEC §5.3).
    static let v2 = """
        ALTER TABLE device_token ADD COLUMN replica INTEGER;
        """

    /// Registers move to a rowid table. In a WITHOUT ROWID table every search of the key compares
    /// whole rows, and SQLite reads a row that spills onto overflow pages (an article's content) in
    /// full to compare it: a record's registers were found by copying the content of its neighbours.
    /// The key becomes a unique index of small entries; the rows stay where they are found by rowid.
    static let v3 = """
        CREATE TABLE register_v3 (
            user_id INTEGER NOT NULL,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            replica INTEGER NOT NULL,
            counter INTEGER NOT NULL,
            stamp INTEGER NOT NULL,
            value TEXT NOT NULL,
            UNIQUE (user_id, record_id, field, replica, counter),
            FOREIGN KEY (user_id, record_id) REFERENCES record(user_id, id) ON DELETE CASCADE
        ) STRICT;
        INSERT INTO register_v3 (user_id, record_id, field, replica, counter, stamp, value)
            SELECT user_id, record_id, field, replica, counter, stamp, value FROM register;
        DROP TABLE register;
        ALTER TABLE register_v3 RENAME TO register;
        CREATE INDEX register_dot ON register(user_id, replica, counter, record_id);
        """
}
