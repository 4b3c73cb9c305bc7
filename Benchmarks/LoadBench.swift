import AsyncHTTPClient
import FolioModel
import FolioProtocol
import Foundation

/// A bounded load generator: `clients` concurrent devices of `loadUsers` users on loopback, each
/// running syncs back to back for a fixed time, with the requests `folio sync` makes (see
/// ``LoadClient``). A one-change sync changes one reading position.
struct LoadBench {
    let context: BenchContext
    let report: Report
    /// The store the phases run on, which names their figures' variant.
    let store: LoadStore
    /// PostgreSQL's account of the one-change phase's statements, when asked for.
    var statements: StatementStatistics?
    static let section = "Server load"

    /// What one load phase did.
    struct Outcome: Sendable {
        var syncs: Int
        var requests: Int
        var errors: Int
        var seconds: Double
        var latencies: [Double]
        var firstError: String?
    }

    /// Runs the phases against `servers` (processes serving one store; client *i* talks to server
    /// *i* mod their count), then, on SQLite, the watch measurements.
    func run(servers: [ServerProcess], library: GeneratedLibrary) async throws {
        guard let server = servers.first else { throw BenchError("no server to load") }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: context.loadClients)))
        do {
            let tokens = try await deviceTokens(client: client, server: server)
            let clients = context.loadClients, users = context.loadUsers, seconds = Figure.format(context.loadSeconds)
            // In the first three phases the clients are devices of several users, as on a shared
            // server: at least 1,000 syncs/s with a p99 under 50 ms. The first two sync back to
            // back, so their latency is the clients' count over the rate (a closed loop); the
            // third offers 1,000 syncs/s whatever the answers take, the latency at that load. The
            // last is the worst case of one user with every device busy, each pull also bringing
            // the changes the other 49 devices made since: its target is a p99 under 100 ms.
            let phases = [
                LoadPhase(name: "no-change syncs", label: "no-change syncs, \(clients) clients of \(users) users, \(seconds) s",
                          change: false, tokens: tokens.shared, rate: .atLeast(1000), p99: .below(50)),
                LoadPhase(name: "one-change syncs", label: "one-change syncs, \(clients) clients of \(users) users, \(seconds) s",
                          change: true, tokens: tokens.shared, rate: .atLeast(1000), p99: .below(50)),
                LoadPhase(name: "one-change syncs at 1,000/s", label: "one-change syncs offered at 1,000/s, \(clients) clients of \(users) users, \(seconds) s",
                          change: true, tokens: tokens.shared, rate: nil, p99: .below(50), pace: 1000),
                LoadPhase(name: "one-change syncs, one user", label: "one-change syncs, \(clients) devices of one user, \(seconds) s",
                          change: true, tokens: tokens.oneUser, rate: nil, p99: .below(100)),
            ]
            let variant = store.label
            for phase in phases {
                for server in servers { server.resetPeak() }
                let measured = phase.name == "one-change syncs" ? statements : nil
                try measured?.reset()
                let outcome = try await self.phase(client: client, servers: servers.map(\.url), tokens: phase.tokens, library: library,
                                                   change: phase.change, pace: phase.pace)
                try measured?.write(syncs: outcome.syncs)
                report.add(Self.section, phase.label, variant: variant, unit: "syncs/s", size: library.size,
                           value: Double(outcome.syncs) / outcome.seconds, target: phase.rate)
                let latencies = Sample(outcome.latencies)
                report.add(Self.section, "\(phase.name): p99 latency", variant: variant, unit: "ms", size: library.size,
                           value: latencies.p99, target: phase.p99)
                report.add(Self.section, "\(phase.name): median latency", variant: variant, unit: "ms", size: library.size, value: latencies.median)
                report.add(Self.section, "\(phase.name): HTTP requests per sync", variant: variant, unit: "", size: library.size,
                           value: Double(outcome.requests) / Double(max(outcome.syncs + outcome.errors, 1)))
                report.add(Self.section, "\(phase.name): server peak RSS (sum over its processes)", variant: variant,
                           unit: "MB", size: library.size, value: Double(servers.map(\.peak).reduce(0, +)) / 1_048_576)
                if outcome.errors > 0 {
                    report.note("Load (\(variant), \(phase.name), \(Report.sizeLabel(library.size))): \(outcome.errors) failed syncs of \(outcome.syncs + outcome.errors); first: \(outcome.firstError ?? "?")")
                }
            }
            if store == .sqlite {
                try await WatchBench(context: context, report: report).run(server: server, client: client, size: library.size)
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// A device token for each client, as each device logs in with its own: `shared[i]` for
    /// client *i* of the phases shared by the load users (the library's user and users added for
    /// the load, with empty libraries), `oneUser[i]` for client *i* of the one-user phase (all
    /// the library's user). Client *i* of the shared phases is a device of user *i* mod the
    /// user count, and the library user's devices serve in both.
    func deviceTokens(client: HTTPClient, server: ServerProcess) async throws -> (shared: [String], oneUser: [String]) {
        let users = context.loadUsers, clients = context.loadClients
        for index in 1..<users { try server.addUser("load-\(index)", context: context) }
        let logins = (0..<clients).map { index in (user: index % users == 0 ? ServerProcess.user : "load-\(index % users)", device: "load-\(index)") }
            + (0..<clients).filter { $0 % users != 0 }.map { (user: ServerProcess.user, device: "load-one-\($0)") }
        // Two at a time: a login costs a password hash (a quarter of a second of one core).
        var tokens: [String: String] = [:]
        let url = server.url
        for start in stride(from: 0, to: logins.count, by: 2) {
            try await withThrowingTaskGroup(of: (String, String).self) { group in
                for login in logins[start..<min(start + 2, logins.count)] {
                    group.addTask { (login.device, try await Self.login(login.user, device: login.device, client: client, server: url)) }
                }
                for try await (device, token) in group { tokens[device] = token }
            }
        }
        let shared = (0..<clients).map { tokens["load-\($0)"]! }
        let oneUser = (0..<clients).map { $0 % users == 0 ? shared[$0] : tokens["load-one-\($0)"]! }
        return (shared, oneUser)
    }

    /// A device token for user `name` (whose password is the benchmark's).
    static func login(_ name: String, device: String, client: HTTPClient, server: URL) async throws -> String {
        var request = HTTPClientRequest(url: server.appendingPathComponent("v1/login").absoluteString)
        request.method = .POST
        request.headers.add(name: ProtocolVersion.header, value: String(ProtocolVersion.current))
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(try JSONCoding.encoder.encode(LoginRequest(user: name, password: ServerProcess.password, device: device)))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == 200 else { throw BenchError("login of \(name) failed: HTTP \(response.status.code)") }
        return try JSONCoding.decoder.decode(LoginResponse.self, from: Data(body.readableBytesView)).token
    }

    /// One phase: every client syncs back to back until the deadline, or, with `pace`, the
    /// clients together start that many syncs a second (each client's starts a Poisson process)
    /// and a sync's latency counts from its scheduled start, so a server that falls behind is
    /// charged for the wait it causes.
    func phase(client: HTTPClient, servers: [URL], tokens: [String], library: GeneratedLibrary, change: Bool, pace: Double?) async throws -> Outcome {
        let deadline = Stopwatch.now + context.loadSeconds
        let start = Stopwatch.now
        let clients = context.loadClients
        let origin = context.factory.origin
        return try await withThrowingTaskGroup(of: Outcome.self) { group in
            for index in 0..<clients {
                let articleIndex = ((library.size - 1 - index * 7) % library.size + library.size) % library.size
                let articleID = library.ids[articleIndex]
                group.addTask {
                    let device = LoadClient(client: client, server: servers[index % servers.count], token: tokens[index % tokens.count], replica: ReplicaID.random())
                    let schedule = pace.map { LoadSchedule(start: start, meanInterval: Double(clients) / $0, seed: UInt64(index + 1)) }
                    return await device.loop(until: deadline, change: change, article: articleID, baseDot: Dot(replica: origin, counter: UInt64(articleIndex + 1)),
                                             schedule: schedule)
                }
            }
            var total = Outcome(syncs: 0, requests: 0, errors: 0, seconds: 0, latencies: [], firstError: nil)
            for try await outcome in group {
                total.syncs += outcome.syncs
                total.requests += outcome.requests
                total.errors += outcome.errors
                total.latencies += outcome.latencies
                total.firstError = total.firstError ?? outcome.firstError
            }
            total.seconds = Stopwatch.now - start
            return total
        }
    }
}

/// A load phase: what its clients do, as whose devices, and its targets.
struct LoadPhase {
    var name: String
    var label: String
    /// Whether each sync changes a reading position.
    var change: Bool
    var tokens: [String]
    var rate: Figure.Target?
    var p99: Figure.Target?
    /// Syncs a second the clients start together, or nil for syncs back to back.
    var pace: Double? = nil
}

/// The scheduled starts of one paced client: a Poisson process (exponential gaps of a given
/// mean), as independent devices syncing at random times make together.
struct LoadSchedule: Sendable {
    private var time: Double
    let meanInterval: Double
    private var random: SeededGenerator

    init(start: Double, meanInterval: Double, seed: UInt64) {
        time = start
        self.meanInterval = meanInterval
        random = SeededGenerator(seed: seed)
    }

    /// The next scheduled start.
    mutating func next() -> Double {
        time += -meanInterval * log(1 - random.unit())
        return time
    }
}

/// One simulated device of the load generator.
struct LoadClient: Sendable {
    let client: HTTPClient
    let server: URL
    let token: String
    let replica: ReplicaID
    /// Bound on the syncs of one client, whatever the clock says.
    static let maximumSyncs = 1_000_000

    /// Syncs back to back as `SyncEngine` does: the first sync starts from info; later syncs
    /// skip it (SPEC §5.2): with a change they push against the server knowledge stored at the
    /// last sync, asking for a pull's first page along, and pull further only when that page has
    /// a cursor; without one they pull at once. Like a device, it asks only for the conflicts
    /// logged after the last one it received.
    /// With a `schedule`, each sync waits for its scheduled start and its latency counts from it.
    func loop(until deadline: Double, change: Bool, article: UUID, baseDot: Dot, schedule: LoadSchedule?) async -> LoadBench.Outcome {
        var outcome = LoadBench.Outcome(syncs: 0, requests: 0, errors: 0, seconds: 0, latencies: [], firstError: nil)
        var knowledge = VersionVector()
        var counter: UInt64 = 0
        var conflictSeq = 0
        var server: (epoch: String, knowledge: VersionVector)?
        var schedule = schedule
        while Stopwatch.now < deadline && outcome.syncs < Self.maximumSyncs {
            var start = Stopwatch.now
            if let scheduled = schedule?.next() {
                guard scheduled < deadline else { break }
                if scheduled > start { try? await Task.sleep(for: .seconds(scheduled - start)) }
                start = scheduled
            }
            do {
                var pullNow = false
                var pulled: PullResponse?
                if server == nil {
                    let info: ServerInfo = try await send("GET", "v1/info", body: Optional<PullRequest>.none, counting: &outcome)
                    // A new device here starts out knowing the library, so its first pull is small.
                    knowledge = info.knowledge
                    server = (info.epoch, info.knowledge)
                } else if !change {
                    pullNow = true
                }
                if change, let known = server {
                    counter += 1
                    let dot = Dot(replica: replica, counter: counter)
                    var vector = VersionVector()
                    vector.add(baseDot)
                    vector.add(dot)
                    let register = Register(field: Field.progress, value: .number(Double(counter % 100) / 100),
                                            dot: dot, stamp: HLCStamp(wall: HybridClock.wallMilliseconds(Date())))
                    knowledge.add(dot)
                    let push = PushRequest(epoch: known.epoch, records: [RecordState(id: article, kind: .article, vector: vector, registers: [register])],
                                           knowledge: knowledge, base: known.knowledge, pull: PullOptions(limit: 500, conflictsAfter: conflictSeq))
                    let answer: PushResponse = try await send("POST", "v1/push", body: push, counting: &outcome)
                    server = (answer.epoch, answer.knowledge)
                    pulled = answer.pull
                }
                if let known = server, pullNow || pulled != nil || !knowledge.dominates(known.knowledge) {
                    var cursor: String?
                    var pages = 0
                    var first: VersionVector?
                    repeat {
                        let page: PullResponse
                        if let along = pulled {
                            page = along
                            pulled = nil
                        } else {
                            page = try await send("POST", "v1/pull", body: PullRequest(knowledge: knowledge, cursor: cursor, limit: 500, conflictsAfter: conflictSeq), counting: &outcome)
                        }
                        first = first ?? page.knowledge
                        cursor = page.cursor
                        conflictSeq = page.conflictSeq
                        pages += 1
                    } while cursor != nil && pages < 100
                    if let first {
                        knowledge.join(first)
                        // A pull-only sync stores the pull's knowledge; after a push, the push answer's.
                        if pullNow { server = (known.epoch, first) }
                    }
                }
                outcome.syncs += 1
                outcome.latencies.append((Stopwatch.now - start) * 1000)
            } catch {
                outcome.errors += 1
                if outcome.firstError == nil { outcome.firstError = "\(error)" }
                if outcome.errors > 1000 { break }
                server = nil
            }
        }
        return outcome
    }

    /// A request the server answered with something other than 200.
    struct HTTPFailure: Error, CustomStringConvertible {
        var description: String
    }

    func send<Body: Encodable, Response: Decodable>(_ method: String, _ path: String, body: Body?, counting outcome: inout LoadBench.Outcome) async throws -> Response {
        outcome.requests += 1
        var request = HTTPClientRequest(url: server.appendingPathComponent(path).absoluteString)
        request.method = method == "GET" ? .GET : .POST
        request.headers.add(name: ProtocolVersion.header, value: String(ProtocolVersion.current))
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(try JSONCoding.bytes(of: body))
        }
        let response = try await client.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        guard response.status.code == 200 else {
            throw HTTPFailure(description: "\(method) /\(path): HTTP \(response.status.code) \(String(decoding: buffer.readableBytesView.prefix(200), as: UTF8.self))")
        }
        return try JSONCoding.decode(Response.self, from: Array(buffer.readableBytesView))
    }
}
