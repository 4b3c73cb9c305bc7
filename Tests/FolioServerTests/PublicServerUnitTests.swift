import FolioModel
import FolioProtocol
@testable import FolioServer
import Foundation
import HTTPTypes
import Logging
import Testing

/// The pieces that let a server face strangers: the login throttle, the client address behind a
/// proxy, the password check queue, log escaping and storage failures.
@Suite struct PublicServerUnitTests {
    let now = Date()

    /// Failures from one address never make another address wait, however many there are.
    @Test func othersFailuresNeverRefuseAnAddress() async throws {
        let throttle = LoginThrottle(policy: LoginThrottle.Policy())
        for index in 0..<200 {
            _ = try? await throttle.begin(user: "alice", address: "203.0.113.\(index % 50)", now: now)
        }
        let attempt = try await throttle.begin(user: "alice", address: "198.51.100.1", now: now)
        await throttle.succeeded(attempt)
        _ = try await throttle.begin(user: "alice", address: "198.51.100.1", now: now)
    }

    /// One address guessing one user's password waits after `freeAttempts` failures.
    @Test func guessingFromOneAddressWaits() async throws {
        let throttle = LoginThrottle(policy: LoginThrottle.Policy(freeAttempts: 3))
        for _ in 0..<3 { _ = try await throttle.begin(user: "alice", address: "203.0.113.1", now: now) }
        await #expect(throws: ServerError.self) { try await throttle.begin(user: "Alice", address: "203.0.113.1", now: now) }
        // The wait passes.
        _ = try await throttle.begin(user: "alice", address: "203.0.113.1", now: now.addingTimeInterval(6))
    }

    /// Spraying many user names from one address waits after `freeAddressAttempts`.
    @Test func sprayingNamesFromOneAddressWaits() async throws {
        let throttle = LoginThrottle(policy: LoginThrottle.Policy(freeAddressAttempts: 10))
        for index in 0..<10 { _ = try await throttle.begin(user: "user\(index)", address: "203.0.113.1", now: now) }
        await #expect(throws: ServerError.self) { try await throttle.begin(user: "someone-else", address: "203.0.113.1", now: now) }
    }

    /// Once an account has many failures from many addresses, each failing address waits after
    /// its first failure, so a guess spread over addresses gains little; fresh addresses do not wait.
    @Test func watchedAccountSlowsEveryFailingAddress() async throws {
        let throttle = LoginThrottle(policy: LoginThrottle.Policy(freeAttempts: 5, hotAccountFailures: 4))
        for index in 0..<4 { _ = try await throttle.begin(user: "alice", address: "203.0.113.\(index)", now: now) }
        await #expect(throws: ServerError.self) { try await throttle.begin(user: "alice", address: "203.0.113.0", now: now) }
        _ = try await throttle.begin(user: "alice", address: "192.0.2.9", now: now)
    }

    /// A correct password takes back the failure its attempt counted: a user's own successful
    /// logins never add up to a wait.
    @Test func successesDoNotCount() async throws {
        let throttle = LoginThrottle(policy: LoginThrottle.Policy(freeAttempts: 2, freeAddressAttempts: 2))
        for _ in 0..<10 {
            let attempt = try await throttle.begin(user: "alice", address: "198.51.100.1", now: now)
            await throttle.succeeded(attempt)
        }
    }

    /// `X-Forwarded-For` counts only from a trusted proxy, read from the right.
    @Test func clientAddressBehindProxy() {
        let resolver = ClientAddressResolver(trustedProxies: ["127.0.0.1", "10.0.0.2"])
        var headers = HTTPFields()
        headers[.xForwardedFor] = "6.6.6.6, 203.0.113.5, 10.0.0.2"
        #expect(resolver.resolve(peer: "127.0.0.1", headers: headers) == "203.0.113.5")
        #expect(resolver.resolve(peer: "198.51.100.7", headers: headers) == "198.51.100.7")
        #expect(resolver.resolve(peer: "127.0.0.1", headers: [:]) == "127.0.0.1")
        headers[.xForwardedFor] = "alice\nforged"
        #expect(resolver.resolve(peer: "127.0.0.1", headers: headers) == "127.0.0.1")
        #expect(ClientAddressResolver().resolve(peer: "127.0.0.1", headers: headers) == "127.0.0.1")
    }

    /// Past `concurrency` running and `queueLimit` waiting, a check is refused at once.
    @Test func passwordChecksAreBounded() async throws {
        let queue = PasswordCheckQueue(policy: PasswordCheckQueue.Policy(concurrency: 1, queueLimit: 2))
        let hash = await PasswordHasher.hash("correct horse", cost: 10)
        let results = await Self.verifyAtOnce(8, "correct horse", hash: hash, on: queue)
        #expect(results.count { (try? $0.get()) == true } >= 3)
        #expect(results.contains { if case .failure(let error) = $0 { error.code == .serverBusy } else { false } })
        #expect(try await queue.verify("correct horse", hash: hash))
    }

    /// A check that waited longer than `maximumWait` for its turn is answered busy without
    /// being run.
    @Test func passwordChecksWaitABoundedTime() async throws {
        let queue = PasswordCheckQueue(policy: PasswordCheckQueue.Policy(concurrency: 1, queueLimit: 4, maximumWait: .milliseconds(20)))
        let hash = await PasswordHasher.hash("correct horse", cost: 12)
        let results = await Self.verifyAtOnce(3, "correct horse", hash: hash, on: queue)
        // A check of cost 12 takes a quarter of a second or more: the two behind the first wait
        // too long (and the first too, on a machine too busy to start it within 20 ms).
        #expect(results.count { (try? $0.get()) == true } <= 1, "\(results)")
        #expect(results.count { if case .failure(let error) = $0 { error.code == .serverBusy } else { false } } >= 2, "\(results)")
    }

    /// `count` checks of `password` against `hash` sent to `queue` at once, in the order they end.
    private static func verifyAtOnce(_ count: Int, _ password: String, hash: String, on queue: PasswordCheckQueue) async -> [Result<Bool, ServerError>] {
        await withTaskGroup(of: Result<Bool, ServerError>.self) { group in
            for _ in 0..<count {
                group.addTask {
                    do throws(ServerError) { return .success(try await queue.verify(password, hash: hash)) } catch { return .failure(error) }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// Control characters in log messages and metadata are written as visible escapes.
    @Test func logLinesCannotBeForged() {
        let lines = LockedLines()
        var handler = EscapingLogHandler(CapturingHandler(lines: lines))
        handler[metadataKey: "device"] = "phone\u{1B}[2J"
        let logger = Logger(label: "test") { _ in handler }
        logger.notice("failed login", metadata: ["login.user": "alice\n2026-11-30 critical forged"])
        let line = lines.all.joined()
        #expect(!line.contains("\n"))
        #expect(!line.contains("\u{1B}"))
        #expect(line.contains("alice\\u{A}2026-11-30 critical forged"))
        #expect(line.contains("phone\\u{1B}[2J"))
    }

    /// Device names with control characters are refused; blank ones get a name.
    @Test func deviceNames() throws {
        #expect(try AccountRules.deviceName("  laptop ") == "laptop")
        #expect(try AccountRules.deviceName("") == "unnamed device")
        #expect(throws: AccountError.invalidDeviceName) { try AccountRules.deviceName("evil\u{1B}[2J") }
        #expect(throws: AccountError.invalidDeviceName) { try AccountRules.deviceName("two\nlines") }
        #expect(throws: AccountError.invalidDeviceName) { try AccountRules.deviceName(String(repeating: "x", count: 201)) }
    }

    /// A wrong method on an existing path is 405 with `Allow`; a path that does not exist is 404.
    @Test func wrongMethodIs405() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            let wrong = try await client.executeRequest(uri: "/v1/info", method: .delete, headers: [:], body: nil)
            #expect(wrong.status.code == 405)
            #expect(wrong.errorCode == .methodNotAllowed)
            #expect(wrong.headers[.allow] == "GET")
            let head = try await client.executeRequest(uri: "/v1/pull", method: .get, headers: [:], body: nil)
            #expect(head.headers[.allow] == "POST")
            #expect(try await client.get("/v1/nothing").status == .notFound)
        }
    }

    /// Replica ids and cursor numbers are plain hex digits and plain digits: no sign slips through.
    @Test func signedNumbersAreRefused() {
        #expect(ReplicaID(hex: "+1") == nil)
        #expect(ReplicaID(hex: "-0") == nil)
        #expect(ReplicaID(hex: "00000000000000aB") != nil)
        let record = UUID().uuidString
        #expect(PullCursor("v1.a1.+0.\(record).0") == nil)
        #expect(PullCursor("v1.a1.1.\(record).+0") == nil)
        #expect(PullCursor("v1.a1.1.\(record).0") != nil)
    }

    /// A database at its size limit answers 507 with a message, and keeps serving reads.
    @Test func fullDatabaseAnswers507() async throws {
        var server = TestServer()
        server.configuration.maxDatabaseBytes = 1 << 20
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            let records = (1...30).map { Fixture.article(counter: UInt64($0), title: String(repeating: "x", count: 60_000)) }
            let response = try await client.post("/v1/push", token: token, json: PushRequest(epoch: nil, records: records))
            #expect(response.status.code == 507)
            #expect(response.errorCode == .insufficientStorage)
            #expect(response.errorMessage?.contains("disk is full") == true)
            #expect(response.headers[.xRequestID] != nil)
            #expect(try await client.get("/v1/info", token: token).status == .ok)
        }
    }
}

/// A log handler keeping what it writes, formatted as a stream handler would.
private struct CapturingHandler: LogHandler {
    let lines: LockedLines
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        lines.append("\(event.level) \(merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")) \(event.message)")
    }
}

private final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
