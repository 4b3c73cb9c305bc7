import Foundation
import GRDB

extension FolioDatabase {
    /// Where the last good copy of the library at `path` is kept: `path` with `.bak` added.
    public static func backupPath(of path: String) -> String { path + ".bak" }

    /// Copies the library to ``backupPath(of:)`` with SQLite's online backup API, unless the copy
    /// there is younger than `interval`; returns whether a copy was made. The copy is written
    /// beside the backup, checked with `PRAGMA quick_check` and only then renamed over it, so the
    /// backup is always a whole, readable library and a damaged library never replaces it.
    @discardableResult
    public func backUp(ifOlderThan interval: TimeInterval = 86_400, now: Date = Date()) throws -> Bool {
        let backup = Self.backupPath(of: path)
        let modified = (try? FileManager.default.attributesOfItem(atPath: backup))?[.modificationDate] as? Date
        if let modified, now.timeIntervalSince(modified) < interval { return false }
        let temporary = backup + ".tmp"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        do {
            let copy = try DatabaseQueue(path: temporary)
            try writer.backup(to: copy)
            let check = try copy.read { try String.fetchAll($0, sql: "PRAGMA quick_check") }
            try copy.close()
            guard check == ["ok"] else { throw StoreError.damaged(path: path, reason: "PRAGMA quick_check: \(check.prefix(3).joined(separator: "; "))") }
        } catch {
            throw StoreError.translate(error, path: path)
        }
        guard rename(temporary, backup) == 0 else {
            throw StoreError.failed(path: backup, reason: String(cString: strerror(errno)))
        }
        return true
    }
}
