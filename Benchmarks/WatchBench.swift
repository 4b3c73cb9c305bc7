import AsyncHTTPClient
import FolioModel
import FolioProtocol
import FolioStore
import FolioSync
import Foundation

/// Live sync (SPEC §5.4), on the load phases' server: how long a change made on one device takes
/// to be applied on a device running `folio sync --watch` (its `SyncWatch`, in process), and what
/// devices that wait with nothing changing cost the server.
struct WatchBench {
    let context: BenchContext
    let report: Report
    /// Changes timed, one after another.
    static let changes = 20
    /// Devices waiting at once while the server's CPU time is measured.
    static let idleWaiters = 50

    func run(server: ServerProcess, client: HTTPClient, size: Int) async throws {
        let user = "watch"
        try server.addUser(user, context: context)
        let writerToken = try await LoadBench.login(user, device: "writer", client: client, server: server.url)
        let watcherToken = try await LoadBench.login(user, device: "watcher", client: client, server: server.url)
        let directory = context.scratch.appendingPathComponent("watch-\(size)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let writer = try FolioDatabase(path: directory.appendingPathComponent("writer.sqlite").path)
        let watcher = try FolioDatabase(path: directory.appendingPathComponent("watcher.sqlite").path)
        let engine = SyncEngine(database: writer, transport: HTTPTransport(server: server.url, token: writerToken), peerName: "server")
        _ = try await engine.sync()

        let synced = AsyncStream<Void>.makeStream()
        let watch = SyncWatch(database: watcher, transport: HTTPTransport(server: server.url, token: watcherToken), peerName: "server")
        let task = Task { await watch.run { event in if case .synced = event { synced.continuation.yield() } } }
        defer { task.cancel() }
        var events = synced.stream.makeAsyncIterator()
        _ = await events.next()

        var latencies: [Double] = []
        for index in 0..<Self.changes {
            let id = UUID()
            _ = try writer.save(Article(id: id, url: "https://watch.example/\(index)", title: "Watched \(index)", savedAt: Date()))
            let start = Stopwatch.now
            _ = try await engine.sync()
            // Bounded: a change that never arrives is reported, not waited for.
            while try watcher.article(id) == nil && Stopwatch.now - start < 10 {
                try await Task.sleep(for: .milliseconds(2))
            }
            guard try watcher.article(id) != nil else { throw BenchError("a change did not reach the watching device within 10 s") }
            latencies.append((Stopwatch.now - start) * 1000)
            // Apart by more than the watch's shortest interval between syncs, so each change is timed alone.
            try await Task.sleep(for: .milliseconds(400))
        }
        let sample = Sample(latencies)
        report.add(LoadBench.section, "watch: change until applied on a watching device, p99", unit: "ms", size: size, value: sample.p99, target: .below(1000))
        report.add(LoadBench.section, "watch: change until applied on a watching device, median", unit: "ms", size: size, value: sample.median)

        let idle = try await idleCost(server: server, client: client, token: watcherToken, knowledge: try watcher.replicaInfo().knowledge)
        report.add(LoadBench.section, "watch: server CPU while \(Self.idleWaiters) devices wait 10 s with nothing new", unit: "ms", size: size, value: idle)
    }

    /// The server's CPU time (user and system) while `idleWaiters` requests wait 10 s for news that
    /// never comes, in milliseconds.
    func idleCost(server: ServerProcess, client: HTTPClient, token: String, knowledge: VersionVector) async throws -> Double {
        let before = try Self.cpuMilliseconds(pid: server.pid)
        let url = server.url.appendingPathComponent("v1/wait").absoluteString
        let body = try JSONCoding.bytes(of: WaitRequest(knowledge: knowledge, timeout: 10))
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<Self.idleWaiters {
                group.addTask {
                    var request = HTTPClientRequest(url: url)
                    request.method = .POST
                    request.headers.add(name: ProtocolVersion.header, value: String(ProtocolVersion.current))
                    request.headers.add(name: "Authorization", value: "Bearer \(token)")
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(body)
                    let response = try await client.execute(request, timeout: .seconds(30))
                    let body = try await response.body.collect(upTo: 1 << 20)
                    guard response.status.code == 200 else { throw BenchError("wait failed: HTTP \(response.status.code)") }
                    return try JSONCoding.decode(WaitResponse.self, from: Array(body.readableBytesView)).changed
                }
            }
            for try await changed in group where changed {
                throw BenchError("a wait with nothing new answered changed")
            }
        }
        return try Self.cpuMilliseconds(pid: server.pid) - before
    }

    /// User plus system CPU time of process `pid` so far, from /proc.
    static func cpuMilliseconds(pid: pid_t) throws -> Double {
        let text = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name (which may hold spaces) start after the last ')'.
        guard let close = text.lastIndex(of: ")") else { throw BenchError("unreadable /proc/\(pid)/stat") }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { throw BenchError("unreadable /proc/\(pid)/stat") }
        return (user + system) * 1000 / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
