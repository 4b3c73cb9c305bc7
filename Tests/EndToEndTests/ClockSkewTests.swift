import Foundation
import Testing

extension EndToEnd {
    /// Wrong clocks on a device or on the server, then corrected (item 11 of "Sync that no input
    /// can break"): no wrong clock drags another replica's clock along, a device whose clock was
    /// fast syncs again once it is fixed without losing its edits, and a slow device can pull.
    @Suite(.serialized, .enabled(if: Processes.built("folio", "folio-server") && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") && FakeClock.available,
                                 "needs the built folio and folio-server, curl, and libfaketime (Debian package faketime)"))
    struct ClockSkewTests {
        func login(_ device: Device, _ server: ServerProcess) throws {
            try device.ok("login", "--server", server.url, "--user", "alice", "--password-stdin", stdin: "correct horse\n")
        }

        func titles(_ device: Device) throws -> Set<String> { Set(try device.listed("--all").map(\.title)) }

        func setUp(_ temp: TemporaryDirectory) throws -> ServerProcess {
            let server = try ServerProcess.withAlice(in: temp)
            return server
        }

        @Test(arguments: [("+3d", "3 days"), ("+365d", "365 days")])
        func fastDeviceIsRefusedThenSyncsOnceCorrected(offset: String, amount: String) throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp)
            let other = Device(home: temp.path("other"))
            var fast = Device(home: temp.path("fast"), environment: FakeClock.shifted(offset))
            try login(other, server)
            try login(fast, server)
            try fast.ok("add", "https://example.com/fast", "--offline", "--title", "Written fast")
            let refused = try fast.run("sync")
            #expect(refused.status == 1)
            #expect(refused.stderr.contains(amount) && refused.stderr.contains("ahead"), "names the gap: \(refused.stderr)")

            fast.environment = [:]  // the clock is corrected
            let synced = try fast.run("sync")
            #expect(synced.status == 0, "\(synced.stderr)")
            #expect(synced.stderr.contains("clock was"), "says what it repaired: \(synced.stderr)")
            try fast.ok("add", "https://example.com/after", "--offline", "--title", "Written after")
            try fast.ok("sync")
            try other.ok("sync")
            #expect(try titles(other) == ["Written fast", "Written after"])
        }

        @Test(arguments: ["-3d", "-365d"])
        func slowDeviceStillPullsAndItsLaterEditWins(offset: String) throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp)
            let other = Device(home: temp.path("other"))
            let slow = Device(home: temp.path("slow"), environment: FakeClock.shifted(offset))
            try login(other, server)
            try login(slow, server)
            try other.ok("add", "https://example.com/shared", "--offline", "--title", "Shared")
            try other.ok("progress", String(try other.listed().first!.id.prefix(8)), "20%")
            try other.ok("sync")
            let pulled = try slow.run("sync")
            #expect(pulled.status == 0, "a slow device can pull: \(pulled.stderr)")
            let id = String(try slow.listed().first!.id.prefix(8))
            try slow.ok("progress", id, "70%")
            try slow.ok("sync")
            try other.ok("sync")
            #expect(try other.listed().first?.progress == 0.7, "the slow device's causally later edit wins")
        }

        @Test(arguments: ["+365d", "-365d", "+3d", "-3d"])
        func wrongServerClockThenCorrected(offset: String) throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp, environment: FakeClock.shifted(offset))
            let a = Device(home: temp.path("a")), b = Device(home: temp.path("b"))
            try login(a, server)
            try login(b, server)
            try a.ok("add", "https://example.com/one", "--offline", "--title", "One")
            let first = try a.run("sync")
            if offset.hasPrefix("-") && offset != "-3d" {
                #expect(first.status == 1 && first.stderr.contains("reads"), "a slow server names its clock: \(first.stderr)")
            }
            try? b.run("sync")

            server.stop()
            server.environment = [:]  // the server's clock is corrected
            try server.start()
            try a.ok("add", "https://example.com/two", "--offline", "--title", "Two")
            let after = try a.run("sync")
            #expect(after.status == 0, "devices are not dragged along by a wrong server clock: \(after.stderr)")
            try b.ok("add", "https://example.com/three", "--offline", "--title", "Three")
            try b.ok("sync")
            try a.ok("sync")
            #expect(try titles(a) == ["One", "Two", "Three"])
            #expect(try titles(b) == ["One", "Two", "Three"])
        }
    }
}
