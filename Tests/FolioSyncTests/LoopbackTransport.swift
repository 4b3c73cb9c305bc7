import FolioModel
import FolioProtocol
import FolioStore
import FolioSync
import Foundation

/// A stand-in server for engine tests: another device database answering the protocol in-process.
struct LoopbackTransport: SyncTransport {
    let server: FolioDatabase
    let epoch: String

    func info() async throws -> ServerInfo {
        let info = try server.replicaInfo()
        return ServerInfo(epoch: epoch, replica: info.id, knowledge: info.knowledge, serverTime: Date())
    }

    func pull(_ request: PullRequest) async throws -> PullResponse {
        let cursor = request.cursor.flatMap(Self.parse)
        let page = try server.changes(notCoveredBy: request.knowledge, after: cursor, limit: request.limit ?? 500)
        return PullResponse(epoch: epoch, knowledge: try server.replicaInfo().knowledge, records: page.records,
                            cursor: page.next.map { "\($0.replica.hex):\($0.counter)" }, conflicts: [], conflictSeq: 0, serverTime: Date())
    }

    func push(_ request: PushRequest) async throws -> PushResponse {
        if let claimed = request.epoch, claimed != epoch { throw SyncError.server(status: 409, code: "epoch_changed", message: "new epoch") }
        if let base = request.base, try !server.replicaInfo().knowledge.dominates(base) {
            throw SyncError.server(status: 409, code: "server_behind", message: "restored")
        }
        let result = try server.apply(request.records, peer: request.knowledge == nil ? nil : "client", peerKnowledge: request.knowledge)
        return PushResponse(epoch: epoch, changed: result.changed, conflicts: result.conflicts, knowledge: try server.replicaInfo().knowledge, serverTime: Date())
    }

    static func parse(_ cursor: String) -> Dot? {
        let parts = cursor.split(separator: ":")
        guard parts.count == 2, let replica = ReplicaID(hex: String(parts[0])), let counter = UInt64(parts[1]) else { return nil }
        return Dot(replica: replica, counter: counter)
    }
}
