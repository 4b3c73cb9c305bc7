import FolioModel
@testable import FolioServer
import Foundation
import PostgresTestSupport
import StoreTestSupport
import Testing

@Suite(.removesStores) struct UnitTests {
    /// Cursors survive the wire and anything else is refused.
    @Test func cursorRoundTrip() {
        let cursor = PullCursor(dot: Dot(replica: ReplicaID(rawValue: 0xABC), counter: 42), record: UUID(), startSeq: 7)
        #expect(PullCursor(cursor.description) == cursor)
        for bad in ["", "v1", "v2.0abc.42.\(UUID().uuidString).7", "v1.xyz.1.\(UUID().uuidString).0", "v1.1.-1.\(UUID().uuidString).0", "v1.1.1.not-a-uuid.0", "v1.1.1.\(UUID().uuidString).-3"] {
            #expect(PullCursor(bad) == nil, "\(bad)")
        }
    }

    /// The throttle remembers at most `maxEntries` keys, so a flood of names cannot exhaust memory.
    @Test func throttleIsBounded() async throws {
        let throttle = LoginThrottle(policy: LoginThrottle.Policy(freeAttempts: 1, freeAddressAttempts: 10_000, baseDelay: 60, maxEntries: 100))
        let now = Date()
        for index in 0..<1000 { _ = try await throttle.begin(user: "user\(index)", address: "1.2.3.4", now: now) }
        #expect(await throttle.count <= 100)
        await #expect(throws: ServerError.self) { try await throttle.begin(user: "user999", address: "1.2.3.4", now: now) }
        _ = try await throttle.begin(user: "user999", address: "5.6.7.8", now: now)
    }

    /// Tokens are 256 random bits, and only their SHA-256 is stored.
    @Test func deviceTokens() {
        let token = DeviceToken.generate()
        #expect(token.count == 43)
        #expect(token != DeviceToken.generate())
        #expect(DeviceToken.hash(token).count == 64)
        #expect(DeviceToken.hash(token) == DeviceToken.hash(token))
    }

    /// User names and passwords follow the documented rules.
    @Test func accountRules() {
        #expect(throws: AccountError.self) { try AccountRules.checkUserName("") }
        #expect(throws: AccountError.self) { try AccountRules.checkUserName("a b") }
        #expect(throws: AccountError.self) { try AccountRules.checkPassword("short") }
        #expect(throws: AccountError.self) { try AccountRules.checkPassword(String(repeating: "x", count: 100)) }
        #expect(throws: Never.self) { try AccountRules.checkUserName("alice.b-2_x") }
        #expect(throws: Never.self) { try AccountRules.checkPassword("long enough") }
    }

    /// Account administration: duplicates, unknown users and tokens are clear errors.
    @Test(arguments: StoreKind.available) func accountAdministration(kind: StoreKind) async throws {
        let opened = try await kind.openForTest()
        let store = opened.store
        let alice = try await store.createUser(name: "alice", passwordHash: "x", now: Date())
        await #expect(throws: AccountError.userExists("Alice")) { try await store.createUser(name: "Alice", passwordHash: "x", now: Date()) }
        await #expect(throws: AccountError.noSuchUser("bob")) { try await store.removeUser(name: "bob") }
        await #expect(throws: AccountError.noSuchToken(9)) { try await store.revokeToken(id: 9, now: Date()) }
        let token = try await store.createToken(user: alice.id, tokenHash: "h", device: "d", now: Date())
        #expect(try await store.authenticate(tokenHash: "h", now: Date()) == .valid(alice.id))
        try await store.removeUser(name: "alice")
        #expect(try await store.authenticate(tokenHash: "h", now: Date()) == .unknown)
        #expect(try await store.tokens(user: nil).isEmpty)
        #expect(token.id == 1)
    }

    /// A token's last use is recorded at most once a minute (requests do not all write).
    @Test(arguments: StoreKind.available) func lastUseIsRecordedOncePerMinute(kind: StoreKind) async throws {
        let opened = try await kind.openForTest()
        let store = opened.store
        let alice = try await store.createUser(name: "alice", passwordHash: "x", now: Date())
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try await store.createToken(user: alice.id, tokenHash: "h", device: "d", now: start)
        func lastUse() async throws -> Date? { try await store.tokens(user: "alice").first?.lastUsedAt }
        #expect(try await store.authenticate(tokenHash: "h", now: start) == .valid(alice.id))
        #expect(try await lastUse() == start)
        _ = try await store.authenticate(tokenHash: "h", now: start.addingTimeInterval(59))
        #expect(try await lastUse() == start)
        _ = try await store.authenticate(tokenHash: "h", now: start.addingTimeInterval(61))
        #expect(try await lastUse() == start.addingTimeInterval(61))
        #expect(DeviceToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

/// A space's estimate of a pull's size, which decides where a page pulled along is read.
@Suite struct UncoveredDotsTests {
    @Test func countsEachReplicasWritesBeyondTheKnowledgeAndSaturates() {
        let (a, b, c) = (ReplicaID(rawValue: 0xA), ReplicaID(rawValue: 0xB), ReplicaID(rawValue: 0xC))
        let space = UserSpace(epoch: "e", replica: ReplicaID(rawValue: 1), knowledge: VersionVector(), holds: VersionVector([a: 10, b: 3]), devices: [:])
        #expect(space.uncoveredDots(for: VersionVector([a: 4, b: 5, c: 9])) == 6)
        #expect(space.uncoveredDots(for: VersionVector([a: 10, b: 3])) == 0)
        let largest = RecordRules.maximumCounter
        let far = UserSpace(epoch: "e", replica: ReplicaID(rawValue: 1), knowledge: VersionVector(), holds: VersionVector([a: largest, b: largest, c: largest]), devices: [:])
        #expect(far.uncoveredDots(for: VersionVector()) == .max)
    }
}
