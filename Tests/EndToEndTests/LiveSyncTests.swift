import Foundation
import Testing

extension EndToEnd {
    /// `folio sync --watch` against a real server: another device's change arrives without a
    /// command, this device's own change leaves without one, a server restart is ridden out, and
    /// Ctrl-C stops it cleanly.
    @Suite(.serialized, .enabled(if: Processes.built("folio", "folio-server"), "needs the built folio and folio-server"))
    struct LiveSyncTests {
        @Test func watchReceivesAndSendsUntilInterrupted() throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp)
            defer { server.stop() }
            let writer = Device(home: temp.path("writer")), watcher = Device(home: temp.path("watcher"))
            for (device, name) in [(writer, "writer"), (watcher, "watcher")] {
                try device.ok("login", "--server", server.url, "--user", "alice", "--device", name, "--password-stdin", stdin: "correct horse\n")
            }

            let output = temp.path("watch.out")
            FileManager.default.createFile(atPath: output, contents: nil)
            let watch = Process()
            watch.executableURL = Processes.binDirectory.appendingPathComponent("folio")
            watch.arguments = ["sync", "--watch"]
            watch.environment = ProcessInfo.processInfo.environment.merging(["FOLIO_HOME": watcher.home]) { $1 }
            watch.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            watch.standardError = FileHandle.nullDevice
            try watch.run()
            defer { if watch.isRunning { watch.terminate() } }
            let lines = { (try? String(contentsOfFile: output, encoding: .utf8))?.split(separator: "\n") ?? [] }
            #expect(EndToEnd.within(10) { lines().count >= 2 } != nil, "the watch never synced: \(lines())")

            // Another device's change arrives with no command on this one.
            try writer.ok("add", "https://example.com/live", "--offline", "--title", "Arrives live")
            try writer.ok("sync")
            let arrival = try EndToEnd.within(10) { try watcher.listed("--all").contains { $0.title == "Arrives live" } }
            #expect(arrival != nil, "the watching device never received the change")

            // This device's own change leaves shortly after it is made.
            try watcher.ok("add", "https://example.com/local", "--offline", "--title", "Sent by the watcher")
            let departure = try EndToEnd.within(10) {
                try writer.ok("sync")
                return try writer.listed("--all").contains { $0.title == "Sent by the watcher" }
            }
            #expect(departure != nil, "the watching device never sent its change")

            // A restart: the held wait does not delay the server's shutdown, and the watch
            // reconnects by itself and goes on receiving.
            let stopping = Date()
            server.stop()
            #expect(Date().timeIntervalSince(stopping) < 5)
            try server.start()
            try writer.ok("add", "https://example.com/after", "--offline", "--title", "After the restart")
            try writer.ok("sync")
            #expect(try EndToEnd.within(20) { try watcher.listed("--all").contains { $0.title == "After the restart" } } != nil)

            kill(watch.processIdentifier, SIGINT)
            #expect(EndToEnd.within(10) { !watch.isRunning } != nil)
            watch.waitUntilExit()
            #expect(watch.terminationStatus == 0)
            let printed = lines()
            #expect(printed.first?.contains("Watching \(server.url)") == true)
            #expect(printed.contains { $0.contains("received 1") } && printed.contains { $0.contains("sent 1") })
            #expect(printed.last == "Stopped watching.")
        }

        /// With --json the watch prints one JSON object per sync and nothing else on standard output.
        @Test func watchPrintsJSONLines() throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp)
            defer { server.stop() }
            let device = Device(home: temp.path("device"))
            try device.ok("login", "--server", server.url, "--user", "alice", "--password-stdin", stdin: "correct horse\n")
            try device.ok("add", "https://example.com/json", "--offline", "--title", "Sent at start")
            let output = temp.path("watch.json")
            FileManager.default.createFile(atPath: output, contents: nil)
            let watch = Process()
            watch.executableURL = Processes.binDirectory.appendingPathComponent("folio")
            watch.arguments = ["sync", "--watch", "--json"]
            watch.environment = ProcessInfo.processInfo.environment.merging(["FOLIO_HOME": device.home]) { $1 }
            watch.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            watch.standardError = FileHandle.nullDevice
            try watch.run()
            defer { if watch.isRunning { watch.terminate() } }
            let lines = { (try? String(contentsOfFile: output, encoding: .utf8))?.split(separator: "\n") ?? [] }
            #expect(EndToEnd.within(10) { !lines().isEmpty } != nil)
            kill(watch.processIdentifier, SIGINT)
            watch.waitUntilExit()
            #expect(watch.terminationStatus == 0)
            let objects = try lines().map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(objects.count == 1)
            #expect(objects.first??["reason"] as? String == "start" && objects.first??["sent"] as? Int == 1)
        }
    }
}
