import FolioModel
@testable import FolioServer
import Foundation
import PostgresTestSupport
import StoreTestSupport
import Testing

/// A pull or push admitted on a cached token (`TokenCache`) confirms the token in its first read
/// of the space, on every store: a live token of the user's passes; a revoked one, another
/// user's and one never issued are refused, and a refused push writes nothing.
@Suite(.removesStores) struct TokenConfirmationTests {
    static let limits = ServerLimits()

    @Test(arguments: StoreKind.available) func syncOperationsConfirmTheirToken(kind: StoreKind) async throws {
        let store = try await kind.openForTest().store
        let alice = try await store.createUser(name: "alice", passwordHash: "x", now: Date()).id
        let bob = try await store.createUser(name: "bob", passwordHash: "x", now: Date()).id
        _ = try await store.createToken(user: alice, tokenHash: "live", device: "laptop", now: Date())
        let revoked = try await store.createToken(user: alice, tokenHash: "revoked", device: "phone", now: Date())
        try await store.revokeToken(id: revoked.id, now: Date())
        _ = try await store.createToken(user: bob, tokenHash: "bob's", device: "tablet", now: Date())

        func pull(confirming token: String?) async throws -> PullPage {
            var query = PullQuery(knowledge: VersionVector(), cursor: nil, limit: 10, maxPageBytes: Self.limits.maxPageBytes, conflictsAfter: 0, maxConflicts: 10)
            query.confirmToken = token
            return try await store.pull(user: alice, query)
        }
        func push(_ counter: UInt64, confirming token: String) async throws -> PushOutcome {
            var record = RecordState(id: UUID(), kind: .article)
            record.write([(Field.url, .string("https://example.com/\(counter)"))], dot: Dot(replica: ReplicaID(rawValue: 0xA1), counter: counter),
                         stamp: HLCStamp(wall: HybridClock.wallMilliseconds(Date()) - 1_000))
            var batch = PushBatch(epoch: nil, records: [record], knowledge: nil, maxClockSkew: Self.limits.maxClockSkew, conflictLogSize: Self.limits.conflictLogSize)
            batch.confirmToken = token
            return try await store.push(user: alice, batch, now: Date())
        }

        #expect(try await push(1, confirming: "live").changed == 1)
        #expect(try await pull(confirming: "live").records.count == 1)
        await #expect(throws: ServerError.revokedToken) { try await pull(confirming: "revoked") }
        await #expect(throws: ServerError.unknownToken) { try await pull(confirming: "bob's") }
        await #expect(throws: ServerError.unknownToken) { try await pull(confirming: "never issued") }
        await #expect(throws: ServerError.revokedToken) { try await push(2, confirming: "revoked") }
        await #expect(throws: ServerError.unknownToken) { try await push(3, confirming: "bob's") }
        let kept = try await pull(confirming: nil)
        #expect(kept.records.count == 1, "a refused push wrote nothing")
        #expect(kept.space.knowledge == VersionVector(), "nor raised the space's vectors")
        #expect(kept.space.holds == VersionVector([ReplicaID(rawValue: 0xA1): 1]))
    }
}
