import Foundation
import Testing

/// Wire JSON written by hand, as a buggy or hostile client would send it.
enum Wire {
    static var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) << 16 }

    static func register(_ field: String, _ value: String, replica: String = "a1", counter: String = "1", stamp: String = "\(now)") -> String {
        #"{"dot":{"counter":\#(counter),"replica":"\#(replica)"},"field":"\#(field)","stamp":\#(stamp),"value":\#(value)}"#
    }

    static func record(_ registers: [String], vector: String = #"{"a1":1}"#, id: String = UUID().uuidString, kind: String = "article") -> String {
        #"{"id":"\#(id)","kind":"\#(kind)","registers":[\#(registers.joined(separator: ","))],"vector":\#(vector)}"#
    }

    static func push(_ records: [String], knowledge: String? = nil) -> [UInt8] {
        Array((#"{"records":[\#(records.joined(separator: ","))]"# + (knowledge.map { #","knowledge":\#($0)"# } ?? "") + "}").utf8)
    }

    static func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }

    /// An article record with a valid url and title under (a1, counter).
    static func article(counter: Int, extra: [String] = []) -> String {
        let c = String(counter)
        return record([register("url", #""https://example.com/hostile/\#(counter)""#, counter: c), register("title", #""Hostile \#(counter)""#, counter: c)] + extra,
                      vector: #"{"a1":\#(counter)}"#, id: UUID().uuidString)
    }
}

extension EndToEnd {
    /// A real `folio-server` under a barrage of hand-made hostile requests: none may kill it,
    /// none may get a 5xx, and afterwards a fresh device still syncs every valid record.
    @Suite(.serialized, .enabled(if: Processes.built("folio", "folio-server") && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"),
                                 "needs the built folio and folio-server, and curl"))
    struct HostileInputTests {
        func login(_ device: Device, _ server: ServerProcess) throws {
            try device.ok("login", "--server", server.url, "--user", "alice", "--password-stdin", stdin: "correct horse\n")
        }

        func token(_ server: ServerProcess) throws -> String {
            let answer = RawHTTP.send(port: server.port, RawHTTP.request("POST", "/v1/login", body: Array(#"{"user":"alice","password":"correct horse","device":"raw"}"#.utf8)))
            #expect(answer.status == 200, "\(answer.text)")
            let body = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
            return try #require(body?["token"] as? String)
        }

        @Test func barrageLeavesTheServerAliveAndTheAccountUsable() throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp)
            let victim = Device(home: temp.path("victim"))
            try login(victim, server)
            try victim.ok("add", "https://example.com/victim/1", "--offline", "--title", "Victim one")
            try victim.ok("sync")
            let token = try token(server)
            let victimReplica = try #require(try JSONSerialization.jsonObject(with: Data(victim.ok("status", "--json").utf8)) as? [String: Any])["replica"] as? String

            let future = (Int64(Date().addingTimeInterval(3 * 86_400).timeIntervalSince1970 * 1000) << 16)
            let push: [(String, [UInt8], Int)] = [
                // 1. Inputs that crashed the server.
                ("negative stamp", Wire.push([Wire.article(counter: 1, extra: [Wire.register("note", #""x""#, stamp: "-5")])]), 400),
                ("nesting in an ignored member", Array((#"{"records":[],"ignored":"# + Wire.nested(100_000) + "}").utf8), 400),
                ("counter past 2^63", Wire.push([Wire.record([Wire.register("title", #""t""#, counter: "9223372036854775808")], vector: #"{"a1":9223372036854775808}"#)]), 400),
                // 2. Values that poisoned the account.
                ("value nested past the limit", Wire.push([Wire.article(counter: 1, extra: [Wire.register("x-extra", Wire.nested(40))])]), 422),
                ("5 MB title", Wire.push([Wire.record([Wire.register("title", "\"" + String(repeating: "t", count: 5 << 20) + "\"")])]), 422),
                // 3. Values of the wrong type.
                ("progress 1e308", Wire.push([Wire.article(counter: 1, extra: [Wire.register("progress", "1e308")])]), 422),
                ("progress as a string", Wire.push([Wire.article(counter: 1, extra: [Wire.register("progress", #""0.5""#)])]), 422),
                ("title as an object", Wire.push([Wire.record([Wire.register("title", #"{"a":1}"#)])]), 422),
                ("a bad date", Wire.push([Wire.article(counter: 1, extra: [Wire.register("savedAt", #""yesterday""#)])]), 422),
                ("a javascript: url", Wire.push([Wire.record([Wire.register("url", #""javascript:alert(1)""#)])]), 422),
                ("content of the wrong shape", Wire.push([Wire.article(counter: 1, extra: [Wire.register("content", #"{"html":1}"#)])]), 422),
                // 8. What the spec forbids.
                ("replica id 0", Wire.push([Wire.record([Wire.register("title", #""t""#, replica: "0")], vector: #"{"0":1}"#)]), 422),
                ("counter 0", Wire.push([Wire.record([Wire.register("title", #""t""#, counter: "0")])]), 422),
                ("a record without registers", Wire.push([Wire.record([])]), 422),
                ("two values for one field", Wire.push([Wire.record([Wire.register("title", #""a""#), Wire.register("title", #""b""#, counter: "2")], vector: #"{"a1":2}"#)]), 422),
                ("one dot twice in a tag", Wire.push([Wire.record([Wire.register("tag:x", #""x""#), Wire.register("tag:x", #""X""#)])]), 422),
                ("a field name with a newline", Wire.push([Wire.record([Wire.register("ti\\ntle", #""t""#)])]), 422),
                ("an over-long field name", Wire.push([Wire.record([Wire.register(String(repeating: "f", count: 600), #""t""#)])]), 422),
                ("a write outside its vector", Wire.push([Wire.record([Wire.register("title", #""t""#, counter: "5")])]), 422),
                ("a stamp three days ahead", Wire.push([Wire.record([Wire.register("title", #""t""#, stamp: "\(future)")])]), 422),
                // Not JSON at all.
                ("not JSON", Array("records please".utf8), 400),
                ("a string where records go", Array(#"{"records":"none"}"#.utf8), 400),
            ]
            for (name, body, expected) in push {
                let answer = RawHTTP.send(port: server.port, RawHTTP.request("POST", "/v1/push", token: token, body: body))
                #expect(answer.status == expected, "\(name): \(answer.status) \(answer.body.prefix(300))")
                #expect(answer.body.contains(#""error""#) && answer.body.contains(#""code""#), "\(name): the error body is JSON with a code")
                #expect(!answer.body.contains("Swift.") && !answer.body.contains("DecodingError"), "\(name): no Swift type names in \(answer.body.prefix(300))")
            }

            let others: [(String, [UInt8], Int)] = [
                ("a pull nested 100,000 deep", RawHTTP.request("POST", "/v1/pull", token: token, body: Array((#"{"knowledge":{},"x":"# + Wire.nested(100_000) + "}").utf8)), 400),
                ("a pull claiming a counter past 2^63", RawHTTP.request("POST", "/v1/pull", token: token, body: Array(#"{"knowledge":{"a1":18446744073709551615}}"#.utf8)), 400),
                ("malformed chunking on login", RawHTTP.chunked("POST", "/v1/login", rawBody: "zz\r\n{}\r\n0\r\n\r\n"), 400),
                ("malformed chunking on push", RawHTTP.chunked("POST", "/v1/push", token: token, rawBody: "5\r\n{\"rec\r\nXYZ\r\n"), 400),
                ("gzip that is not gzip", RawHTTP.request("POST", "/v1/push", token: token, body: Array("not gzip".utf8), headers: ["Content-Encoding: gzip"]), 400),
                ("a body over the limit", RawHTTP.request("POST", "/v1/login", body: [UInt8](repeating: 0x20, count: 200_000)), 413),
            ]
            for (name, request, expected) in others {
                let answer = RawHTTP.send(port: server.port, request)
                #expect(answer.status == expected, "\(name): \(answer.status) \(answer.text.prefix(300))")
                #expect(answer.body.contains(#""error""#) && answer.body.contains(#""code""#), "\(name): the error body is JSON with a code")
            }

            // 5. A push claiming another device's writes it never sent: the claim is not believed.
            let forged = Wire.push([], knowledge: #"{"\#(victimReplica ?? "a1")":1000}"#)
            #expect(RawHTTP.send(port: server.port, RawHTTP.request("POST", "/v1/push", token: token, body: forged)).status == 200)

            // Valid records among the barrage: a very compressible note and a deeply (but
            // legally) nested unknown field. Every device must still be able to pull them.
            let valid = Wire.push([Wire.article(counter: 7, extra: [Wire.register("note", "\"" + String(repeating: "=", count: 30_000) + "\"", counter: "7"),
                                                                   Wire.register("x-future", Wire.nested(30), counter: "7")])],
                                  knowledge: #"{"a1":7}"#)
            let stored = RawHTTP.send(port: server.port, RawHTTP.request("POST", "/v1/push", token: token, body: valid))
            #expect(stored.status == 200, "\(stored.body.prefix(300))")

            #expect(server.healthy(), "the server survived the barrage")
            try victim.ok("add", "https://example.com/victim/2", "--offline", "--title", "Victim two")
            let synced = try victim.ok("sync")
            #expect(synced.contains("sent 1"), "the victim's new write still syncs: \(synced)")

            let fresh = Device(home: temp.path("fresh"))
            try login(fresh, server)
            try fresh.ok("sync")
            let titles = Set(try fresh.listed("--all").map(\.title))
            #expect(titles == ["Victim one", "Victim two", "Hostile 7"], "a fresh device gets every valid record")
            #expect(try fresh.run("show", String(try #require(try fresh.listed("--all").first { $0.title == "Hostile 7" }).id.prefix(8))).status == 0)
            #expect(server.healthy())
        }

        /// Item 6: writes the server holds beyond its knowledge (the first batch of a push whose
        /// last batch never came) still reach a device that would otherwise skip the pull.
        @Test func writesBeyondTheServersKnowledgeReachDevices() throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp)
            let device = Device(home: temp.path("a"))
            try login(device, server)
            try device.ok("add", "https://example.com/mine", "--offline", "--title", "Mine")
            try device.ok("sync")
            let interrupted = Wire.push([Wire.article(counter: 3)])  // no knowledge claim: the push never finished
            #expect(RawHTTP.send(port: server.port, RawHTTP.request("POST", "/v1/push", token: try token(server), body: interrupted)).status == 200)
            try device.ok("progress", String(try device.listed().first!.id.prefix(8)), "50%")
            try device.ok("sync")
            #expect(Set(try device.listed("--all").map(\.title)) == ["Mine", "Hostile 3"])
        }

        /// Item 12: one article of about 9 MB of text travels alone and never blocks the rest.
        @Test func oneLargeArticleDoesNotBlockSync() throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp)
            let device = Device(home: temp.path("a")), other = Device(home: temp.path("b"))
            try login(device, server)
            try login(other, server)
            let text = (0..<200_000).map { "Sentence number \($0) of a very long article." }.joined(separator: "\n\n")
            let file = temp.path("big.txt")
            try Data(("A very long article\n\n" + text).utf8).write(to: URL(fileURLWithPath: file))
            try device.ok("add", "--file", file)
            try device.ok("add", "https://example.com/small", "--offline", "--title", "Small")
            try device.ok("sync")
            try other.ok("sync")
            #expect(Set(try other.listed("--all").map(\.title)) == ["A very long article", "Small"])
        }

        /// Item 4: crafted bundles are refused with a clear message, not a crash.
        @Test func craftedBundlesAreRefused() throws {
            let temp = try TemporaryDirectory()
            let device = Device(home: temp.path("a"))
            try device.ok("init")
            for (name, record) in [
                ("negative stamp", Wire.record([Wire.register("title", #""t""#, stamp: "-1")])),
                ("counter 2^63", Wire.record([Wire.register("title", #""t""#, counter: "9223372036854775808")], vector: #"{"a1":9223372036854775808}"#)),
                ("progress 1e308", Wire.record([Wire.register("progress", "1e308")])),
                ("nested 100,000 deep", Wire.record([Wire.register("x", Wire.nested(100_000))])),
            ] {
                let body = record + "\n"
                let unsigned = #"{"base":{},"bodyBytes":\#(body.utf8.count),"created":"2026-11-29T00:00:00.000Z","format":"folio-bundle","knowledge":{"a1":1},"records":1,"replica":"a1","sha256":"","version":2}"#
                let path = temp.path("crafted.folio")
                try Data((unsigned + "\n" + body).utf8).write(to: URL(fileURLWithPath: path))
                let digest = String(decoding: try Processes.runSystem("/usr/bin/sha256sum", [path]), as: UTF8.self).prefix(64)
                let header = unsigned.replacingOccurrences(of: #""sha256":"""#, with: #""sha256":"\#(digest)""#)
                try Data((header + "\n" + body).utf8).write(to: URL(fileURLWithPath: path))
                let result = try device.run("bundle", "apply", path)
                #expect(result.status == 1, "\(name): exit \(result.status) \(result.stderr)")
                #expect(result.stderr.contains("refused") || result.stderr.contains("corrupted"), "\(name): \(result.stderr)")
                #expect(try device.listed("--all").isEmpty)
            }
        }
    }
}
