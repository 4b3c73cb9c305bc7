import FolioModel
import FolioStore
import FolioSync
import Foundation

/// Sync over HTTP with a real `folio-server` process on loopback: a new device pulling the whole
/// library, a no-change sync, a one-field change, a 1 % change, then the server under load.
struct HTTPSyncBench {
    let context: BenchContext
    let report: Report
    static let section = "Sync over HTTP"
    static let mb = 1_048_576.0

    func run(_ library: GeneratedLibrary, load: Bool) async throws {
        let size = library.size
        let server = try await ServerProcess(context: context, name: "\(size)")
        let relay = try ByteCountingRelay(upstreamPort: server.port)
        let dataDirectory = ServerProcess.dataDirectory(context: context, name: "\(size)")
        defer {
            relay.stop()
            server.stop()
            Cleanup.shared.remove(directory: dataDirectory)
        }
        Console.line("  folio-server pid \(server.pid) on port \(server.port), relay on \(relay.port)")

        // Device A holds the library and sends it to the empty server.
        let deviceA = try DeviceAccount.login(context: context, home: library.home, server: relay.url)
        relay.reset()
        server.resetPeak()
        let push = try context.folio(["sync"], home: library.home).check(scratch: context.scratch)
        report.add(Self.section, "first device sends the whole library (`folio sync`)", unit: "s", size: size, value: push.seconds)
        report.add(Self.section, "first device sends the whole library: bytes on the wire", unit: "MB", size: size, value: Double(relay.total) / Self.mb)
        report.add(Self.section, "first device sends the whole library: server peak RSS", unit: "MB", size: size, value: Double(server.peak) / Self.mb)

        let (deviceB, databaseB) = try newDevicePulls(size: size, server: server, relay: relay)

        let engineA = deviceA.engine(library.database)
        let engineB = deviceB.engine(databaseB)

        // No change.
        let noChange = try await timedSyncs(engineB, relay: relay, runs: context.quickRuns) {}
        report.add(Self.section, "no-change sync, in-process engine", unit: "ms", size: size, noChange.milliseconds, target: .below(30))
        report.add(Self.section, "no-change sync: bytes on the wire", unit: "bytes", size: size, noChange.bytes)
        let noChangeProcess = try processSyncs(home: deviceB.home, runs: context.quickRuns)
        report.add(Self.section, "no-change sync, `folio sync` process", unit: "ms", size: size, noChangeProcess)

        // One progress update on A, sent; then received by B.
        var rng = SeededGenerator(seed: 0xC4A6 + UInt64(size))
        var step = 0
        let oneSend = try await timedSyncs(engineA, relay: relay, runs: context.quickRuns) {
            step += 1
            try library.database.set(Field.progress, to: .number(Double(step % 89) / 100 + 0.05), on: library.ids[rng.below(library.ids.count)])
        }
        report.add(Self.section, "one-field change: sending device's sync", unit: "ms", size: size, oneSend.milliseconds, target: .below(30))
        report.add(Self.section, "one-field change: sending sync, growth from smallest size", unit: "ms", size: size, oneSend.milliseconds, target: .flat(factor: 1.5, slack: 3))
        report.add(Self.section, "one progress update: bytes on the wire (push, and info or pull when needed)", unit: "bytes", size: size, oneSend.bytes, target: .below(2048))
        var receive: [Double] = [], receiveBytes: [Double] = []
        for _ in 0..<context.quickRuns {
            try library.database.set(Field.progress, to: .number(Double(rng.below(90)) / 100 + 0.05), on: library.ids[rng.below(library.ids.count)])
            _ = try await engineA.sync()
            relay.reset()
            let seconds = try await Stopwatch.time { _ = try await engineB.sync() }
            receive.append(seconds * 1000)
            receiveBytes.append(Double(relay.total))
        }
        report.add(Self.section, "one-field change: receiving device's sync", unit: "ms", size: size, Sample(receive), target: .below(30))
        report.add(Self.section, "one-field change: receiving sync, bytes on the wire", unit: "bytes", size: size, Sample(receiveBytes), target: .below(2048))
        var processTimes: [Double] = []
        for run in 0..<context.quickRuns {
            try library.database.set(Field.progress, to: .number(Double(run % 90) / 100 + 0.03), on: library.ids[rng.below(library.ids.count)])
            processTimes.append(try context.folio(["sync"], home: library.home).check(scratch: context.scratch).seconds * 1000)
        }
        report.add(Self.section, "one-field change: sending device, `folio sync` process", unit: "ms", size: size, Sample(processTimes))

        // 1 % of the library changes on A.
        let changed = max(1, size / 100)
        var sendTimes: [Double] = [], sendBytes: [Double] = [], getTimes: [Double] = [], getBytes: [Double] = []
        for run in 0..<min(3, context.quickRuns) {
            for index in 0..<changed {
                try library.database.set(Field.progress, to: .number(Double((run + index) % 90) / 100 + 0.02), on: library.ids[(index * 97 + run * 13) % size])
            }
            relay.reset()
            sendTimes.append(try await Stopwatch.time { _ = try await engineA.sync() } * 1000)
            sendBytes.append(Double(relay.total) / 1024)
            relay.reset()
            getTimes.append(try await Stopwatch.time { _ = try await engineB.sync() } * 1000)
            getBytes.append(Double(relay.total) / 1024)
        }
        report.add(Self.section, "1 % change: sending device's sync", unit: "ms", size: size, Sample(sendTimes))
        report.add(Self.section, "1 % change: sending sync, bytes on the wire", unit: "KB", size: size, Sample(sendBytes))
        report.add(Self.section, "1 % change: receiving device's sync", unit: "ms", size: size, Sample(getTimes))
        report.add(Self.section, "1 % change: receiving sync, bytes on the wire", unit: "KB", size: size, Sample(getBytes))

        if load {
            server.stop()
            try await LoadStores(context: context, report: report).run(dataDirectory: dataDirectory, library: library)
        }
        try? FileManager.default.removeItem(at: deviceB.home)
    }

    /// A new device pulls the whole library with `folio sync` (the heavy runs of this size);
    /// returns the last device and its database.
    func newDevicePulls(size: Int, server: ServerProcess, relay: ByteCountingRelay) throws -> (DeviceAccount, FolioDatabase) {
        var times: [Double] = [], bytes: [Double] = [], clientPeaks: [Double] = [], serverPeaks: [Double] = []
        var deviceB: DeviceAccount?
        for run in 0..<context.heavyRuns(size) {
            let home = context.scratch.appendingPathComponent("device-b-\(size)-\(run)")
            let account = try DeviceAccount.login(context: context, home: home, server: relay.url)
            relay.reset()
            server.resetPeak()
            let pull = try context.folio(["sync"], home: home).check(scratch: context.scratch)
            times.append(pull.seconds)
            bytes.append(Double(relay.total) / Self.mb)
            clientPeaks.append(Double(pull.peakBytes) / Self.mb)
            serverPeaks.append(Double(server.peak) / Self.mb)
            if let previous = deviceB { try? FileManager.default.removeItem(at: previous.home) }
            deviceB = account
        }
        guard let deviceB else { throw BenchError("no pull ran") }
        let databaseB = try FolioDatabase(path: deviceB.home.appendingPathComponent("data/folio.sqlite").path)
        let received = try databaseB.counts().total
        guard received >= size else { throw BenchError("the new device holds \(received) articles after its first sync, expected \(size)") }
        let pullTimes = Sample(times)
        report.add(Self.section, "new device pulls the whole library (`folio sync`)", unit: "s", size: size, pullTimes)
        report.add(Self.section, "new device pull rate", unit: "articles/s", size: size, Sample(times.map { Double(size) / $0 }))
        report.add(Self.section, "new device pull: bytes on the wire", unit: "MB", size: size, Sample(bytes))
        report.add(Self.section, "new device pull: client peak RSS (`folio sync`)", unit: "MB", size: size, Sample(clientPeaks))
        report.add(Self.section, "new device pull: server peak RSS", unit: "MB", size: size, Sample(serverPeaks))
        return (deviceB, databaseB)
    }

    /// Only a new device's pull: a server that received the library from its device, then the
    /// new device pulls (`folio-bench --pull-only`).
    func pullOnly(_ library: GeneratedLibrary) async throws {
        let server = try await ServerProcess(context: context, name: "\(library.size)")
        let relay = try ByteCountingRelay(upstreamPort: server.port)
        let dataDirectory = ServerProcess.dataDirectory(context: context, name: "\(library.size)")
        defer {
            relay.stop()
            server.stop()
            Cleanup.shared.remove(directory: dataDirectory)
        }
        _ = try DeviceAccount.login(context: context, home: library.home, server: relay.url)
        _ = try context.folio(["sync"], home: library.home).check(scratch: context.scratch)
        let (device, _) = try newDevicePulls(size: library.size, server: server, relay: relay)
        try? FileManager.default.removeItem(at: device.home)
    }

    /// Only the server under load: a server that received the library from its device, then the
    /// load phases on each chosen store.
    func loadOnly(_ library: GeneratedLibrary) async throws {
        let server = try await ServerProcess(context: context, name: "\(library.size)")
        let dataDirectory = ServerProcess.dataDirectory(context: context, name: "\(library.size)")
        defer {
            server.stop()
            Cleanup.shared.remove(directory: dataDirectory)
        }
        _ = try DeviceAccount.login(context: context, home: library.home, server: server.url)
        let push = try context.folio(["sync"], home: library.home).check(scratch: context.scratch)
        Console.line("  the library sent to the server in \(Figure.format(push.seconds)) s")
        server.stop()
        try await LoadStores(context: context, report: report).run(dataDirectory: dataDirectory, library: library)
    }

    /// Bytes and milliseconds of in-process syncs, each after `prepare`.
    struct Timed {
        var milliseconds: Sample
        var bytes: Sample
    }

    func timedSyncs(_ engine: SyncEngine, relay: ByteCountingRelay, runs: Int, prepare: () throws -> Void) async throws -> Timed {
        var times: [Double] = [], bytes: [Double] = []
        for run in 0...runs {
            try prepare()
            relay.reset()
            let seconds = try await Stopwatch.time { _ = try await engine.sync() }
            if run > 0 {
                times.append(seconds * 1000)
                bytes.append(Double(relay.total))
            }
        }
        return Timed(milliseconds: Sample(times), bytes: Sample(bytes))
    }

    func processSyncs(home: URL, runs: Int) throws -> Sample {
        var values: [Double] = []
        for _ in 0..<runs { values.append(try context.folio(["sync"], home: home).check(scratch: context.scratch).seconds * 1000) }
        return Sample(values)
    }
}
