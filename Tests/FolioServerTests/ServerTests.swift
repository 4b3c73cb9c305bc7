import CompressNIO
import FolioModel
import FolioProtocol
@testable import FolioServer
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Sync server over HTTP")
struct ServerTests {
    /// The health check answers without authentication.
    @Test func health() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            let response = try await client.get("/health")
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
        }
    }

    /// Unknown routes get a JSON 404, never an HTML page or an empty body.
    @Test func unknownRouteIsJSON404() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            let response = try await client.get("/v2/anything")
            #expect(response.status == .notFound)
            #expect(response.errorCode == .notFound)
        }
    }

    /// A right password gets a token and the epoch; a wrong one or an unknown user gets 401.
    @Test func login() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        let account = try await server.addUser("alice")
        try await server.run { client in
            let ok = try await client.post("/v1/login", json: LoginRequest(user: "alice", password: "correct horse", device: "phone"))
            #expect(ok.status == .ok)
            let login = try ok.decode(LoginResponse.self)
            #expect(login.epoch == account.epoch)
            #expect(login.token.count == 43)
            let wrong = try await client.post("/v1/login", json: LoginRequest(user: "alice", password: "battery staple", device: "phone"))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorCode == .unauthorized)
            let unknown = try await client.post("/v1/login", json: LoginRequest(user: "mallory", password: "correct horse", device: "phone"))
            #expect(unknown.status == .unauthorized)
        }
        let tokens = try await server.store().tokens(user: "alice")
        #expect(tokens.map(\.device) == ["phone"])
    }

    /// Repeated failures for one user from one address are answered 429 with Retry-After, even
    /// with the right password, until the delay has passed (the failures were that address's own).
    @Test func loginThrottle() async throws {
        let server = TestServer(throttle: LoginThrottle.Policy(freeAttempts: 3, baseDelay: 60))
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            for _ in 0..<3 {
                let response = try await client.post("/v1/login", json: LoginRequest(user: "alice", password: "guess guess", device: "x"))
                #expect(response.status == .unauthorized)
            }
            let throttled = try await client.post("/v1/login", json: LoginRequest(user: "alice", password: "correct horse", device: "x"))
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.errorCode == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] != nil)
        }
    }

    /// Missing, malformed, wrong and revoked tokens all get 401 on every authenticated route.
    @Test func unauthorized() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            #expect(try await client.get("/v1/info", token: token).status == .ok)
            #expect(try await client.get("/v1/info").status == .unauthorized)
            #expect(try await client.get("/v1/info", headers: [.authorization: "Basic YWxpY2U6eA=="]).status == .unauthorized)
            let unknown = try await client.get("/v1/info", token: "not-a-token")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.errorMessage?.contains("does not know this device token") == true)
            #expect(try await client.post("/v1/pull", token: "not-a-token", json: PullRequest(knowledge: VersionVector())).status == .unauthorized)
            #expect(try await client.post("/v1/push", json: PushRequest(epoch: nil, records: [])).status == .unauthorized)

            // Pull and push admit a token checked a moment ago and leave its check to the store:
            // a revocation between two syncs is still refused, and the refused push writes nothing.
            _ = try await client.push(token, [Fixture.article(UUID(), counter: 1, title: "Kept")])
            let id = try #require(try await server.store().tokens(user: "alice").first?.id)
            try await server.store().revokeToken(id: id, now: Date())
            let revoked = try await client.get("/v1/info", token: token)
            #expect(revoked.status == .unauthorized)
            #expect(revoked.errorCode == .unauthorized)
            #expect(revoked.errorMessage?.contains("was revoked") == true)
            for refused in [
                try await client.post("/v1/pull", token: token, json: PullRequest(knowledge: VersionVector())),
                try await client.post("/v1/push", token: token, json: PushRequest(epoch: nil, records: [Fixture.article(UUID(), counter: 2, title: "Refused")])),
            ] {
                #expect(refused.status == .unauthorized)
                #expect(refused.errorMessage?.contains("was revoked") == true)
            }
            let again = try await client.login("alice")
            #expect(try await client.pull(again).records.map { $0.value(of: Field.title) } == [.string("Kept")])
        }
    }

    /// Users are isolated: the same record id pushed by two users stays two records, and no
    /// pull shows one user's data to the other.
    @Test func usersAreIsolated() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.addUser("bob")
        try await server.run { client in
            let alice = try await client.login("alice")
            let bob = try await client.login("bob")
            let id = UUID()
            _ = try await client.push(alice, [Fixture.article(id, counter: 1, title: "Alice's")])
            #expect(try await client.pull(bob).records.isEmpty)
            _ = try await client.push(bob, [Fixture.article(id, by: Fixture.deviceB, counter: 1, title: "Bob's")])
            let alicePage = try await client.pull(alice)
            #expect(alicePage.records.map { $0.value(of: Field.title) } == [.string("Alice's")])
            let bobPage = try await client.pull(bob)
            #expect(bobPage.records.map { $0.value(of: Field.title) } == [.string("Bob's")])
            #expect(alicePage.epoch != bobPage.epoch)
        }
    }

    /// What is pushed comes back on pull, with the knowledge the push joined in.
    @Test func pushThenPull() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            let records = (1...3).map { Fixture.article(counter: UInt64($0), title: "Article \($0)") }
            let knowledge = VersionVector([Fixture.deviceA: 3])
            let pushed = try await client.push(token, records, knowledge: knowledge)
            #expect(pushed.changed == 3)
            #expect(pushed.conflicts.isEmpty)
            #expect(pushed.knowledge == knowledge)
            let page = try await client.pull(token)
            #expect(Set(page.records) == Set(records))
            #expect(page.knowledge == knowledge)
            #expect(page.cursor == nil)
            #expect(try await client.pull(token, PullRequest(knowledge: knowledge)).records.isEmpty)
            let info = try await client.get("/v1/info", token: token).decode(ServerInfo.self)
            #expect(info.knowledge == knowledge)
            #expect(info.epoch == page.epoch)
        }
    }

    /// A push that asks to pull along gets the first page of that pull in its answer, only when
    /// the server has something the push's knowledge lacks; its pull options are checked before
    /// anything is merged.
    @Test func pushPullsAlong() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let laptop = try await client.login("alice"), phone = try await client.login("alice")
            let fromPhone = (1...3).map { Fixture.article(by: Fixture.deviceB, counter: UInt64($0), title: "Phone \($0)") }
            _ = try await client.push(phone, fromPhone, knowledge: VersionVector([Fixture.deviceB: 3]))

            let fromLaptop = Fixture.article(counter: 1, title: "Laptop")
            let laptopKnows = VersionVector([Fixture.deviceA: 1])
            let ask = PushRequest(epoch: nil, records: [fromLaptop], knowledge: laptopKnows, pull: PullOptions(limit: 2))
            let answer = try await client.post("/v1/push", token: laptop, json: ask).decode(PushResponse.self)
            let page = try #require(answer.pull, "the phone's articles come along")
            #expect(answer.changed == 1)
            #expect(page.records.count == 2 && page.cursor != nil, "the pull's limit applies")
            let rest = try await client.pull(laptop, PullRequest(knowledge: laptopKnows, cursor: page.cursor))
            #expect(Set(page.records + rest.records) == Set(fromPhone))
            #expect(page.knowledge == VersionVector([Fixture.deviceA: 1, Fixture.deviceB: 3]))

            let knowsAll = VersionVector([Fixture.deviceA: 2, Fixture.deviceB: 3])
            let upToDate = PushRequest(epoch: nil, records: [Fixture.article(counter: 2, title: "Another")], knowledge: knowsAll, pull: PullOptions())
            #expect(try await client.post("/v1/push", token: laptop, json: upToDate).decode(PushResponse.self).pull == nil, "nothing new: no page")
            let withoutKnowledge = PushRequest(epoch: nil, records: [], pull: PullOptions())
            #expect(try await client.post("/v1/push", token: laptop, json: withoutKnowledge).decode(PushResponse.self).pull == nil)

            let bad = PushRequest(epoch: nil, records: [Fixture.article(counter: 3, title: "Refused")], knowledge: knowsAll, pull: PullOptions(limit: 0))
            let refused = try await client.post("/v1/push", token: laptop, json: bad)
            #expect(refused.status == .badRequest)
            let info = try await client.get("/v1/info", token: laptop).decode(ServerInfo.self)
            #expect(info.knowledge[Fixture.deviceA] == 2, "the refused push merged nothing")
        }
    }

    /// Writes from three devices at the largest counter the rules allow (2^63−1) do not overflow
    /// the server's estimate of a pull's size when a push pulls along (regression: the sum of the
    /// counters trapped and took the server down).
    @Test func pullAlongPastTheLargestCounters() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            let largest = RecordRules.maximumCounter
            let devices = [ReplicaID(rawValue: 0xD1), ReplicaID(rawValue: 0xD2), ReplicaID(rawValue: 0xD3)]
            let records = devices.map { Fixture.article(by: $0, counter: largest, title: "Far ahead") }
            _ = try await client.push(token, records, knowledge: VersionVector(Dictionary(uniqueKeysWithValues: devices.map { ($0, largest) })))

            let ask = PushRequest(epoch: nil, records: [Fixture.article(counter: 1, title: "Mine")], knowledge: VersionVector([Fixture.deviceA: 1]), pull: PullOptions())
            let response = try await client.post("/v1/push", token: token, json: ask)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let page = try #require(try response.decode(PushResponse.self).pull)
            #expect(Set(page.records.map(\.id)) == Set(records.map(\.id)))
        }
    }

    /// Paging with a small limit returns every record exactly once, even records written by
    /// several replicas (several uncovered dots); a cursor can be replayed; only the last page
    /// has no cursor.
    @Test func paging() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            var records = (1...23).map { Fixture.article(counter: UInt64($0), title: "A\($0)") }
            for index in stride(from: 0, to: records.count, by: 3) {
                records[index].write([(Field.note, .string("from B"))], dot: Dot(replica: Fixture.deviceB, counter: UInt64(index + 1)), stamp: Fixture.stamp())
            }
            _ = try await client.push(token, records)
            let pages = try await client.pullAll(token, limit: 4)
            let ids = pages.flatMap(\.records).map(\.id)
            #expect(ids.count == records.count)
            #expect(Set(ids) == Set(records.map(\.id)))
            #expect(pages.dropLast().allSatisfy { $0.cursor != nil && $0.records.count == 4 })
            #expect(pages.last?.cursor == nil)
            #expect(Set(pages.flatMap(\.records)) == Set(records))

            let second = try await client.pull(token, PullRequest(knowledge: VersionVector(), cursor: pages[0].cursor, limit: 4))
            #expect(second.records == pages[1].records)
            #expect(second.cursor == pages[1].cursor)

            let partial = VersionVector([Fixture.deviceA: 23])
            let delta = try await client.pullAll(token, knowledge: partial, limit: 2).flatMap(\.records)
            #expect(delta.count == 8)
            #expect(delta.allSatisfy { $0.registers.map(\.field) == [Field.note] })

            let bad = try await client.post("/v1/pull", token: token, json: PullRequest(knowledge: VersionVector(), cursor: "garbage"))
            #expect(bad.status == .badRequest)
            #expect(bad.errorCode == .badRequest)
        }
    }

    /// A record changed by a push between two pages of a pull is still delivered, even when the
    /// change's dot sorts before the cursor (so the record's first uncovered dot was never visited).
    @Test func pushDuringPagedPull() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            let early = Fixture.article(by: Fixture.deviceB, counter: 1, title: "early")
            var late = Fixture.article(by: Fixture.deviceB, counter: 2, title: "late")
            _ = try await client.push(token, [early, late], knowledge: VersionVector([Fixture.deviceB: 2]))
            let first = try await client.pull(token, PullRequest(knowledge: VersionVector(), limit: 1))
            #expect(first.records.map(\.id) == [early.id])
            // Device A (whose id sorts before B's) now edits the late record.
            late.write([(Field.note, .string("edited"))], dot: Dot(replica: Fixture.deviceA, counter: 1), stamp: Fixture.stamp())
            _ = try await client.push(token, [late])
            let second = try await client.pull(token, PullRequest(knowledge: VersionVector(), cursor: first.cursor, limit: 1))
            #expect(second.records.map(\.id) == [late.id])
            #expect(second.records.first?.value(of: Field.title) == .string("late"))
            #expect(second.cursor == nil)
        }
    }

    /// Pushing the same batch twice changes nothing the second time.
    @Test func repeatedPushIsNoOp() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            let records = (1...5).map { Fixture.article(counter: UInt64($0), title: "T\($0)") }
            let first = try await client.push(token, records, knowledge: VersionVector([Fixture.deviceA: 5]))
            let before = try await client.pull(token)
            let again = try await client.push(token, records, knowledge: VersionVector([Fixture.deviceA: 5]))
            #expect(first.changed == 5)
            #expect(again.changed == 0)
            #expect(again.conflicts.isEmpty)
            let after = try await client.pull(token)
            #expect(after.records == before.records)
            #expect(after.knowledge == before.knowledge)
        }
    }

    /// Concurrent writes of one field from two devices: the push that brings the second one
    /// reports the conflict, and later pulls carry it from the conflict log.
    @Test func concurrentWritesReportConflicts() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            let id = UUID()
            _ = try await client.push(token, [Fixture.article(id, by: Fixture.deviceA, counter: 1, title: "from A")])
            let second = try await client.push(token, [Fixture.article(id, by: Fixture.deviceB, counter: 1, title: "from B", stampOffset: 1)])
            #expect(second.changed == 1)
            let conflict = try #require(second.conflicts.first { $0.field == Field.title })
            #expect(conflict.kept.value == .string("from B"))
            #expect(conflict.lost.value == .string("from A"))

            let page = try await client.pull(token, PullRequest(knowledge: VersionVector(), conflictsAfter: 0))
            #expect(page.conflicts.contains(conflict))
            #expect(page.conflictSeq > 0)
            #expect(page.records.first?.value(of: Field.title) == .string("from B"))
            let later = try await client.pull(token, PullRequest(knowledge: VersionVector(), conflictsAfter: page.conflictSeq))
            #expect(later.conflicts.isEmpty)
            #expect(later.conflictSeq == page.conflictSeq)
        }
    }

    /// A push naming an epoch other than the server's is refused with 409 and changes nothing.
    @Test func epochMismatch() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        let account = try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            let response = try await client.post("/v1/push", token: token, json: PushRequest(epoch: "another-epoch", records: [Fixture.article(counter: 1, title: "x")]))
            #expect(response.status == .conflict)
            #expect(response.errorCode == .epochChanged)
            #expect(try await client.pull(token).records.isEmpty)
            _ = try await client.push(token, [Fixture.article(counter: 1, title: "x")], epoch: account.epoch)
        }
    }

    /// A push whose base the server does not cover (the server was restored from a backup) is
    /// refused with 409 `server_behind` and changes nothing; a covered base is accepted.
    @Test func pushWithAnUncoveredBase() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        _ = try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            let ahead = VersionVector([ReplicaID(rawValue: 0xAB): 9])
            let refused = try await client.post("/v1/push", token: token, json: PushRequest(epoch: nil, records: [Fixture.article(counter: 1, title: "x")], base: ahead))
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == .serverBehind)
            #expect(try await client.pull(token).records.isEmpty)
            let known = try await client.pull(token).knowledge
            let accepted = try await client.post("/v1/push", token: token, json: PushRequest(epoch: nil, records: [Fixture.article(counter: 1, title: "x")], base: known))
            #expect(accepted.status == .ok)
            #expect(try await client.pull(token).records.count == 1)
        }
    }

    /// Malformed JSON is 400; a well-formed body with a broken record is 422; never a 500.
    @Test func badInput() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            for body in ["{", "[]", "null", #"{"records": 3}"#, #"{"knowledge": {"zz": 1}}"#] {
                let response = try await client.post("/v1/push", token: token, raw: Data(body.utf8))
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.errorCode == .badRequest)
            }
            let login = try await client.post("/v1/login", raw: Data("not json".utf8))
            #expect(login.status == .badRequest)
            let pull = try await client.post("/v1/pull", token: token, raw: Data(#"{"knowledge": {}, "limit": 0}"#.utf8))
            #expect(pull.status == .badRequest)

            let badKind = #"{"records": [{"id": "\#(UUID().uuidString)", "kind": "podcast", "vector": {}, "registers": []}]}"#
            let kind = try await client.post("/v1/push", token: token, raw: Data(badKind.utf8))
            #expect(kind.status == .unprocessableContent)
            #expect(kind.errorCode == .invalidRecord)

            var uncovered = Fixture.article(counter: 1, title: "x")
            uncovered.vector = VersionVector()
            let response = try await client.post("/v1/push", token: token, json: PushRequest(epoch: nil, records: [uncovered]))
            #expect(response.status == .unprocessableContent)
            #expect(response.errorCode == .invalidRecord)

            let info = try await client.get("/v1/info", token: token).decode(ServerInfo.self)
            var claimsServer = Fixture.article(by: info.replica, counter: 1, title: "x")
            claimsServer.vector = VersionVector([info.replica: 1])
            #expect(try await client.post("/v1/push", token: token, json: PushRequest(epoch: nil, records: [claimsServer])).errorCode == .invalidRecord)
        }
    }

    /// Regression (found in the device store): a record holding several dots of one replica must
    /// not push that replica's later records out of a paged pull.
    @Test func pagingWithSeveralDotsPerRecord() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            var records = (1...6).map { Fixture.article(counter: UInt64($0), title: "A\($0)") }
            for index in 0..<3 {
                records[index].write([(Field.note, .string("again"))], dot: Dot(replica: Fixture.deviceA, counter: UInt64(10 + index)), stamp: Fixture.stamp())
            }
            records.append(Fixture.article(by: Fixture.deviceB, counter: 1, title: "B1"))
            _ = try await client.push(token, records)
            for limit in [1, 2, 3] {
                let pulled = try await client.pullAll(token, limit: limit).flatMap(\.records)
                #expect(Set(pulled.map(\.id)) == Set(records.map(\.id)), "limit \(limit)")
            }
        }
    }

    /// Large bodies travel gzip-compressed both ways; a gzip bomb or broken gzip is refused.
    @Test func gzipBodies() async throws {
        let server = TestServer(limits: ServerLimits(maxPushBytes: 64 << 10))
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            let records = (1...20).map { Fixture.article(counter: UInt64($0), title: "Article \($0) " + String(repeating: "words ", count: 50)) }
            var plain = ByteBuffer(bytes: try JSONCoding.encoder.encode(PushRequest(epoch: nil, records: records, knowledge: VersionVector([Fixture.deviceA: 20]))))
            let gzipped = try plain.compress(with: .gzip())
            #expect(gzipped.readableBytes < plain.writerIndex / 4)
            let pushed = try await client.post("/v1/push", token: token, raw: Data(gzipped.readableBytesView), headers: [.contentEncoding: "gzip"])
            #expect(pushed.status == .ok)
            #expect(try pushed.decode(PushResponse.self).changed == 20)

            let pull = try await client.post("/v1/pull", token: token, json: PullRequest(knowledge: VersionVector()), headers: [.acceptEncoding: "gzip"])
            #expect(pull.status == .ok && pull.headers[.contentEncoding] == "gzip")
            var body = pull.body
            let page = try JSONCoding.decoder.decode(PullResponse.self, from: Data(try body.decompress(with: .gzip()).readableBytesView))
            #expect(page.records.count == 20)

            var zeros = ByteBuffer(bytes: Data(count: 1 << 20))
            let bomb = try zeros.compress(with: .gzip())
            let refused = try await client.post("/v1/push", token: token, raw: Data(bomb.readableBytesView), headers: [.contentEncoding: "gzip"])
            #expect(refused.status == .contentTooLarge)
            let broken = try await client.post("/v1/push", token: token, raw: Data("not gzip at all".utf8), headers: [.contentEncoding: "gzip"])
            #expect(broken.status == .badRequest)
        }
    }

    /// Bodies over the limit get 413 `payload_too_large`, whether or not they announce their length.
    @Test func oversizedBody() async throws {
        let server = TestServer(limits: ServerLimits(maxPushBytes: 4096))
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            let big = Fixture.article(counter: 1, title: String(repeating: "x", count: 10_000))
            let response = try await client.post("/v1/push", token: token, json: PushRequest(epoch: nil, records: [big]))
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == .payloadTooLarge)
            let huge = try await client.post("/v1/login", raw: Data(repeating: 0x20, count: 100_000))
            #expect(huge.status == .contentTooLarge)
        }
    }

    /// A stamp more than a day ahead of the server clock is refused with 422 `clock_skew`.
    @Test func futureStamp() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            let record = Fixture.article(counter: 1, title: "from the future", stampOffset: 3 * 86_400)
            let response = try await client.post("/v1/push", token: token, json: PushRequest(epoch: nil, records: [record]))
            #expect(response.status == .unprocessableContent)
            #expect(response.errorCode == .clockSkew)
            #expect(try await client.pull(token).records.isEmpty)
        }
    }

    /// An unsupported `Folio-Protocol` version gets 409 naming the supported ones; a supported one passes.
    @Test func protocolVersion() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            let header = try #require(HTTPField.Name(ProtocolVersion.header))
            let bad = try await client.get("/health", headers: [header: "99"])
            #expect(bad.status == .conflict)
            #expect(bad.errorCode == .unsupportedProtocol)
            #expect(try bad.decode(ErrorResponse.self).error.message.contains("\(ProtocolVersion.current)"))
            #expect(try await client.get("/health", headers: [header: "\(ProtocolVersion.current)"]).status == .ok)
        }
    }

    /// Reopening the same data directory (a restart) keeps records, knowledge, epoch and tokens.
    @Test func restartKeepsEverything() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        let records = (1...4).map { Fixture.article(counter: UInt64($0), title: "R\($0)") }
        let (token, before) = try await server.run { client in
            let token = try await client.login("alice")
            _ = try await client.push(token, records, knowledge: VersionVector([Fixture.deviceA: 4]))
            return (token, try await client.pull(token))
        }
        let after = try await server.run { client in try await client.pull(token) }
        #expect(after.epoch == before.epoch)
        #expect(after.knowledge == before.knowledge)
        #expect(Set(after.records) == Set(records))
    }

    /// A wiped data directory is a new replica space: a new epoch, and nothing in it.
    @Test func wipedDataGetsNewEpoch() async throws {
        let first = TestServer()
        defer { first.removeDirectory() }
        let old = try await first.addUser("alice")
        first.removeDirectory()
        let new = try await first.addUser("alice")
        #expect(new.epoch != old.epoch)
        #expect(new.replica != old.replica)
        try await first.run { client in
            let token = try await client.login("alice")
            let page = try await client.pull(token)
            #expect(page.epoch == new.epoch)
            #expect(page.records.isEmpty)
        }
    }

    /// The same exchange over a real socket on the loopback interface.
    @Test func liveRoundTrip() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run(.live) { client in
            let token = try await client.login("alice")
            let record = Fixture.article(counter: 1, title: "live")
            #expect(try await client.push(token, [record]).changed == 1)
            #expect(try await client.pull(token).records == [record])
            #expect(try await client.get("/v1/info").status == .unauthorized)
        }
    }
}
