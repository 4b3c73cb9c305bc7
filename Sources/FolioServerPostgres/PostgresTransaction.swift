import FolioModel
import FolioServer
import Foundation
import Logging
import PostgresNIO

/// The sync statements on one PostgreSQL connection, each waited for on the calling thread (one
/// of ``PostgresConnections``'s). Where SQLite runs a statement per register, this one sends
/// arrays, to save round trips.
///
/// A write is one transaction (``PostgresSyncStore/write(user:_:)``) whose first statement locks
/// the user's account row. Statements whose answer it does not read are sent without waiting
/// (``send(_:)``): the connection runs them in order, and the next statement that is waited for,
/// or the commit, waits for them too and reports their errors. Record writes, the space's change
/// number and its vector raises are held back and sent as one statement before the next read or
/// the commit (``sendHeldWrites()``). Once read under the lock, the space is kept and updated by
/// the write's own statements, so the later writes of a group do not read it again
/// (``State/heldSpace``).
/// A read runs each statement alone, as SQLite's store does: only ``snapshot(_:)`` opens a
/// transaction (REPEATABLE READ), so the one-statement reads (a pull with nothing new) pay no
/// BEGIN and COMMIT.
public struct PostgresTransaction: SyncTransaction {
    let connection: PostgresConnection
    let statements: PreparedStatements
    let logger: Logger
    let state: State

    /// What the transaction sent without waiting, and the space writes it holds back.
    final class State {
        /// Inside BEGIN … COMMIT: a write, or a read's snapshot.
        var open: Bool
        /// The user whose account row a write holds once its first statement ran; nil in a read.
        let writer: Int64?
        /// The user whose account row a write's first statement locks; nil once locked (or in a read).
        var lock: Int64?
        /// A device name (``nameReplica(_:tokenHash:user:)``) the lock takes along.
        var name: (replica: ReplicaID, tokenHash: String)?
        /// The device token (hash) the reads of the space confirm, if any: set per write of a group.
        var confirm: String? {
            didSet {
                confirmed = nil
                renamed = nil
            }
        }
        /// The writer's space as this write holds it: read under the lock, then changed only by the
        /// write's own statements (``setChangeSeq(_:user:)``, ``raise(_:user:replica:to:)``,
        /// ``log(_:user:now:keep:)``), since every other writer of a space waits for its lock. A
        /// later write of a group starts from it instead of reading the space again.
        var heldSpace: (space: UserSpace, changeSeq: Int64)?
        /// The current write's token as its outlines confirmed it (``outlines(user:ids:fields:)``):
        /// nil when they did not, else the revoked flag of its row (nil for no such row).
        var confirmed: Bool??
        /// The answer of the current write's device naming, sent while the space is held: a row
        /// when a name changed, so the space must be read again.
        var renamed: EventLoopFuture<[PreparedRow]>?
        /// The lock's answer (the space) while ``space(user:)`` has not taken it: the lock was
        /// sent ahead of another statement, which then ran under it.
        var lockAnswer: EventLoopFuture<[PreparedRow]>?
        var sent: [EventLoopFuture<[PreparedRow]>] = []
        /// Record writes held back: each one plain INSERT, UPDATE or DELETE, none touching another's rows.
        var held: [PreparedStatement] = []
        var changeSeq: (user: Int64, seq: Int64)?
        var raises: [(vector: SpaceVector, user: Int64, replica: ReplicaID, counter: UInt64)] = []

        init(writer: Int64?) {
            open = writer != nil
            self.writer = writer
            lock = writer
        }
    }

    /// A read's statements, or with `lock`, a write's, which locks that user's account row first.
    /// Every read of the space confirms `token`, if given.
    init(_ pooled: PostgresConnections.Pooled, logger: Logger, lock user: UserID? = nil, confirming token: String? = nil) {
        connection = pooled.connection
        statements = pooled.statements
        self.logger = logger
        state = State(writer: user?.rawValue)
        state.confirm = token
    }

    /// Runs `body`'s statements in one REPEATABLE READ snapshot (a write is one transaction already).
    public func snapshot<T>(_ body: () throws -> T) throws -> T {
        if state.open { return try body() }
        state.open = true
        defer { state.open = false }
        sendControl("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        do {
            let result = try body()
            sendControl("COMMIT")
            try settle()
            return result
        } catch {
            abandon()
            throw error
        }
    }

    /// Runs one statement and waits for its rows, after the held writes and everything sent before it.
    func rows(_ statement: PreparedStatement) throws -> [PreparedRow] {
        try sendHeldWrites()
        try run(statement)
        return try settle()
    }

    /// Sends one statement without waiting for it.
    func send(_ statement: PreparedStatement) throws {
        try run(statement)
    }

    /// Sends `statement`, after the write's lock if not taken yet.
    private func run(_ statement: PreparedStatement) throws {
        if let user = state.lock {
            let answer = try statements.run(lock(user), on: connection)
            state.sent.append(answer)
            state.lockAnswer = answer
        }
        state.sent.append(try statements.run(statement, on: connection))
    }

    /// The write's first statement (`folio_lock_space`, PostgresSchema v3): locks the user's
    /// account row, notes the device name if one waits, then reads the space and confirms the token.
    private func lock(_ user: Int64) -> PreparedStatement {
        defer {
            state.lock = nil
            state.name = nil
        }
        return "SELECT * FROM folio_lock_space(\(user), \(state.name.map { StoredValue.replica($0.replica) }), \(state.name?.tokenHash), \(state.confirm))"
    }

    /// Sends a transaction control statement (BEGIN, COMMIT) without waiting for it.
    func sendControl(_ query: PostgresQuery) {
        state.sent.append(connection.query(query, logger: logger).map { _ in [] })
    }

    /// Sends the held writes, then waits for everything sent; throws the first error, else
    /// returns the last statement's rows. One wait for all: each wait is a hop to the event
    /// loop and back.
    @discardableResult
    func settle() throws -> [PreparedRow] {
        try sendHeldWrites()
        let sent = state.sent
        state.sent = []
        guard !sent.isEmpty else { return [] }
        let answers = try EventLoopFuture.whenAllComplete(sent, on: connection.eventLoop).wait()
        return try answers.map { try $0.get() }.last ?? []
    }

    /// After an error: waits for what was sent (ignoring its errors) and rolls back.
    func abandon() {
        state.held = []
        state.changeSeq = nil
        state.raises = []
        _ = try? settle()
        _ = try? connection.execute("ROLLBACK", logger)
    }

    /// The record writes, change number and vector raises held back, as one statement: the
    /// parts touch different tables, or different rows of one (``save(user:old:new:changedSeq:)``).
    func sendHeldWrites() throws {
        var parts = state.held
        if let (user, seq) = state.changeSeq {
            parts.append("UPDATE account SET change_seq = \(seq) WHERE id = \(user)")
        }
        for (vector, table) in [(SpaceVector.holds, "replica_seen"), (.knowledge, "knowledge")] {
            // One row per replica (an upsert may not touch a row twice), at its highest counter.
            var highest: [Int64: [Int64: Int64]] = [:]
            for raise in state.raises where raise.vector == vector {
                let replica = StoredValue.replica(raise.replica)
                highest[raise.user, default: [:]][replica] = max(highest[raise.user]?[replica] ?? 0, Int64(raise.counter))
            }
            for (user, counters) in highest {
                let entries = counters.sorted { $0.key < $1.key }
                parts.append(PreparedStatement(sql: """
                    INSERT INTO \(table) AS v (user_id, replica, counter) SELECT $1::int8, * FROM unnest($2::int8[], $3::int8[])
                    ON CONFLICT (user_id, replica) DO UPDATE SET counter = greatest(v.counter, excluded.counter)
                    """, binds: [PostgresData(int64: user), PostgresData(array: entries.map { PostgresData(int64: $0.key) }, elementType: .int8),
                                 PostgresData(array: entries.map { PostgresData(int64: $0.value) }, elementType: .int8)]))
            }
        }
        guard !parts.isEmpty else { return }
        // A changed space is announced with NOTIFY, sent on commit to every process listening
        // (PostgresSyncStore.followChanges).
        let result: PreparedStatement = state.changeSeq.map { "SELECT pg_notify(\(PostgresSyncStore.changeChannel), \(String($0.user)))" } ?? "SELECT 1"
        state.held = []
        state.changeSeq = nil
        state.raises = []
        try send(.combining(parts, then: result))
    }

    public func space(user: UserID) throws -> (space: UserSpace, changeSeq: Int64) {
        if user.rawValue == state.writer, let held = try heldSpace() { return held }
        // In a write, the lock reads the space (after the lock: a fresh snapshot), whether it is
        // sent now or went ahead of an earlier statement.
        let rows: [PreparedRow]
        if let answer = state.lockAnswer {
            state.lockAnswer = nil
            try settle()
            rows = try answer.wait()
        } else {
            rows = try self.rows(state.lock.map(lock) ?? "SELECT * FROM folio_space(\(user.rawValue), \(state.confirm))")
        }
        var account: (replica: ReplicaID, changeSeq: Int64, epoch: String)?
        var knowledge = VersionVector(), holds = VersionVector(), devices: [ReplicaID: String] = [:]
        var lastConflict: Int64 = 0
        var tokenRevoked: Bool?
        for row in rows {
            let (part, replicaValue, number, text) = try row.decode((Int, Int64, Int64, String?).self)
            let replica = StoredValue.replicaID(replicaValue)
            switch part {
            case 0: account = (replica, number, text ?? "")
            case 1: knowledge[replica] = UInt64(number)
            case 2: holds[replica] = UInt64(number)
            case 3: devices[replica] = text ?? ""
            case 4: lastConflict = number
            default: tokenRevoked = number != 0
            }
        }
        guard let account else { throw ServerError.unknownToken }
        try TokenCache.confirm(state.confirm, revoked: tokenRevoked)
        let space = (space: UserSpace(epoch: account.epoch, replica: account.replica, knowledge: knowledge, holds: holds, devices: devices,
                                      lastConflictSeq: Int(lastConflict)), changeSeq: account.changeSeq)
        if user.rawValue == state.writer { state.heldSpace = space }
        return space
    }

    /// The space this write holds (``State/heldSpace``), when no device name changed and the
    /// write's token was confirmed along its outlines; nil when the space must be read.
    private func heldSpace() throws -> (space: UserSpace, changeSeq: Int64)? {
        guard let held = state.heldSpace else { return nil }
        if let renamed = state.renamed {
            state.renamed = nil
            try settle()
            if try !renamed.wait().isEmpty {
                state.heldSpace = nil
                return nil
            }
        }
        guard state.confirm == nil || state.confirmed != nil else { return nil }
        try TokenCache.confirm(state.confirm, revoked: state.confirmed ?? nil)
        return held
    }

    /// Rides on the write's lock when that is not taken yet (as in a push). Otherwise, when the
    /// write holds the space, a name that changed makes it read the space again.
    public func nameReplica(_ replica: ReplicaID, tokenHash: String, user: UserID) throws {
        guard state.lock == nil else {
            state.name = (replica, tokenHash)
            return
        }
        let value = StoredValue.replica(replica)
        let answer = try statements.run("""
            UPDATE device_token SET replica = \(value) WHERE hash = \(tokenHash) AND user_id = \(user.rawValue) AND replica IS DISTINCT FROM \(value)
            RETURNING 1
            """, on: connection)
        state.sent.append(answer)
        if state.heldSpace != nil { state.renamed = answer }
    }

    /// Only the registers of `fields`, if given: each register is a row to send and decode. When
    /// the write holds the space, they confirm its token too (a row with no record key), so that
    /// it need not read the space again.
    public func outlines(user: UserID, ids: [UUID], fields: Set<String>?) throws -> [UUID: RecordOutline] {
        guard !ids.isEmpty else { return [:] }
        let keys = ids.map { StoredValue.key($0) }
        var narrowing: PreparedStatement = ""
        if let fields { narrowing = " AND g.field = ANY(\(fields.sorted()))" }
        let confirming = state.heldSpace == nil || user.rawValue != state.writer ? nil : state.confirm
        var tokenRow: PreparedStatement = ""
        if let confirming {
            tokenRow = """
                UNION ALL SELECT '', '', '', CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, NULL, NULL, NULL, NULL, NULL
                FROM device_token WHERE hash = \(confirming) AND user_id = \(user.rawValue)
                """
        }
        let statement: PreparedStatement = """
            SELECT \(trusted: Self.outlineColumns)\(narrowing)
            WHERE r.user_id = \(user.rawValue) AND r.id = ANY(\(keys))
            \(tokenRow)
            """
        var revoked: Bool?
        var outlineRows: [OutlineRow] = []
        for row in try rows(statement) {
            let columns = try row.decode((String, String, String, Int64, String?, Int64?, Int64?, Int64?, String?).self)
            if columns.0.isEmpty {
                revoked = columns.3 != 0
            } else {
                outlineRows.append(Self.outlineRow(columns))
            }
        }
        if confirming != nil { state.confirmed = .some(revoked) }
        return try RecordOutline.assemble(outlineRows)
    }

    /// The columns and tables of an outline's rows: a record joined with its registers, the join's
    /// condition last so that a caller may narrow it. Values of up to
    /// ``RecordOutline/inlineValueBytes`` come along (their size is known without reading a large
    /// value), so a record of small values needs no further read.
    static let outlineColumns = """
        r.id, r.kind, r.vector, r.changed_seq, g.field, g.replica, g.counter, g.stamp,
        CASE WHEN octet_length(g.value) <= \(RecordOutline.inlineValueBytes) THEN g.value END
        FROM record r LEFT JOIN register g ON g.user_id = r.user_id AND g.record_id = r.id
        """

    /// An outline's row from the columns of ``outlineColumns``.
    private static func outlineRow(_ columns: (String, String, String, Int64, String?, Int64?, Int64?, Int64?, String?)) -> OutlineRow {
        let (key, kind, vector, changedSeq, field, replica, counter, stamp, value) = columns
        var register: (field: String, dot: Dot, stored: StoredRegister?)?
        if let field, let replica, let counter, let stamp {
            register = (field, Dot(replica: StoredValue.replicaID(replica), counter: UInt64(counter)), value.map { StoredRegister(stamp: stamp, value: $0) })
        }
        return OutlineRow(key: key, kind: kind, vector: vector, changedSeq: changedSeq, register: register)
    }

    public func values(user: UserID, id: UUID, of registers: [Register]) throws -> [Register: StoredRegister] {
        let rows = try rows("""
            SELECT field, replica, counter, stamp, value FROM register
            WHERE user_id = \(user.rawValue) AND record_id = \(StoredValue.key(id)) AND field = ANY(\(Array(Set(registers.map(\.field)))))
            """)
        var values: [Register: StoredRegister] = [:]
        for row in rows {
            let (field, replica, counter, stamp, value) = try row.decode((String, Int64, Int64, Int64, String).self)
            values[Register(field: field, value: .null, dot: Dot(replica: StoredValue.replicaID(replica), counter: UInt64(counter)), stamp: .zero)]
                = StoredRegister(stamp: stamp, value: value)
        }
        return values
    }

    /// Held back until the next statement that is waited for, or the commit.
    public func save(user: UserID, old: RecordState?, new: RecordState, changedSeq: Int64) throws {
        let id = StoredValue.key(new.id), userID = user.rawValue, vector = new.vector.json
        let before = Set(old?.registers ?? [])
        let after = Set(new.registers)
        let added = Array(after.subtracting(before))
        // A register rewritten in place (same field and dot) is left to the insert's upsert: one
        // statement may not both delete and upsert a row.
        let rewritten = Set(added.map { [$0.field, $0.dot.description] })
        let gone = before.subtracting(after).filter { !rewritten.contains([$0.field, $0.dot.description]) }
        if old == nil {
            state.held.append("""
                INSERT INTO record (user_id, id, kind, vector, changed_seq) VALUES (\(userID), \(id), \(new.kind.rawValue), \(vector), \(changedSeq))
                """)
        } else {
            state.held.append("UPDATE record SET vector = \(vector), changed_seq = \(changedSeq) WHERE user_id = \(userID) AND id = \(id)")
        }
        if !gone.isEmpty {
            state.held.append("""
                DELETE FROM register WHERE user_id = \(userID) AND record_id = \(id)
                AND (field, replica, counter) IN (SELECT * FROM unnest(\(gone.map(\.field))::text[], \(gone.map { StoredValue.replica($0.dot.replica) })::int8[], \(gone.map { Int64($0.dot.counter) })::int8[]))
                """)
        }
        if !added.isEmpty {
            state.held.append("""
                INSERT INTO register (user_id, record_id, field, replica, counter, stamp, value)
                SELECT \(userID)::int8, \(id)::text, * FROM unnest(\(added.map(\.field))::text[], \(added.map { StoredValue.replica($0.dot.replica) })::int8[],
                    \(added.map { Int64($0.dot.counter) })::int8[], \(added.map(\.stamp.packed))::int8[], \(added.map(\.value.canonicalJSON))::text[])
                ON CONFLICT (user_id, record_id, field, replica, counter) DO UPDATE SET stamp = excluded.stamp, value = excluded.value
                """)
        }
    }

    /// Held back until the next statement that is waited for, or the commit.
    public func setChangeSeq(_ seq: Int64, user: UserID) throws {
        state.changeSeq = (user.rawValue, seq)
        if user.rawValue == state.writer { state.heldSpace?.changeSeq = seq }
    }

    /// Held back until the next statement that is waited for, or the commit.
    public func raise(_ vector: SpaceVector, user: UserID, replica: ReplicaID, to counter: UInt64) throws {
        state.raises.append((vector, user.rawValue, replica, counter))
        guard user.rawValue == state.writer, var held = state.heldSpace else { return }
        switch vector {
        case .holds: held.space.holds[replica] = max(held.space.holds[replica], counter)
        case .knowledge: held.space.knowledge[replica] = max(held.space.knowledge[replica], counter)
        }
        state.heldSpace = held
    }

    /// Waits for its last statement (the trim), which reads the newest entry's number.
    public func log(_ conflicts: [Conflict], user: UserID, now: Date, keep: Int) throws -> Int {
        let userID = user.rawValue, loggedAt = JSONCoding.formatDate(now)
        for conflict in conflicts {
            let entry = try ConflictLogEntry(conflict)
            try send("""
                INSERT INTO conflict (user_id, record_id, field, kept, lost, lost_dot, logged_at)
                VALUES (\(userID), \(StoredValue.key(conflict.recordID)), \(conflict.field), \(entry.kept), \(entry.lost), \(conflict.lost.dot.description), \(loggedAt))
                ON CONFLICT DO NOTHING
                """)
        }
        // The trim leaves the newest entry (keep >= 1), so max(seq) is the same before and after it.
        let rows = try rows("""
            WITH trimmed AS (
                DELETE FROM conflict WHERE user_id = \(userID)
                AND seq <= (SELECT seq FROM conflict WHERE user_id = \(userID) ORDER BY seq DESC LIMIT 1 OFFSET \(keep))
            )
            SELECT COALESCE(max(seq), 0)::int8 FROM conflict WHERE user_id = \(userID)
            """)
        let newest: Int64 = try rows.first?.decode(Int64.self) ?? 0
        if userID == state.writer { state.heldSpace?.space.lastConflictSeq = Int(newest) }
        return Int(newest)
    }

    public func conflicts(user: UserID, after seq: Int, limit: Int) throws -> ([Conflict], Int) {
        var last = seq
        let conflicts = try rows("""
            SELECT seq, record_id, field, kept, lost FROM conflict WHERE user_id = \(user.rawValue) AND seq > \(seq) ORDER BY seq LIMIT \(limit)
            """
        ).map { row in
            let (seq, recordID, field, kept, lost) = try row.decode((Int, String, String, String, String).self)
            last = seq
            return try ConflictLogEntry.conflict(seq: seq, recordID: recordID, field: field, kept: kept, lost: lost)
        }
        return (conflicts, last)
    }

    /// One statement: up to `limit` entries of each start's replica, of which the first `limit` in
    /// order are kept, then the outlines of the records they name. An outline carries only the
    /// fields with a register `knowledge` does not cover (every register of such a field): what a
    /// page sends and decides by is among them (``RecordState/delta(notCoveredBy:)``), and the rows
    /// of the rest would be read, sent and decoded for nothing. The records are looked up by key
    /// (`= ANY(ARRAY(…))`): as `IN (SELECT …)`, the generic plan joined a scan of every record.
    public func scan(user: UserID, after starts: [DotPosition], limit: Int, outlinedAlready outlined: Set<UUID>, knowledge: VersionVector) throws -> ScanBatch {
        // "~" sorts after every record key (bytewise): nil starts after the whole counter.
        let known = knowledge.entries.map { (key: StoredValue.replica($0.key), value: Int64($0.value)) }
        let rows = try rows("""
            WITH k AS (
                SELECT * FROM unnest(\(known.map(\.key))::int8[], \(known.map(\.value))::int8[]) AS k(replica, counter)
            ), d AS (
                SELECT s.i, d.counter, d.record_id
                FROM unnest(\(starts.map { StoredValue.replica($0.replica) })::int8[], \(starts.map { Int64($0.counter) })::int8[],
                            \(starts.map { $0.record.map { StoredValue.key($0) } ?? "~" })::text[]) WITH ORDINALITY AS s(replica, counter, record_id, i)
                CROSS JOIN LATERAL (
                    SELECT DISTINCT counter, record_id FROM register
                    WHERE user_id = \(user.rawValue) AND replica = s.replica AND (counter, record_id) > (s.counter, s.record_id)
                    ORDER BY counter, record_id LIMIT \(limit)
                ) d
                ORDER BY s.i, d.counter, d.record_id LIMIT \(limit)
            )
            SELECT i, counter, record_id, NULL, NULL, NULL::int8, NULL, NULL::int8, NULL::int8, NULL::int8, NULL FROM d
            UNION ALL
            SELECT NULL, NULL, r.id, r.kind, r.vector, r.changed_seq, g.field, g.replica, g.counter, g.stamp, g.value
            FROM record r LEFT JOIN LATERAL (
                SELECT * FROM (
                    SELECT g.field, g.replica, g.counter, g.stamp,
                           CASE WHEN octet_length(g.value) <= \(trusted: String(RecordOutline.inlineValueBytes)) THEN g.value END AS value,
                           bool_or(g.counter > COALESCE(k.counter, 0)) OVER (PARTITION BY g.field) AS unseen
                    FROM register g LEFT JOIN k ON k.replica = g.replica
                    WHERE g.user_id = r.user_id AND g.record_id = r.id
                ) f WHERE f.unseen
            ) g ON true
            WHERE r.user_id = \(user.rawValue) AND r.id = ANY(ARRAY(SELECT record_id FROM d)) AND r.id <> ALL(\(outlined.map { StoredValue.key($0) }))
            ORDER BY 1, 2, 3
            """)
        var batch = ScanBatch(dots: [], outlines: [:])
        var outlineRows: [OutlineRow] = []
        for row in rows {
            let (index, counter, key, kind, vector, changedSeq, field, replica, registerCounter, stamp, value)
                = try row.decode((Int64?, Int64?, String, String?, String?, Int64?, String?, Int64?, Int64?, Int64?, String?).self)
            if let index, let counter {
                batch.dots.append(DotPosition(replica: starts[Int(index) - 1].replica, counter: UInt64(counter), record: try StoredValue.recordID(key)))
            } else if let kind, let vector, let changedSeq {
                outlineRows.append(Self.outlineRow((key, kind, vector, changedSeq, field, replica, registerCounter, stamp, value)))
            }
        }
        batch.outlines = try RecordOutline.assemble(outlineRows)
        return batch
    }
}
