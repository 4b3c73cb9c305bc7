import Foundation
import Synchronization
import PostgresTestSupport
import Testing

extension EndToEnd {
    /// Several `folio-server` processes on one PostgreSQL database, as a self-hoster who
    /// outgrew one process runs them behind a load balancer.
    @Suite(.serialized,
           .enabled(if: Processes.built("folio", "folio-server") && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")
                        && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
                    "needs the built folio and folio-server, curl and python3"),
           .enabled(if: PostgresCluster.isAvailable, Comment(rawValue: PostgresCluster.skipReason)))
    struct PostgresServerTests {
        /// Three devices behind a proxy that sends each request to a random one of three processes
        /// edit at once and sync at once for a few rounds: every device ends with every article.
        /// A wait held by one process answers as soon as a push lands on another (LISTEN/NOTIFY),
        /// and a token revoked through one process's database is refused by all three at once.
        @Test func threeProcessesServeOneDatabase() throws {
            let temp = try TemporaryDirectory()
            let database = try PostgresCluster.shared().database()
            let servers = (0..<3).map { index in
                let server = ServerProcess(data: temp.path("server\(index)"))
                server.database = database
                return server
            }
            try servers[0].addUser("alice", password: "correct horse")
            for server in servers { try server.start() }
            defer { for server in servers { server.stop() } }
            for server in servers { #expect(try server.status("GET", "/ready") == 200, "each process reads the database") }
            let proxy = try RandomProxy(ports: servers.map(\.port))
            defer { proxy.stop() }
            let devices = (0..<3).map { Device(home: temp.path("device\($0)")) }
            for device in devices {
                try device.ok("login", "--server", proxy.url, "--user", "alice", "--password-stdin", stdin: "correct horse\n")
            }
            for round in 0..<3 {
                for (index, device) in devices.enumerated() {
                    try device.ok("add", "https://example.com/\(index)/\(round)", "--offline", "--title", "D\(index) R\(round)")
                }
                let failures = Mutex<[String]>([])
                DispatchQueue.concurrentPerform(iterations: devices.count) { index in
                    do { try devices[index].ok("sync") } catch { failures.withLock { $0.append("\(error)") } }
                }
                #expect(failures.withLock { $0 }.isEmpty)
            }
            for device in devices { try device.ok("sync") }
            let expected = Set((0..<3).flatMap { index in (0..<3).map { "D\(index) R\($0)" } })
            for device in devices {
                #expect(Set(try device.listed("--all").map(\.title)) == expected)
            }
            let counts = try proxy.counts()
            #expect(servers.allSatisfy { counts[$0.port, default: 0] > 0 }, "every process served requests: \(counts)")

            let token = try Self.login(at: servers[1])
            let info = RawHTTP.send(port: servers[0].port, RawHTTP.request("GET", "/v1/info", token: token))
            let knowledge = try #require((try JSONSerialization.jsonObject(with: Data(info.body.utf8)) as? [String: Any])?["knowledge"])
            let wait = try JSONSerialization.data(withJSONObject: ["knowledge": knowledge, "timeout": 20])
            let answer = Mutex<(RawHTTP.Answer, Date)?>(nil)
            let held = Thread {
                let reply = RawHTTP.send(port: servers[0].port, RawHTTP.request("POST", "/v1/wait", token: token, body: Array(wait)))
                answer.withLock { $0 = (reply, Date()) }
            }
            held.start()
            Thread.sleep(forTimeInterval: 0.5)
            #expect(answer.withLock { $0 } == nil, "the wait answered before anything changed")
            let direct = Device(home: temp.path("direct"))
            try direct.ok("login", "--server", servers[2].url, "--user", "alice", "--password-stdin", stdin: "correct horse\n")
            try direct.ok("add", "https://example.com/elsewhere", "--offline", "--title", "Pushed to another process")
            try direct.ok("sync")
            let pushed = Date()
            #expect(EndToEnd.within(5) { answer.withLock { $0 } != nil } != nil, "the wait on one process did not hear a push to another")
            if let (reply, at) = answer.withLock({ $0 }) {
                #expect(reply.status == 200 && reply.body.contains(#""changed":true"#), "\(reply.text)")
                #expect(at.timeIntervalSince(pushed) < 2)
            }

            for server in servers { #expect(try server.status("GET", "/v1/info", token: token) == 200) }
            let tokens = try JSONSerialization.jsonObject(with: Data(try servers[2].admin(["token", "list", "--json"]).stdout.utf8)) as? [[String: Any]]
            let id = try #require(tokens?.first { $0["device"] as? String == "raw" }?["id"] as? Int)
            try servers[2].admin(["token", "revoke", String(id)])
            for server in servers { #expect(try server.status("GET", "/v1/info", token: token) == 401) }
        }

        /// Logs alice in at `server` with raw HTTP as the device "raw"; the token.
        /// `folio-server status --json` of the store these options name.
        static func statistics(_ store: [String]) throws -> [String: Any] {
            let status = try Processes.run("folio-server", ["status", "--json"] + store)
            #expect(status.status == 0, "\(status.stderr)")
            return try #require(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        }

        static func login(at server: ServerProcess) throws -> String {
            let answer = RawHTTP.send(port: server.port, RawHTTP.request("POST", "/v1/login", body: Array(#"{"user":"alice","password":"correct horse","device":"raw"}"#.utf8)))
            let body = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
            return try #require(body?["token"] as? String)
        }

        /// `folio-server migrate` moves a served SQLite store to PostgreSQL: after it, the server
        /// on the database at the same address lets devices go on where they were (a device sends
        /// only its new change, a new device gets everything, conflicts and tokens included), and
        /// a second migrate into the now full database is refused. `status` counts the same on
        /// both sides of the move.
        @Test func migrateMovesAServerWithoutResync() throws {
            let temp = try TemporaryDirectory()
            let server = try ServerProcess.withAlice(in: temp)
            let devices = (0..<2).map { Device(home: temp.path("device\($0)")) }
            for device in devices {
                try device.ok("login", "--server", server.url, "--user", "alice", "--password-stdin", stdin: "correct horse\n")
            }
            for index in 0..<3 { try devices[0].ok("add", "https://example.com/\(index)", "--offline", "--title", "Article \(index)") }
            try devices[0].ok("sync")
            try devices[1].ok("sync")
            let shared = String(try devices[0].listed("--all").first { $0.title == "Article 0" }!.id.prefix(8))
            try devices[0].ok("progress", shared, "30%")
            try devices[1].ok("progress", shared, "60%")
            try devices[0].ok("sync")
            try devices[1].ok("sync")
            server.stop()
            let before = try Self.statistics(["--data", server.data])

            let database = try PostgresCluster.shared().database()
            let migrated = try Processes.run("folio-server", ["migrate", "--from", server.data, "--to", database])
            #expect(migrated.status == 0, "\(migrated.stderr)")
            #expect(migrated.stdout.contains("Copied 1 user(s), 2 device token(s), 3 record(s)"))
            #expect(migrated.stdout.contains("1 conflict(s)"))
            let after = try Self.statistics(["--database", database])
            for count in ["users", "activeTokens", "revokedTokens", "records", "conflictsLogged", "lastDeviceRequest"] {
                #expect(after[count] as? NSObject == before[count] as? NSObject, "\(count): \(after) after, \(before) before")
            }
            #expect(before["records"] as? Int == 3 && before["conflictsLogged"] as? Int == 1)
            #expect((after["databaseBytes"] as? Int ?? 0) > 0 && after["walBytes"] == nil, "PostgreSQL's log is the cluster's, not the database's")
            let table = try Processes.run("folio-server", ["status", "--database", database])
            #expect(table.status == 0 && table.stdout.contains(PostgresCluster.databaseName(database) ?? "?") && !table.stdout.contains("Data directory"),
                    "\(table.stdout)\(table.stderr)")

            server.database = database
            try server.start()
            defer { server.stop() }
            try devices[0].ok("add", "https://example.com/after", "--offline", "--title", "After the move")
            #expect(try devices[0].ok("sync").contains("sent 1,"), "a device sends only its new change")
            #expect(try devices[1].ok("sync").contains("received 1"))
            let fresh = Device(home: temp.path("fresh"))
            try fresh.ok("login", "--server", server.url, "--user", "alice", "--password-stdin", stdin: "correct horse\n")
            try fresh.ok("sync")
            #expect(try fresh.listed("--all").count == 4)
            #expect(try fresh.ok("conflicts").contains("Article 0"))

            let again = try Processes.run("folio-server", ["migrate", "--from", server.data, "--to", database])
            #expect(again.status == 1 && again.stderr.contains("already holds 1 user"))
        }
    }
}
