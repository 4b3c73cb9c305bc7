import Logging
import PostgresNIO

/// The PostgreSQL store's schema: frozen migrations, applied in order and noted in
/// `folio_migration`. Never edit a shipped migration; add a new one.
///
/// It mirrors ``SQLiteSchema`` (same tables, columns and text forms), so `migrate` copies rows
/// as they are. Record ids and fields sort bytewise (`COLLATE "C"`), as SQLite's do: pull
/// cursors depend on that order.
enum PostgresSchema {
    static let migrations: [(name: String, statements: [String])] = [("v1", v1)]

    /// Applies the missing migrations in one transaction; concurrent starters wait for each other.
    static func migrate(_ connection: PostgresConnection, logger: Logger) throws {
        try connection.execute("BEGIN", logger)
        do {
            try connection.execute("SELECT pg_advisory_xact_lock(7046730)", logger)
            try connection.execute("CREATE TABLE IF NOT EXISTS folio_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", logger)
            let applied = Set(try connection.rows("SELECT name FROM folio_migration", logger).map { try $0.decode(String.self) })
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements { try connection.execute(PostgresQuery(unsafeSQL: statement), logger) }
                try connection.execute("INSERT INTO folio_migration (name) VALUES (\(migration.name))", logger)
            }
            try connection.execute("COMMIT", logger)
        } catch {
            _ = try? connection.execute("ROLLBACK", logger)
            throw error
        }
    }

    static let v1 = [
        """
        CREATE TABLE account (
            id BIGSERIAL PRIMARY KEY,
            name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            replica BIGINT NOT NULL,
            epoch TEXT NOT NULL,
            change_seq BIGINT NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )
        """,
        // Names are ASCII (AccountRules): lower() matches SQLite's NOCASE.
        "CREATE UNIQUE INDEX account_name ON account (lower(name))",
        """
        CREATE TABLE device_token (
            id BIGSERIAL PRIMARY KEY,
            user_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            hash TEXT NOT NULL UNIQUE,
            device TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_used_at TEXT,
            revoked_at TEXT,
            replica BIGINT
        )
        """,
        "CREATE INDEX device_token_user ON device_token(user_id)",
        """
        CREATE TABLE knowledge (
            user_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            replica BIGINT NOT NULL,
            counter BIGINT NOT NULL,
            PRIMARY KEY (user_id, replica)
        )
        """,
        """
        CREATE TABLE replica_seen (
            user_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            replica BIGINT NOT NULL,
            counter BIGINT NOT NULL,
            PRIMARY KEY (user_id, replica)
        )
        """,
        """
        CREATE TABLE record (
            user_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            id TEXT COLLATE "C" NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('article', 'highlight')),
            vector TEXT NOT NULL,
            changed_seq BIGINT NOT NULL,
            PRIMARY KEY (user_id, id)
        )
        """,
        """
        CREATE TABLE register (
            user_id BIGINT NOT NULL,
            record_id TEXT COLLATE "C" NOT NULL,
            field TEXT COLLATE "C" NOT NULL,
            replica BIGINT NOT NULL,
            counter BIGINT NOT NULL,
            stamp BIGINT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (user_id, record_id, field, replica, counter),
            FOREIGN KEY (user_id, record_id) REFERENCES record(user_id, id) ON DELETE CASCADE
        )
        """,
        "CREATE INDEX register_dot ON register(user_id, replica, counter, record_id)",
        """
        CREATE TABLE conflict (
            seq BIGSERIAL PRIMARY KEY,
            user_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            record_id TEXT COLLATE "C" NOT NULL,
            field TEXT NOT NULL,
            kept TEXT NOT NULL,
            lost TEXT NOT NULL,
            lost_dot TEXT NOT NULL,
            logged_at TEXT NOT NULL,
            UNIQUE (user_id, record_id, field, lost_dot)
        )
        """,
        "CREATE INDEX conflict_user ON conflict(user_id, seq)",
    ]
}
