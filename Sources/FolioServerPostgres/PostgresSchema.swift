import Logging
import PostgresNIO

/// The PostgreSQL store's schema: frozen migrations, applied in order and noted in
/// `folio_migration`. Never edit a shipped migration; add a new one.
///
/// It mirrors ``SQLiteSchema`` (same tables, columns and text forms), so `migrate` copies rows
/// as they are. Record ids and fields sort bytewise (`COLLATE "C"`), as SQLite's do: pull
/// cursors depend on that order.
enum PostgresSchema {
    static let migrations: [(name: String, statements: [String])] = [("v1", v1), ("v2", v2), ("v3", v3)]

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

    /// A user's space as rows (part, replica, number, text): 0 the account (replica, change
    /// number, epoch), 1 and 2 the knowledge and held vectors' entries, 3 the device names (in
    /// token order, so a device that logged in again is named by its newest token), 4 the newest
    /// conflict's number. `folio_lock_space` is a push's first statement: the lock, the device
    /// name and the space in one round trip. Its space is read by a statement of its own, so it
    /// sees what committed while the lock was awaited (a statement that waits for a row lock
    /// keeps the snapshot it started with).
    static let v2 = [
        """
        CREATE FUNCTION folio_space(p_user BIGINT) RETURNS TABLE (o_part INT, o_replica BIGINT, o_number BIGINT, o_text TEXT)
        LANGUAGE sql STABLE AS $$
            SELECT 0, replica, change_seq, epoch FROM account WHERE id = p_user
            UNION ALL SELECT 1, replica, counter, NULL FROM knowledge WHERE user_id = p_user
            UNION ALL SELECT 2, replica, counter, NULL FROM replica_seen WHERE user_id = p_user
            UNION ALL SELECT 3, replica, id, device FROM device_token WHERE user_id = p_user AND replica IS NOT NULL
            UNION ALL SELECT 4, 0, COALESCE(max(seq), 0), NULL FROM conflict WHERE user_id = p_user
            ORDER BY 1, 3
        $$
        """,
        """
        CREATE FUNCTION folio_lock_space(p_user BIGINT, p_replica BIGINT, p_token TEXT)
        RETURNS TABLE (o_part INT, o_replica BIGINT, o_number BIGINT, o_text TEXT)
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM 1 FROM account WHERE id = p_user FOR NO KEY UPDATE;
            IF p_token IS NOT NULL THEN
                UPDATE device_token SET replica = p_replica
                WHERE hash = p_token AND user_id = p_user AND replica IS DISTINCT FROM p_replica;
            END IF;
            RETURN QUERY SELECT * FROM folio_space(p_user);
        END
        $$
        """,
    ]

    /// The space with a device token confirmed in the same statement (``TokenCache``): v2's
    /// parts, and part 5, the token's row among the user's (its number 1 when revoked), absent
    /// for no such token. The v2 functions stay for processes of the previous version sharing
    /// the database.
    static let v3 = [
        """
        CREATE FUNCTION folio_space(p_user BIGINT, p_confirm TEXT) RETURNS TABLE (o_part INT, o_replica BIGINT, o_number BIGINT, o_text TEXT)
        LANGUAGE sql STABLE AS $$
            SELECT 0, replica, change_seq, epoch FROM account WHERE id = p_user
            UNION ALL SELECT 1, replica, counter, NULL FROM knowledge WHERE user_id = p_user
            UNION ALL SELECT 2, replica, counter, NULL FROM replica_seen WHERE user_id = p_user
            UNION ALL SELECT 3, replica, id, device FROM device_token WHERE user_id = p_user AND replica IS NOT NULL
            UNION ALL SELECT 4, 0, COALESCE(max(seq), 0), NULL FROM conflict WHERE user_id = p_user
            UNION ALL SELECT 5, 0, CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, NULL FROM device_token WHERE hash = p_confirm AND user_id = p_user
            ORDER BY 1, 3
        $$
        """,
        """
        CREATE FUNCTION folio_lock_space(p_user BIGINT, p_replica BIGINT, p_token TEXT, p_confirm TEXT)
        RETURNS TABLE (o_part INT, o_replica BIGINT, o_number BIGINT, o_text TEXT)
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM 1 FROM account WHERE id = p_user FOR NO KEY UPDATE;
            IF p_token IS NOT NULL THEN
                UPDATE device_token SET replica = p_replica
                WHERE hash = p_token AND user_id = p_user AND replica IS DISTINCT FROM p_replica;
            END IF;
            RETURN QUERY SELECT * FROM folio_space(p_user, p_confirm);
        END
        $$
        """,
    ]
}
