import FolioModel
import Foundation
import Testing

extension EndToEnd {
    /// `folio conflicts` as a person reads it, with the real server and two named devices.
    @Suite(.serialized, .enabled(if: Processes.built("folio", "folio-server"), "needs the built folio and folio-server"))
    struct ConflictsTests {
        static let keptNote = "Finished it on the train: the middle chapters drag, but the one on structured concurrency is worth the whole book"
        static let lostNote = "Read this with the team on Monday, then compare it with the talk from last spring and write down three questions"

        /// Regression (issue 14): conflicts cut values to six characters, named devices by hex
        /// replica ids, showed progress as `0.9`, and a deletion that beat another device's
        /// favourite never appeared. Now, at 80 columns: device names from login, `90%`, long
        /// values wrapped whole, dates for people, and the favourite the deletion hid.
        @Test func conflictsNameDevicesWrapValuesAndListHiddenEdits() throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp)
            defer { server.stop() }
            let laptop = Device(home: temp.path("laptop"), environment: ["COLUMNS": "80"])
            let phone = Device(home: temp.path("phone"), environment: ["COLUMNS": "80"])
            for (device, name) in [(laptop, "laptop"), (phone, "phone")] {
                try device.ok("login", "--server", server.url, "--user", "alice", "--device", name, "--password-stdin", stdin: "correct horse\n")
            }
            func id(_ url: String) throws -> String { String(try CanonicalURL(url).articleID.uuidString.lowercased().prefix(8)) }
            let (shared, gone) = (try id("https://example.com/shared"), try id("https://example.com/gone"))
            try laptop.ok("add", "https://example.com/shared", "--offline", "--title", "Shared")
            try laptop.ok("add", "https://example.com/gone", "--offline", "--title", "Gone")
            try laptop.ok("sync")
            try phone.ok("sync")

            // Concurrent edits, the phone's first (so the laptop's win), and a deletion that
            // meets the phone's favourite. `rm` moves to the trash once the trash exists; then
            // deleting for good is `rm --purge`.
            try phone.ok("progress", shared, "30%")
            try phone.ok("note", shared, Self.lostNote)
            try phone.ok("fav", gone)
            try laptop.ok("progress", shared, "90%")
            try laptop.ok("note", shared, Self.keptNote)
            let purge = try laptop.ok("rm", "--help").contains("--purge") ? ["--purge"] : []
            try laptop.ok(["rm"] + purge + [gone])
            try phone.ok("sync")
            try laptop.ok("sync")
            try phone.ok("sync")

            for (device, me, other) in [(laptop, "laptop", "phone"), (phone, "phone", "laptop")] {
                let output = try device.ok("conflicts")
                let lines = output.split(separator: "\n")
                #expect(lines.allSatisfy { $0.count <= 80 }, "wider than 80 columns:\n\(output)")
                let flowing = output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                let (laptopName, phoneName) = me == "laptop" ? ("laptop (this device)", "phone") : ("laptop", "phone (this device)")
                #expect(flowing.contains("progress of \"Shared\" kept 90%, by \(laptopName)"), "\(output)")
                #expect(flowing.contains("lost 30%, by \(phoneName)"), "\(output)")
                #expect(flowing.contains("note of \"Shared\" kept \"\(Self.keptNote)\", by \(laptopName)"), "\(output)")
                #expect(flowing.contains("lost \"\(Self.lostNote)\", by \(phoneName)"), "\(output)")
                #expect(flowing.contains("favourite of \"Gone\" kept deleted, by \(laptopName)"), "\(output)")
                #expect(flowing.contains("lost favourite, by \(phoneName)"), "\(output)")
                #expect(!output.contains("0.9") && !output.contains("device 0") && output.contains(other), "\(output)")

                let entries = try #require(try JSONSerialization.jsonObject(with: Data(try device.ok("conflicts", "--json").utf8)) as? [[String: Any]])
                #expect(entries.count == 3, "no noise entries: \(entries)")
                let hidden = try #require(entries.first { $0["field"] as? String == Field.favorite })
                #expect(hidden["hiddenByDeletion"] as? Bool == true && hidden["keptDevice"] as? String == "laptop" && hidden["lostDevice"] as? String == "phone")
            }
        }
    }
}
