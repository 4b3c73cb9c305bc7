import FolioModel
import FolioStore
import Foundation
import Testing

/// Received records are checked before anything is written.
@Suite struct ApplyTests {
    let other = ReplicaID(rawValue: 0xBEEF)

    func record(stamp: HLCStamp, vector: VersionVector? = nil, counter: UInt64 = 1) -> RecordState {
        let dot = Dot(replica: other, counter: counter)
        return RecordState(id: UUID(), kind: .article, vector: vector ?? VersionVector([other: counter]),
                           registers: [Register(field: Field.title, value: .string("remote"), dot: dot, stamp: stamp)])
    }

    /// A stamp more than two days ahead is refused, and the whole batch with it.
    @Test func refusesStampsFarInTheFuture() throws {
        let temp = try TemporaryDatabase()
        let now = Date()
        let fine = record(stamp: HLCStamp(wall: HybridClock.wallMilliseconds(now.addingTimeInterval(86_400))))
        let bad = record(stamp: HLCStamp(wall: HybridClock.wallMilliseconds(now.addingTimeInterval(3 * 86_400))), counter: 2)
        #expect(throws: RecordViolation.self) { try temp.database.apply([fine, bad], now: now) }
        #expect(try temp.database.record(fine.id) == nil, "nothing of the batch was written")
        #expect(try temp.database.apply([fine], now: now).changed == 1, "a clock a day ahead still syncs")
        #expect(try temp.database.replicaInfo().clock.latest >= fine.registers[0].stamp, "the clock moved past the received stamp")
    }

    /// A register whose write is not in its record's vector is malformed.
    @Test func refusesRegistersOutsideTheVector() throws {
        let temp = try TemporaryDatabase()
        let malformed = record(stamp: .zero, vector: VersionVector())
        #expect(throws: RecordViolation.self) { try temp.database.apply([malformed]) }
        #expect(try temp.database.list(ArticleFilter(states: [])).isEmpty)
    }

    /// Writes claiming this replica's id beyond its own counter are refused.
    @Test func refusesWritesInThisReplicasName() throws {
        let temp = try TemporaryDatabase()
        let me = try temp.database.replicaInfo().id
        let dot = Dot(replica: me, counter: 7)
        let impostor = RecordState(id: UUID(), kind: .article, vector: VersionVector([me: 7]),
                                   registers: [Register(field: Field.title, value: .string("x"), dot: dot, stamp: .zero)])
        #expect(throws: RecordViolation.self) { try temp.database.apply([impostor]) }
    }
}
