import FolioModel
import FolioProtocol
import FolioServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Device names travel with replica ids (SPEC §5.3), so `folio conflicts` can say "laptop"
/// instead of `00000000000000a1`.
@Suite struct DeviceNameTests {
    /// A push with `replica` names that replica after the token's device; info, push and pull
    /// answers carry the names of the user's replicas only; a device that logs in again under a
    /// new name is named by its newest token.
    @Test func pushesNameTheirReplicaAfterTheDevice() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.addUser("bob")
        try await server.run { client in
            let laptop = try await client.login("alice", device: "laptop")
            let phone = try await client.login("alice", device: "Ada’s phone")
            let bob = try await client.login("bob", device: "bob's laptop")
            #expect(try await client.get("/v1/info", token: laptop).decode(ServerInfo.self).replicas == nil, "no device has pushed yet")

            _ = try await client.push(laptop, [Fixture.article(by: Fixture.deviceA, counter: 1, title: "A")], replica: Fixture.deviceA)
            let pushed = try await client.push(phone, [], replica: Fixture.deviceB)
            _ = try await client.push(bob, [], replica: ReplicaID(rawValue: 0xC3))
            let names = ReplicaNames([Fixture.deviceA: "laptop", Fixture.deviceB: "Ada’s phone"])
            #expect(pushed.replicas == names)
            #expect(try await client.get("/v1/info", token: laptop).decode(ServerInfo.self).replicas == names)
            #expect(try await client.pull(phone).replicas == names)
            #expect(try await client.pull(bob).replicas == ReplicaNames([ReplicaID(rawValue: 0xC3): "bob's laptop"]))

            let again = try await client.login("alice", device: "work laptop")
            #expect(try await client.push(again, [], replica: Fixture.deviceA).replicas?.entries[Fixture.deviceA] == "work laptop")
        }
    }

    /// The names survive a restart (they are stored), and an older client that sends no
    /// `replica` gets no name and changes none.
    @Test func namesAreStoredAndOptional() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.addUser("alice")
        try await server.run { client in
            let token = try await client.login("alice", device: "laptop")
            _ = try await client.push(token, [], replica: Fixture.deviceA)
            let old = try await client.login("alice", device: "old client")
            #expect(try await client.push(old, []).replicas == ReplicaNames([Fixture.deviceA: "laptop"]))
        }
        let space = try await server.store().space(user: try #require(try await server.store().credentials(user: "alice")).user)
        #expect(space.devices == [Fixture.deviceA: "laptop"])
    }
}
