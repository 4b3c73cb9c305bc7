import Foundation
import Testing

extension EndToEnd {
    /// The real `folio-server` and several `folio` devices, each with its own FOLIO_HOME.
    @Suite(.serialized, .enabled(if: Processes.built("folio", "folio-server") && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"),
                                 "needs the built folio and folio-server, and curl"))
    struct ServerSyncTests {
        func listing(_ device: Device) throws -> [ListedArticle] {
            try device.listed("--all", "--sort", "title")
        }

        func login(_ device: Device, _ server: ServerProcess, user: String = "alice", password: String = "correct horse") throws {
            try device.ok("login", "--server", server.url, "--user", user, "--password-stdin", stdin: password + "\n")
        }

        /// Offline edits on three devices, synced in several orders, end identical; a restarted
        /// server loses nothing; a wiped one gets everything back from the devices.
        @Test func threeDevicesConvergeAcrossRestartAndWipe() throws {
            let temp = try TemporaryDirectory()
            let server = ServerProcess(data: temp.path("server"))
            try server.addUser("alice", password: "correct horse")
            try server.start()
            let devices = (0..<3).map { Device(home: temp.path("device\($0)")) }
            for device in devices { try login(device, server) }

            try devices[0].ok("add", "https://example.com/shared", "--offline", "--title", "Shared")
            try devices[0].ok("sync")
            try devices[1].ok("sync")
            try devices[2].ok("sync")
            // Offline edits everywhere, including concurrent edits of one article.
            try devices[0].ok("add", "https://example.com/a", "--offline", "--title", "From A", "--tag", "alpha")
            try devices[1].ok("add", "https://example.com/b", "--offline", "--title", "From B")
            try devices[2].ok("add", "https://example.com/c", "--offline", "--title", "From C")
            let shared = String(try listing(devices[1]).first { $0.title == "Shared" }!.id.prefix(8))
            try devices[1].ok("tag", shared, "+news")
            try devices[2].ok("archive", shared)
            try devices[0].ok("progress", shared, "30%")
            try devices[1].ok("progress", shared, "60%")

            for order in [[2, 0, 1], [1, 2, 0]] {
                for index in order { try devices[index].ok("sync") }
            }
            let expected = try listing(devices[0])
            #expect(expected.count == 4)
            for device in devices { #expect(try listing(device) == expected) }
            let sharedState = try #require(expected.first { $0.title == "Shared" })
            #expect(sharedState.isArchived && sharedState.tags == ["news"] && sharedState.progress == 0.6)

            // Restart: nothing acknowledged is lost.
            server.stop()
            try server.start()
            let fresh = Device(home: temp.path("fresh"))
            try login(fresh, server)
            try fresh.ok("sync")
            #expect(try listing(fresh) == expected)

            // Wipe: a new data directory gets everything back from the devices.
            server.stop()
            try FileManager.default.removeItem(atPath: server.data)
            try server.addUser("alice", password: "correct horse")
            try server.start()
            for device in devices { try login(device, server) }
            try devices[2].ok("sync")
            let another = Device(home: temp.path("another"))
            try login(another, server)
            try another.ok("sync")
            #expect(try listing(another) == expected)
            server.stop()
        }

        /// A server restored from a backup of its data directory (same epoch, so it knows less than
        /// the devices stored) gets back from the devices everything it lost.
        @Test func serverRestoredFromABackupIsHealedByTheDevices() throws {
            let temp = try TemporaryDirectory()
            let server = ServerProcess(data: temp.path("server"))
            try server.addUser("alice", password: "correct horse")
            try server.start()
            let (a, b) = (Device(home: temp.path("a")), Device(home: temp.path("b")))
            for device in [a, b] { try login(device, server) }
            try a.ok("add", "https://example.com/1", "--offline", "--title", "One")
            try a.ok("sync")
            try b.ok("sync")

            server.stop()
            try FileManager.default.copyItem(atPath: server.data, toPath: temp.path("backup"))
            try server.start()
            try a.ok("add", "https://example.com/2", "--offline", "--title", "Two")
            try a.ok("sync")
            try b.ok("sync")
            let one = String(try listing(a).first { $0.title == "One" }!.id.prefix(8))
            try a.ok("progress", one, "40%")
            try a.ok("sync")

            server.stop()
            try FileManager.default.removeItem(atPath: server.data)
            try FileManager.default.moveItem(atPath: temp.path("backup"), toPath: server.data)
            try server.start()
            try a.ok("add", "https://example.com/3", "--offline", "--title", "Three")
            try a.ok("sync")
            let fresh = Device(home: temp.path("fresh"))
            try login(fresh, server)
            try fresh.ok("sync")
            let expected = try listing(a)
            #expect(expected.map(\.title) == ["One", "Three", "Two"])
            #expect(expected.first { $0.title == "One" }?.progress == 0.4)
            #expect(try listing(fresh) == expected)
            server.stop()
        }

        /// Users are isolated, and wrong, revoked or missing tokens get 401.
        @Test func usersAreIsolatedAndTokensChecked() throws {
            let temp = try TemporaryDirectory()
            let server = ServerProcess(data: temp.path("server"))
            try server.addUser("alice", password: "correct horse")
            try server.addUser("bob", password: "battery staple")
            try server.start()
            let alice = Device(home: temp.path("alice")), bob = Device(home: temp.path("bob"))
            try login(alice, server)
            try login(bob, server, user: "bob", password: "battery staple")
            try alice.ok("add", "https://example.com/private", "--offline", "--title", "Alice only")
            try alice.ok("sync")
            try bob.ok("sync")
            #expect(try listing(bob).isEmpty)

            let wrong = try Device(home: temp.path("mallory")).run("login", "--server", server.url, "--user", "alice", "--password-stdin", stdin: "guess\n")
            #expect(wrong.status == 1 && wrong.stderr.contains("refused"))
            #expect(try server.status("GET", "/v1/info") == 401)
            #expect(try server.status("GET", "/v1/info", token: "not-a-token") == 401)
            #expect(try server.status("POST", "/v1/pull", body: "{\"knowledge\":{}}") == 401)

            // Revoke bob's token: his next sync is refused with a clear message.
            let tokens = try server.admin(["token", "list", "--json"]).stdout
            let parsed = try JSONSerialization.jsonObject(with: Data(tokens.utf8)) as? [[String: Any]] ?? []
            let bobToken = try #require(parsed.first { ($0["user"] as? String) == "bob" })
            let tokenID = try #require((bobToken["id"] as? String) ?? (bobToken["id"] as? Int).map(String.init))
            try server.admin(["token", "revoke", tokenID])
            let refused = try bob.run("sync")
            #expect(refused.status == 1 && refused.stderr.contains("folio login"))

            // Logging out revokes the device's token on the server.
            let config = try Data(contentsOf: URL(fileURLWithPath: temp.path("alice") + "/config/server.json"))
            let aliceToken = try #require((try JSONSerialization.jsonObject(with: config) as? [String: Any])?["token"] as? String)
            #expect(try server.status("GET", "/v1/info", token: aliceToken) == 200)
            try alice.ok("logout")
            #expect(try server.status("GET", "/v1/info", token: aliceToken) == 401)
            #expect(try alice.run("sync").stderr.contains("not logged in"))
            try login(alice, server)

            // The server going away does not break local work.
            server.stop()
            let offline = try alice.run("sync")
            #expect(offline.status == 1 && offline.stderr.contains("cannot reach"))
            try alice.ok("add", "https://example.com/offline", "--offline")
            #expect(try listing(alice).count == 2)
        }
    }
}
