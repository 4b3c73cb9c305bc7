import FolioModel
import FolioProtocol
@testable import FolioServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /v1/wait` (SPEC §5.4) and the announcements behind it.
struct LiveSyncTests {
    func wait(_ client: some TestClientProtocol, _ token: String, knowledge: VersionVector, timeout: Int) async throws -> (WaitResponse, Duration) {
        let start = ContinuousClock.now
        let response = try await client.post("/v1/wait", token: token, json: WaitRequest(knowledge: knowledge, timeout: timeout))
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return (try response.decode(WaitResponse.self), ContinuousClock.now - start)
    }

    @Test func answersAtOnceWhenTheDeviceLacksSomething() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            _ = try await client.push(token, [Fixture.article(counter: 1, title: "New")], knowledge: VersionVector([Fixture.deviceA: 1]))
            let (answer, elapsed) = try await wait(client, token, knowledge: VersionVector(), timeout: 20)
            #expect(answer.changed && answer.knowledge[Fixture.deviceA] == 1)
            #expect(elapsed < .seconds(5))
        }
    }

    @Test func timesOutWhenNothingChanges() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice")
            let pushed = try await client.push(token, [Fixture.article(counter: 1, title: "Known")], knowledge: VersionVector([Fixture.deviceA: 1]))
            let (answer, elapsed) = try await wait(client, token, knowledge: pushed.knowledge, timeout: 1)
            #expect(!answer.changed)
            #expect(elapsed >= .milliseconds(900))
        }
    }

    @Test func wakesWhenAnotherDevicePushes() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let watcher = try await client.login("alice", device: "watcher")
            let writer = try await client.login("alice", device: "writer")
            async let waited = wait(client, watcher, knowledge: VersionVector(), timeout: 30)
            try await Task.sleep(for: .milliseconds(300))
            _ = try await client.push(writer, [Fixture.article(by: Fixture.deviceB, counter: 1, title: "Fresh")], knowledge: VersionVector([Fixture.deviceB: 1]))
            let (answer, elapsed) = try await waited
            #expect(answer.changed && answer.knowledge[Fixture.deviceB] == 1)
            #expect(elapsed < .seconds(10))
        }
    }

    @Test func anAnnouncementBeforeTheWaitIsNotMissed() async {
        let changes = SpaceChanges()
        let user = UserID(rawValue: 7)
        let seen = changes.generation(of: user)
        changes.announce(user)
        #expect(await changes.wait(for: user, after: seen, timeout: .seconds(30)) == .announced)
        #expect(await changes.wait(for: user, after: changes.generation(of: user), timeout: .milliseconds(50)) == .timedOut)
    }

    /// `announceAll` (the relay reconnected and may have missed changes) wakes every user's waiter,
    /// and one that looked at its space before it does not sleep through it.
    @Test func announceAllWakesEveryone() async {
        let changes = SpaceChanges()
        let (alice, bob) = (UserID(rawValue: 1), UserID(rawValue: 2))
        let before = changes.generation(of: bob)
        async let waiting = changes.wait(for: alice, after: changes.generation(of: alice), timeout: .seconds(30))
        try? await Task.sleep(for: .milliseconds(100))
        changes.announceAll()
        #expect(await waiting == .announced)
        #expect(await changes.wait(for: bob, after: before, timeout: .seconds(30)) == .announced)
    }

    /// A wait whose request was cancelled before it began (a device that hung up) ends at once,
    /// not after its timeout, and holds no waiter's place.
    @Test func aCancelledRequestDoesNotWait() async {
        let changes = SpaceChanges(capacity: 1)
        let user = UserID(rawValue: 3)
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            let started = ContinuousClock.now
            let end = await changes.wait(for: user, after: changes.generation(of: user), timeout: .seconds(60))
            return (end, ContinuousClock.now - started)
        }
        let (end, waited) = await cancelled.value
        #expect(end == .timedOut)
        #expect(waited < .seconds(30), "it waited out its timeout")
        #expect(await changes.wait(for: user, after: changes.generation(of: user), timeout: .milliseconds(50)) == .timedOut, "its place is free")
    }

    @Test func waitersAreBounded() async {
        let changes = SpaceChanges(capacity: 1)
        let user = UserID(rawValue: 1)
        let generation = changes.generation(of: user)
        async let first = changes.wait(for: user, after: generation, timeout: .seconds(30))
        try? await Task.sleep(for: .milliseconds(100))
        #expect(await changes.wait(for: user, after: generation, timeout: .seconds(30)) == .full)
        changes.announce(user)
        #expect(await first == .announced)
    }
}
