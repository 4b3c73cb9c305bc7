import FolioModel
import GRDB

extension FolioDatabase {
    /// Remembers the device names a sync server gave for replica ids (SPEC §5.3); a new name for
    /// a known replica replaces the old one. Writes only when something changed, so it can be
    /// called with every server answer.
    public func rememberDeviceNames(_ names: [ReplicaID: String]) throws {
        let known = try deviceNames()
        guard names.contains(where: { known[$0.key] != $0.value }) else { return }
        try write { db in
            for (replica, name) in names {
                try db.cachedStatement(sql: "INSERT INTO replica_name (replica, name) VALUES (?, ?) ON CONFLICT(replica) DO UPDATE SET name = excluded.name")
                    .execute(arguments: [Int64(bitPattern: replica.rawValue), name])
            }
        }
    }

    /// The device name of every replica named so far.
    public func deviceNames() throws -> [ReplicaID: String] {
        try read { db in
            var names: [ReplicaID: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT replica, name FROM replica_name") {
                names[ReplicaID(rawValue: UInt64(bitPattern: row["replica"]))] = row["name"]
            }
            return names
        }
    }
}
