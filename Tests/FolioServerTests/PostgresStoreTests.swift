import FolioModel
@testable import FolioServer
@testable import FolioServerPostgres
import Foundation
import PostgresTestSupport
import Synchronization
import Testing

/// What only the PostgreSQL store has to get right: several stores (as several server
/// processes) on one database, and plain errors for bad URLs and unreachable servers.
@Suite(.enabled(if: PostgresCluster.isAvailable, Comment(rawValue: PostgresCluster.skipReason)))
struct PostgresStoreTests {
    static let limits = ServerLimits()

    /// Two stores with their own connections push for one user at once, from eight devices:
    /// every write is kept, and the space's knowledge and holds end at each device's last push.
    @Test func concurrentPushesFromTwoStoresLoseNothing() async throws {
        try await withStores(2, connections: 4) { stores, _ in
            let (first, second) = (stores[0], stores[1])
            let user = try await first.createUser(name: "alice", passwordHash: "x", now: Date()).id
            let devices = (1...8).map { ReplicaID(rawValue: 0x1000 + UInt64($0)) }
            let pushes = 12
            let ids = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for (index, device) in devices.enumerated() {
                    let store = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        var ids: [UUID] = []
                        for counter in 1...UInt64(pushes) {
                            var record = RecordState(id: UUID(), kind: .article)
                            record.write([(Field.url, .string("https://example.com/\(device.hex)/\(counter)")), (Field.title, .string("T"))],
                                         dot: Dot(replica: device, counter: counter), stamp: HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 1_000))
                            let outcome = try await store.push(user: user, PushBatch(
                                epoch: nil, records: [record], knowledge: VersionVector([device: counter]),
                                maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize), now: Date())
                            #expect(outcome.changed == 1)
                            #expect(outcome.space.knowledge[device] == counter, "a push's answer covers the push")
                            ids.append(record.id)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let space = try await second.space(user: user)
            for device in devices {
                #expect(space.knowledge[device] == UInt64(pushes))
                #expect(space.holds[device] == UInt64(pushes))
            }
            var pulled: [UUID] = []
            var cursor: PullCursor?
            for _ in 0..<100 {
                let page = try await first.pull(user: user, PullQuery(
                    knowledge: VersionVector(), cursor: cursor, limit: 25, maxPageBytes: Self.limits.maxPageBytes, conflictsAfter: 0, maxConflicts: 10))
                pulled += page.records.map(\.id)
                cursor = page.next
                if cursor == nil { break }
            }
            #expect(Set(pulled) == Set(ids))
            #expect(pulled.count == devices.count * pushes)
        }
    }

    /// Eight devices, each with its token, push changes to one record at once through two stores
    /// (the lock is taken by the statement that names the sender's replica): no push is lost,
    /// the record's vector and the space's knowledge end at each device's last push, and every
    /// device is named.
    @Test func concurrentPushesToOneRecordFromTwoStoresLoseNothing() async throws {
        try await withStores(2, connections: 4) { stores, _ in
            let (first, second) = (stores[0], stores[1])
            let user = try await first.createUser(name: "alice", passwordHash: "x", now: Date()).id
            let devices = (1...8).map { ReplicaID(rawValue: 0x4000 + UInt64($0)) }
            for device in devices {
                _ = try await first.createToken(user: user, tokenHash: "token-\(device.hex)", device: "device \(device.hex)", now: Date())
            }
            let id = UUID()
            let pushes: UInt64 = 10
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, device) in devices.enumerated() {
                    let store = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        for counter in 1...pushes {
                            var record = RecordState(id: id, kind: .article)
                            record.write([(Field.url, .string("https://example.com/one")), (Field.progress, .number(Double(counter) / 100))],
                                         dot: Dot(replica: device, counter: counter), stamp: HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 1_000))
                            let outcome = try await store.push(user: user, PushBatch(
                                epoch: nil, records: [record], knowledge: VersionVector([device: counter]),
                                sender: PushBatch.Sender(tokenHash: "token-\(device.hex)", replica: device),
                                maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize), now: Date())
                            #expect(outcome.changed == 1)
                            #expect(outcome.space.devices[device] == "device \(device.hex)", "the push's answer names its sender")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let space = try await second.space(user: user)
            let page = try await first.pull(user: user, PullQuery(
                knowledge: VersionVector(), cursor: nil, limit: 25, maxPageBytes: Self.limits.maxPageBytes, conflictsAfter: 0, maxConflicts: 10))
            #expect(page.records.map(\.id) == [id])
            for device in devices {
                #expect(space.knowledge[device] == pushes)
                #expect(space.devices[device] == "device \(device.hex)")
                #expect(page.records.first?.vector[device] == pushes, "every push's write reached the record")
            }
        }
    }

    /// A push that changed a space through one store is heard by another store following the
    /// database's changes (as another server process would), and a push that changed nothing is not.
    @Test func aChangeThroughOneStoreIsHeardByAnother() async throws {
        try await withStores(2, connections: 2) { stores, _ in
            let (first, second) = (stores[0], stores[1])
            let user = try await first.createUser(name: "alice", passwordHash: "x", now: Date()).id
            let (heard, hear) = AsyncStream.makeStream(of: UserID?.self)
            let following = Task { await second.followChanges { hear.yield($0) } }
            var iterator = heard.makeAsyncIterator()
            #expect(await iterator.next() == .some(nil), "once listening, every waiter looks again")

            let device = ReplicaID(rawValue: 0x2001)
            var record = RecordState(id: UUID(), kind: .article)
            record.write([(Field.url, .string("https://example.com/heard")), (Field.title, .string("T"))],
                         dot: Dot(replica: device, counter: 1), stamp: HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 1_000))
            let batch = PushBatch(epoch: nil, records: [record], knowledge: VersionVector([device: 1]),
                                  maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize)
            #expect(try await first.push(user: user, batch, now: Date()).changed == 1)
            #expect(await iterator.next() == .some(user))
            #expect(try await first.push(user: user, batch, now: Date()).changed == 0)
            try await Task.sleep(for: .milliseconds(300))
            following.cancel()
            await following.value
            hear.finish()
            #expect(await iterator.next() == nil, "a push that changed nothing is not announced")
        }
    }

    /// When the listening connection drops, the store reconnects by itself, has every waiter look
    /// again (it may have missed changes), and goes on hearing them.
    @Test func followingSurvivesALostConnection() async throws {
        try await withStores(1, connections: 2) { stores, database in
            let store = stores[0]
            let user = try await store.createUser(name: "alice", passwordHash: "x", now: Date()).id
            let (heard, hear) = AsyncStream.makeStream(of: UserID?.self)
            let following = Task { await store.followChanges { hear.yield($0) } }
            var iterator = heard.makeAsyncIterator()
            #expect(await iterator.next() == .some(nil))
            try PostgresCluster.shared().execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'", in: database)
            #expect(await iterator.next() == .some(nil), "a reconnection has every waiter look again")

            let device = ReplicaID(rawValue: 0x3001)
            var record = RecordState(id: UUID(), kind: .article)
            record.write([(Field.url, .string("https://example.com/again")), (Field.title, .string("T"))],
                         dot: Dot(replica: device, counter: 1), stamp: HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 1_000))
            _ = try await store.push(user: user, PushBatch(
                epoch: nil, records: [record], knowledge: VersionVector([device: 1]),
                maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize), now: Date())
            #expect(await iterator.next() == .some(user))
            following.cancel()
            await following.value
        }
    }

    /// A revoked token is refused through every store on the database at once.
    @Test func revocationIsSeenByEveryStore() async throws {
        try await withStores(2, connections: 2) { stores, _ in
            let (first, second) = (stores[0], stores[1])
            let alice = try await first.createUser(name: "alice", passwordHash: "x", now: Date())
            let token = try await first.createToken(user: alice.id, tokenHash: "h", device: "phone", now: Date())
            #expect(try await second.authenticate(tokenHash: "h", now: Date()) == .valid(alice.id))
            try await first.revokeToken(id: token.id, now: Date())
            #expect(try await second.authenticate(tokenHash: "h", now: Date()) == .revoked)
        }
    }

    /// A page's scan brings only the fields with a register the puller lacks, every register of
    /// such a field (a tag field is sent whole), and nothing of the fields it has seen.
    @Test func theScanReadsOnlyFieldsThePullerLacks() async throws {
        try await withStores(1, connections: 1) { stores, _ in
            let store = stores[0]
            let user = try await store.createUser(name: "alice", passwordHash: "x", now: Date()).id
            let (deviceA, deviceB) = (ReplicaID(rawValue: 0xA1), ReplicaID(rawValue: 0xB2))
            let stamp = HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 1_000)
            var record = RecordState(id: UUID(), kind: .article)
            record.write([(Field.url, .string("https://example.com/a")), (Field.title, .string("T")), (Field.tagPrefix + "t", .string("t"))],
                         dot: Dot(replica: deviceA, counter: 1), stamp: stamp)
            let push = { (record: RecordState) in
                _ = try await store.push(user: user, PushBatch(epoch: nil, records: [record], knowledge: nil,
                                                               maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize), now: Date())
            }
            try await push(record)
            let seen = record.vector
            var tagged = RecordState(id: record.id, kind: .article)
            tagged.write([(Field.tagPrefix + "t", .string("T"))], dot: Dot(replica: deviceB, counter: 1), stamp: stamp)
            tagged.write([(Field.progress, .number(0.5))], dot: Dot(replica: deviceB, counter: 2), stamp: stamp)
            try await push(tagged)

            let start = DotPosition(replica: deviceB, counter: 0, record: nil)
            let scan = { (knowledge: VersionVector) in
                try await store.read { try $0.scan(user: user, after: [start], limit: 10, outlinedAlready: [], knowledge: knowledge) }
            }
            let lacking = try #require(try await scan(seen).outlines[record.id])
            #expect(lacking.state.registers.map(\.field).sorted() == [Field.progress, Field.tagPrefix + "t", Field.tagPrefix + "t"])
            #expect(lacking.state.delta(notCoveredBy: seen).registers.count == 3, "the tag field's register the puller has comes along")
            let everything = try #require(try await scan(VersionVector()).outlines[record.id])
            #expect(Set(everything.state.registers.map(\.field)) == [Field.url, Field.title, Field.progress, Field.tagPrefix + "t"])
        }
    }

    /// A push's outlines carry only the fields its merges read, and the whole record when a
    /// merge reads every field (a deletion): each register left out is a row less to send and decode.
    @Test func outlinesCarryOnlyTheFieldsAsked() async throws {
        try await withStores(1, connections: 1) { stores, _ in
            let store = stores[0]
            let user = try await store.createUser(name: "alice", passwordHash: "x", now: Date()).id
            var record = RecordState(id: UUID(), kind: .article)
            record.write([(Field.url, .string("https://example.com/a")), (Field.title, .string("T")), (Field.tagPrefix + "t", .string("t")),
                          (Field.progress, .number(0.1))],
                         dot: Dot(replica: ReplicaID(rawValue: 0xA1), counter: 1), stamp: HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 1_000))
            _ = try await store.push(user: user, PushBatch(epoch: nil, records: [record], knowledge: nil,
                                                           maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize), now: Date())
            let id = record.id
            let outline = { (fields: Set<String>?) in
                try await store.read { try #require(try $0.outlines(user: user, ids: [id], fields: fields)[id]) }
            }
            let progress = try await outline([Field.progress, Field.deleted])
            #expect(progress.state.registers.map(\.field) == [Field.progress])
            #expect(progress.state.vector == record.vector, "a narrowed outline keeps the record's vector")
            #expect(Set(try await outline(nil).state.registers.map(\.field)) == [Field.url, Field.title, Field.tagPrefix + "t", Field.progress])
            #expect(try await outline([Field.note]).state.registers.isEmpty, "a record without the fields asked is still outlined")
        }
    }

    /// A user's writes that queue up while one of theirs runs share one transaction, and pushes
    /// run that way answer as they would alone: each sees the ones before it.
    @Test func aUsersQueuedWritesShareOneTransaction() async throws {
        try await withStores(1, connections: 2) { stores, _ in
            let store = stores[0]
            let user = try await store.createUser(name: "alice", passwordHash: "x", now: Date()).id
            let transactionID = { @Sendable (transaction: PostgresTransaction) in try transaction.rows("SELECT txid_current()")[0].decode(Int64.self) }
            let writes = try await whileWritesWait(store, user: user, count: 3) { _ in try await store.write(user: user, transactionID) }
            var grouped: Set<Int64> = []
            for write in writes { grouped.insert(try await write.value) }
            #expect(grouped.count == 1, "the three queued writes ran in one transaction")

            let devices = (1...4).map { ReplicaID(rawValue: 0x2000 + UInt64($0)) }
            var record = RecordState(id: UUID(), kind: .article)
            record.write([(Field.url, .string("https://example.com/a"))], dot: Dot(replica: devices[0], counter: 1),
                         stamp: HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 10_000))
            _ = try await store.push(user: user, PushBatch(epoch: nil, records: [record], knowledge: nil,
                                                           maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize), now: Date())
            let stored = record
            let pushes = try await whileWritesWait(store, user: user, count: 3) { index in
                let device = devices[index + 1]
                var change = stored
                change.write([(Field.progress, .number(Double(index) / 10))], dot: Dot(replica: device, counter: 1),
                             stamp: HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 5_000 + UInt64(index)))
                return try await store.push(user: user, PushBatch(epoch: nil, records: [change], knowledge: VersionVector([device: 1]),
                                                                  maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize), now: Date())
            }
            for (index, push) in pushes.enumerated() {
                let outcome = try await push.value
                #expect(outcome.changed == 1)
                #expect(outcome.space.knowledge[devices[index + 1]] == 1, "each push's answer covers itself")
            }
            let space = try await store.space(user: user)
            #expect(devices.dropFirst().allSatisfy { space.holds[$0] == 1 && space.knowledge[$0] == 1 })
            let page = try await store.pull(user: user, PullQuery(knowledge: VersionVector(), cursor: nil, limit: 10, maxPageBytes: Self.limits.maxPageBytes,
                                                                  conflictsAfter: 0, maxConflicts: 10))
            let merged = try #require(page.records.first)
            #expect(merged.vector == VersionVector(Dictionary(uniqueKeysWithValues: devices.map { ($0, 1) })), "no push of the group was lost")
        }
    }

    /// A write that fails in a group is answered with its own error, whether it throws, its
    /// statement fails in PostgreSQL or its token is refused, and leaves nothing behind; the
    /// others run again and commit.
    @Test func aFailingWriteFailsOnlyItselfInItsGroup() async throws {
        struct Refused: Error {}
        try await withStores(1, connections: 2) { stores, _ in
            let store = stores[0]
            let user = try await store.createUser(name: "alice", passwordHash: "x", now: Date()).id
            let writes = try await whileWritesWait(store, user: user, count: 5) { index in
                try await store.write(user: user, confirming: index == 4 ? "no such token" : nil) { transaction in
                    try transaction.raise(.knowledge, user: user, replica: ReplicaID(rawValue: 0x3000 + UInt64(index)), to: 7)
                    if index == 1 { throw Refused() }
                    if index == 2 {
                        try transaction.send("SELECT 1 / 0")
                        return index
                    }
                    _ = try transaction.space(user: user)
                    return index
                }
            }
            #expect(try await writes[0].value == 0)
            await #expect(throws: Refused.self) { try await writes[1].value }
            let failed = await #expect(throws: (any Error).self) { try await writes[2].value }
            #expect("\(failed.map { String(describing: $0) } ?? "")".contains("division by zero"))
            #expect(try await writes[3].value == 3)
            await #expect(throws: ServerError.unknownToken, "a write's token is confirmed in its own read of the space") { try await writes[4].value }
            let knowledge = try await store.space(user: user).knowledge
            #expect(knowledge == VersionVector([ReplicaID(rawValue: 0x3000): 7, ReplicaID(rawValue: 0x3003): 7]))
        }
    }

    /// A write that ran before a failure is retried in a group of its own: failing writes queued
    /// behind it cannot make it run once per failure.
    @Test func writesBeforeAFailureAreRetriedOnce() async throws {
        struct Refused: Error {}
        try await withStores(1, connections: 2) { stores, _ in
            let store = stores[0]
            let user = try await store.createUser(name: "alice", passwordHash: "x", now: Date()).id
            let runs = Atomic(0)
            let writes = try await whileWritesWait(store, user: user, count: 5) { index in
                try await store.write(user: user) { transaction in
                    if index == 0 { runs.add(1, ordering: .sequentiallyConsistent) }
                    if (1...3).contains(index) { throw Refused() }
                    try transaction.raise(.knowledge, user: user, replica: ReplicaID(rawValue: 0x4000 + UInt64(index)), to: 3)
                    return index
                }
            }
            #expect(try await writes[0].value == 0)
            for failing in writes[1...3] { await #expect(throws: Refused.self) { try await failing.value } }
            #expect(try await writes[4].value == 4)
            #expect(runs.load(ordering: .sequentiallyConsistent) == 2, "once in the failed group, once alone")
            let knowledge = try await store.space(user: user).knowledge
            #expect(knowledge == VersionVector([ReplicaID(rawValue: 0x4000): 3, ReplicaID(rawValue: 0x4004): 3]))
        }
    }

    /// A later write of a group starts from the space the writes before it left, without reading
    /// it again (a row changed behind the lock's back, as no writer does, stays unseen); a write
    /// that changed a device's name reads it again; each write's own token is still confirmed.
    @Test func laterWritesOfAGroupStartFromTheHeldSpace() async throws {
        try await withStores(1, connections: 2) { stores, database in
            let store = stores[0]
            let user = try await store.createUser(name: "alice", passwordHash: "x", now: Date()).id
            for device in ["phone", "tablet", "old"] { _ = try await store.createToken(user: user, tokenHash: device, device: device, now: Date()) }
            let behind = ReplicaID(rawValue: 0x5000), tablet = ReplicaID(rawValue: 0x5001)
            let firstRead = Atomic(false), changedBehind = Atomic(false)
            let writes = try await whileWritesWait(store, user: user, count: 3) { index in
                try await store.write(user: user, confirming: "phone") { transaction in
                    if index == 2 { try transaction.nameReplica(tablet, tokenHash: "tablet", user: user) }
                    _ = try transaction.outlines(user: user, ids: [UUID()], fields: nil)
                    let space = try transaction.space(user: user).space
                    if index == 0 {
                        firstRead.store(true, ordering: .sequentiallyConsistent)
                        while !changedBehind.load(ordering: .sequentiallyConsistent) { usleep(1_000) }
                    }
                    return space
                }
            }
            try await waitUntil { firstRead.load(ordering: .sequentiallyConsistent) }
            _ = try PostgresCluster.shared().execute("INSERT INTO knowledge (user_id, replica, counter) VALUES (\(user.rawValue), \(StoredValue.replica(behind)), 9)", in: database)
            changedBehind.store(true, ordering: .sequentiallyConsistent)
            #expect(try await writes[0].value.knowledge[behind] == 0)
            #expect(try await writes[1].value.knowledge[behind] == 0, "the second write started from the space the first held")
            let renamed = try await writes[2].value
            #expect(renamed.devices[tablet] == "tablet" && renamed.knowledge[behind] == 9, "a changed name had the space read again")

            _ = try await store.revokeToken(hash: "old", now: Date())
            let confirmations = try await whileWritesWait(store, user: user, count: 3) { index in
                try await store.write(user: user, confirming: ["phone", "old", "no such token"][index]) { transaction in
                    _ = try transaction.outlines(user: user, ids: [UUID()], fields: nil)
                    return try transaction.space(user: user).space.knowledge[behind]
                }
            }
            #expect(try await confirmations[0].value == 9)
            await #expect(throws: ServerError.revokedToken) { try await confirmations[1].value }
            await #expect(throws: ServerError.unknownToken) { try await confirmations[2].value }
        }
    }

    /// Holds `user`'s space with a write until `count` more (`queue`'s tasks, one at a time)
    /// wait behind it in the store; returns those tasks.
    private func whileWritesWait<T: Sendable>(
        _ store: PostgresSyncStore, user: UserID, count: Int, _ queue: @escaping @Sendable (Int) async throws -> T
    ) async throws -> [Task<T, any Error>] {
        let started = Atomic(false)
        let gate = DispatchSemaphore(value: 0)
        let holder = Task {
            try await store.write(user: user) { _ in
                started.store(true, ordering: .sequentiallyConsistent)
                gate.wait()
            }
        }
        try await waitUntil { started.load(ordering: .sequentiallyConsistent) }
        var writes: [Task<T, any Error>] = []
        for index in 0..<count {
            writes.append(Task { try await queue(index) })
            try await waitUntil { store.writeGroups.waiting(user: user) == index + 1 }
        }
        gate.signal()
        try await holder.value
        return writes
    }

    private func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<1_000 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(condition(), "waited 10 s")
    }

    /// Bad URLs, a server that is not there and an unknown database are plain errors.
    @Test func badDatabasesAreExplained() async throws {
        #expect(throws: PostgresStoreError.self) { try PostgresDatabaseURL("mysql://folio@localhost/folio") }
        #expect(throws: PostgresStoreError.self) { try PostgresDatabaseURL("postgres://localhost/folio") }
        #expect(throws: PostgresStoreError.self) { try PostgresDatabaseURL("postgres://folio@localhost/") }
        #expect(throws: PostgresStoreError.self) { try PostgresDatabaseURL("postgres://folio@localhost/folio?application_name=x") }
        #expect(throws: PostgresStoreError.self) { try PostgresDatabaseURL("postgres://folio@localhost/folio?sslmode=always") }
        #expect(throws: PostgresStoreError.self) { try PostgresDatabaseURL("postgres://folio@localhost/folio?sslmode=require&sslrootcert=/etc/hostname") }
        #expect(throws: PostgresStoreError.self) { try PostgresDatabaseURL("postgres://folio@localhost/folio?sslmode=verify-full&sslrootcert=/no/such/file.pem") }
        #expect(try PostgresDatabaseURL("postgres://folio@localhost/folio").configuration.tls.isAllowed, "TLS is preferred by default, as libpq does")
        #expect(try PostgresDatabaseURL("postgres://folio@localhost/folio?sslmode=verify-full").configuration.tls.isEnforced)
        #expect(try !PostgresDatabaseURL("postgres://folio@localhost/folio?sslmode=disable").configuration.tls.isAllowed)
        #expect(try PostgresDatabaseURL("postgres://folio:secret@db.example:6543/folio?sslmode=require").description
                    == "postgres://folio@db.example:6543/folio?sslmode=require", "the description leaves the password out")
        let absent = try PostgresDatabaseURL("postgres://folio@127.0.0.1:1/folio")
        let unreachable = await #expect(throws: PostgresStoreError.self) { try await PostgresSyncStore(url: absent, connections: 1) }
        #expect(unreachable?.description.contains("cannot reach PostgreSQL at postgres://folio@127.0.0.1:1/folio") == true)
        let cluster = try PostgresCluster.shared()
        let missing = try PostgresDatabaseURL(cluster.url(database: "no_such_database"))
        let noDatabase = await #expect(throws: PostgresStoreError.self) { try await PostgresSyncStore(url: missing, connections: 1) }
        #expect(noDatabase?.description.contains("no such database") == true)
    }

    /// Every connection of a store cut at once, as a PostgreSQL restart does: a cut connection
    /// fails at most the one request that finds it broken (usually none: a closed connection is
    /// replaced before use), and the store reads and writes on new ones, with nothing restarted.
    @Test func aStoreRecoversWhenItsConnectionsAreCut() async throws {
        try await withStores(1, connections: 2) { stores, database in
            let store = stores[0]
            let user = try await store.createUser(name: "alice", passwordHash: "x", now: Date()).id
            let device = ReplicaID(rawValue: 0x2001)
            func push(_ counter: UInt64) async throws -> Int {
                var record = RecordState(id: UUID(), kind: .article)
                record.write([(Field.url, .string("https://example.com/cut/\(counter)")), (Field.title, .string("T"))],
                             dot: Dot(replica: device, counter: counter), stamp: HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 1_000))
                return try await store.push(user: user, PushBatch(
                    epoch: nil, records: [record], knowledge: VersionVector([device: counter]),
                    maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize), now: Date()).changed
            }
            #expect(try await push(1) == 1)
            try await store.checkReadable()
            let cut = try PostgresCluster.shared().execute(
                "SELECT 'cut ' || count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", in: database)
            #expect(cut.contains("cut 1") || cut.contains("cut 2"), "the store's open connections were cut: \(cut)")
            var failures = 0
            var counter: UInt64 = 2
            while counter < 8 {
                do {
                    #expect(try await push(counter) == 1)
                    try await store.checkReadable()
                    counter += 1
                } catch {
                    failures += 1
                    #expect(failures <= 2, "a cut connection fails at most the request that finds it broken: \(error)")
                    if failures > 2 { break }
                }
            }
            #expect(try await store.space(user: user).knowledge[device] == 7)
        }
    }

    /// Runs `body` with `count` stores on one fresh database (as `count` server processes), and
    /// closes them however it ends: a PostgreSQL store dropped unclosed stops the test process.
    private func withStores(_ count: Int, connections: Int, _ body: (_ stores: [PostgresSyncStore], _ database: String) async throws -> Void) async throws {
        let database = try PostgresCluster.shared().database()
        var stores: [PostgresSyncStore] = []
        do {
            for _ in 0..<count { stores.append(try await PostgresSyncStore(url: PostgresDatabaseURL(database), connections: connections)) }
            try await body(stores, database)
        } catch {
            for store in stores { await store.close() }
            throw error
        }
        for store in stores { await store.close() }
    }
}
