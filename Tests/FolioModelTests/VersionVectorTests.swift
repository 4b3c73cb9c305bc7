@testable import FolioModel
import Foundation
import Testing

@Suite struct VersionVectorTests {
    let a = ReplicaID(rawValue: 1), b = ReplicaID(rawValue: 2)

    /// Compare distinguishes all four causal relations.
    @Test func compare() {
        let v1 = VersionVector([a: 1, b: 2])
        #expect(v1.compare(VersionVector([a: 1, b: 2])) == .equal)
        #expect(v1.compare(VersionVector([a: 2, b: 2])) == .before)
        #expect(v1.compare(VersionVector([a: 1])) == .after)
        #expect(v1.compare(VersionVector([a: 3, b: 1])) == .concurrent)
        #expect(VersionVector().compare(VersionVector()) == .equal)
        #expect(VersionVector([a: 0]) == VersionVector(), "zero entries are not stored")
    }

    @Test func joinAndCover() {
        let joined = VersionVector([a: 1, b: 5]).joined(with: VersionVector([a: 3]))
        #expect(joined == VersionVector([a: 3, b: 5]))
        #expect(joined.covers(Dot(replica: b, counter: 5)))
        #expect(!joined.covers(Dot(replica: b, counter: 6)))
        #expect(!joined.covers(Dot(replica: ReplicaID(rawValue: 9), counter: 1)))
    }

    @Test func codableAsHexObject() throws {
        let vector = VersionVector([ReplicaID(rawValue: 0xA1): 12])
        let json = String(decoding: try JSONCoding.encoder.encode(vector), as: UTF8.self)
        #expect(json == #"{"00000000000000a1":12}"#)
        #expect(try JSONCoding.decoder.decode(VersionVector.self, from: Data(json.utf8)) == vector)
        #expect(throws: DecodingError.self) { try JSONCoding.decoder.decode(VersionVector.self, from: Data(#"{"xyz":1}"#.utf8)) }
    }

    /// Join is commutative, associative and idempotent on random vectors.
    @Test func joinIsASemilattice() {
        var rng = SeededGenerator(seed: 7)
        func random() -> VersionVector {
            VersionVector(Dictionary(uniqueKeysWithValues: (1...4).map { (ReplicaID(rawValue: $0), UInt64.random(in: 0...5, using: &rng)) }))
        }
        for _ in 0..<500 {
            let (x, y, z) = (random(), random(), random())
            #expect(x.joined(with: y) == y.joined(with: x))
            #expect(x.joined(with: y).joined(with: z) == x.joined(with: y.joined(with: z)))
            #expect(x.joined(with: x) == x)
            #expect(x.joined(with: y).dominates(x))
        }
    }
}

@Suite struct HybridClockTests {
    /// The clock never goes backwards, even when the wall clock does.
    @Test func monotonicWhenWallClockGoesBack() {
        var clock = HybridClock()
        let now = Date(timeIntervalSince1970: 1_000_000)
        let first = clock.tick(now: now)
        let second = clock.tick(now: now.addingTimeInterval(-3600))
        let third = clock.tick(now: now)
        #expect(first < second && second < third)
    }

    /// A write made after observing a stamp from a clock a day ahead is still later than it.
    @Test func causallyLaterStampIsLargerUnderSkew() {
        let now = Date(timeIntervalSince1970: 2_000_000)
        for skew in [-86_400.0, 86_400.0] {
            var ahead = HybridClock(), behind = HybridClock()
            let remote = ahead.tick(now: now.addingTimeInterval(skew))
            behind.observe(remote)
            let local = behind.tick(now: now)
            #expect(local > remote)
        }
    }

    @Test func packingRoundTrips() {
        let stamp = HLCStamp(wall: 1_764_000_000_000, logical: 513)
        #expect(HLCStamp(packed: stamp.packed) == stamp)
        #expect(HLCStamp(wall: 5, logical: 1) < HLCStamp(wall: 5, logical: 2))
        #expect(HLCStamp(wall: 5, logical: 9) < HLCStamp(wall: 6))
    }

    @Test func logicalOverflowCarriesIntoWall() {
        var clock = HybridClock(latest: HLCStamp(wall: 10, logical: .max))
        let next = clock.tick(now: Date(timeIntervalSince1970: 0))
        #expect(next == HLCStamp(wall: 11))
    }

    @Test func directJSONMatchesTheCodableForm() throws {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            var vector = VersionVector()
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                vector[ReplicaID(rawValue: rng.next())] = UInt64.random(in: 1...UInt64(Int64.max), using: &rng)
            }
            #expect(vector.json == String(decoding: try JSONCoding.encoder.encode(vector), as: UTF8.self))
            #expect(try JSONCoding.decoder.decode(VersionVector.self, from: Data(vector.json.utf8)) == vector)
            #expect(try VersionVector(json: vector.json) == vector)
        }
    }

    /// The compact reader takes exactly the compact shape: anything else is left to the decoder
    /// (which reads other spellings, or refuses), never read differently.
    @Test func compactReaderTakesOnlyTheCompactShape() throws {
        let a1 = ReplicaID(rawValue: 0xA1)
        #expect(VersionVector.compact(#"{"a1":12,"00000000000000B2":3}"#.utf8) == VersionVector([a1: 12, ReplicaID(rawValue: 0xB2): 3]))
        #expect(VersionVector.compact(#"{"ffffffffffffffff":18446744073709551615}"#.utf8) == VersionVector([ReplicaID(rawValue: .max): .max]))
        #expect(VersionVector.compact("{}".utf8) == VersionVector())
        #expect(VersionVector.compact(#"{"a1":0}"#.utf8) == VersionVector([a1: 0]))
        for refused in [#"{"a1":12,}"#, #"{,"a1":12}"#, #"{"a1":}"#, #"{"":1}"#, #"{"a1":1,"a1":2}"#, #"{"1ffffffffffffffff":1}"#,
                        #"{"a1":18446744073709551616}"#, #"{"a1":+1}"#, #"{"a1":-1}"#, #"{"a1" :1}"#, #"{"a1":1 }"#, #"{"g1":1}"#,
                        #"{"a1":1"#, #""a1":1}"#, #"{"a1":012}"#, "{", "}", "", #"{"a1"}"#, #"{"a1:1}"#] {
            #expect(VersionVector.compact(refused.utf8) == nil, "\(refused)")
        }
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<2_000 {
            var bytes = Array(#"{"00000000000000a1":12,"b2":3}"#.utf8)
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0x20...0x7E, using: &rng)
            let text = String(decoding: bytes, as: UTF8.self)
            if let vector = VersionVector.compact(text.utf8) {
                #expect(try JSONCoding.decoder.decode(VersionVector.self, from: Data(text.utf8)) == vector, "\(text)")
            }
        }
    }

    /// Other spellings of a vector than the compact one still parse, through the decoder.
    @Test func parsesOtherSpellings() throws {
        #expect(try VersionVector(json: "{ \"00000000000000a1\" : 2 }") == VersionVector([ReplicaID(rawValue: 0xA1): 2]))
        #expect(try VersionVector(json: "{}") == VersionVector())
        #expect(throws: (any Error).self) { try VersionVector(json: "{\"zz\":1}") }
        #expect(throws: (any Error).self) { try VersionVector(json: "[1]") }
    }
}
