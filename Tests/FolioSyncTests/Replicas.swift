import FolioModel
import FolioStore
import Foundation

/// Device databases in a temporary directory, removed when the test ends.
final class Replicas: @unchecked Sendable {
    let directory: URL
    var databases: [FolioDatabase] = []

    /// `count` new replicas; with `ids`, replica i gets `ids[i]` (reproducible runs).
    init(count: Int, ids: [ReplicaID]? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("folio-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for index in 0..<count {
            databases.append(try FolioDatabase(path: directory.appendingPathComponent("r\(index).sqlite").path, newReplicaID: ids?[index]))
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    subscript(index: Int) -> FolioDatabase { databases[index] }

    func file(_ name: String) -> URL { directory.appendingPathComponent(name) }
}

/// Replica-to-replica exchange over the store API, the way every transport drives it.
enum Exchange {
    /// Sends what `receiver` lacks from `sender`, `pageSize` records a page. With `stopAfter`,
    /// the exchange is interrupted after that many pages (knowledge does not advance).
    /// Returns the records changed at the receiver.
    @discardableResult
    static func send(from sender: FolioDatabase, to receiver: FolioDatabase, pageSize: Int = 500, stopAfter: Int? = nil) throws -> Int {
        let knowledge = try receiver.replicaInfo().knowledge
        let senderKnowledge = try sender.replicaInfo().knowledge
        let peer = "peer:\(try sender.replicaInfo().id.hex)"
        var cursor: Dot?
        var pages = 0, changed = 0
        repeat {
            if let stopAfter, pages == stopAfter { return changed }
            let page = try sender.changes(notCoveredBy: knowledge, after: cursor, limit: pageSize)
            changed += try receiver.apply(page.records, peer: peer, peerKnowledge: senderKnowledge, cursor: page.next?.description).changed
            cursor = page.next
            pages += 1
        } while cursor != nil
        return changed
    }

    /// Brings every replica to the same state: all into the first, then the first into all.
    static func converge(_ replicas: [FolioDatabase]) throws {
        for replica in replicas.dropFirst() { try send(from: replica, to: replicas[0]) }
        for replica in replicas.dropFirst() { try send(from: replicas[0], to: replica) }
    }
}

extension FolioDatabase {
    /// Every record and its registers (value, dot, stamp) in a canonical order: equal dumps mean
    /// replicas show the same state. Record vectors are left out: they are replica metadata and may
    /// differ in the dots of writes that lost to concurrent ones (SPEC §3.3).
    func canonicalDump() throws -> [RecordState] {
        try changes(notCoveredBy: VersionVector(), limit: 1_000_000).records.canonical
    }
}

extension [RecordState] {
    /// The records without their vectors, by id: the form of ``FolioDatabase/canonicalDump()``.
    var canonical: [RecordState] {
        map { RecordState(id: $0.id, kind: $0.kind, registers: $0.registers) }.sorted { $0.id.uuidString < $1.id.uuidString }
    }
}
