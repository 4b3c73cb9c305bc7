import FolioModel
import GRDB

extension FolioDatabase {
    /// Remembers the device names a sync server gave for replica ids (SPEC §5.3); a new name for
    /// a known replica replaces the old one. Writes only when something changed, so it can be
    /// called with every server answer.
    ///
    /// A server's answer is outside input: only names a login accepts (at most 200 characters, no
    /// control characters) are kept, and at most ``maximumDeviceNames`` replicas are named.
    static func rememberDeviceNames(_ db: Database, _ names: [ReplicaID: String]) throws {
        guard !names.isEmpty else { return }
        let known = try deviceNames(db)
        var changed = names.filter { replica, name in
            known[replica] != name && name.count <= 200 && name.unicodeScalars.allSatisfy(String.isPrintable)
        }
        for replica in changed.keys.filter({ known[$0] == nil }).sorted().dropFirst(max(0, maximumDeviceNames - known.count)) {
            changed[replica] = nil
        }
        for (replica, name) in changed {
            try db.cachedStatement(sql: "INSERT INTO replica_name (replica, name) VALUES (?, ?) ON CONFLICT(replica) DO UPDATE SET name = excluded.name")
                .execute(arguments: [Int64(bitPattern: replica.rawValue), name])
        }
    }

    /// How many replicas a device remembers names for.
    public static let maximumDeviceNames = 1_000

    /// The device name of every replica named so far.
    public func deviceNames() throws -> [ReplicaID: String] {
        try read { db in try Self.deviceNames(db) }
    }

    static func deviceNames(_ db: Database) throws -> [ReplicaID: String] {
        var names: [ReplicaID: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT replica, name FROM replica_name") {
            names[ReplicaID(rawValue: UInt64(bitPattern: row["replica"]))] = row["name"]
        }
        return names
    }
}
