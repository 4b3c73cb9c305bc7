import Foundation

/// What can go wrong with the device database, in words a user can act on.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case notFolioDatabase(path: String)
    /// The file is not an SQLite database at all (no SQLite header).
    case notDatabase(path: String)
    /// The file is an SQLite database whose pages or schema are damaged.
    case damaged(path: String, reason: String)
    case newerSchema(path: String)
    case cannotOpen(path: String, reason: String)
    case failed(path: String, reason: String)
    case notFound(String)
    /// No live highlight has an id starting with this prefix.
    case noHighlight(String)
    /// Another article (its id) already has this address.
    case addressInUse(String, by: String)
    case ambiguous(prefix: String, candidates: [String])
    case invalidID(String)
    case diskFull
    case readOnly(path: String)

    public var description: String {
        switch self {
        case .notFolioDatabase(let path):
            "\(path) is not a Folio database (it holds other tables); move it aside or set FOLIO_HOME"
        case .notDatabase(let path):
            """
            \(path) is not a database file (it lacks SQLite's header); move it aside or set FOLIO_HOME.
            If it was your Folio library, it is damaged beyond repair: \(Self.fromServer(path))
            """
        case .damaged(let path, let reason):
            """
            the library database \(path) is damaged (\(reason)); nothing was changed. To get the library back:
              - from the sync server: \(Self.fromServer(path))\(Self.fromBackup(path))
              - or, as a last resort, salvage the raw records with sqlite3 (folio may not list them all): sqlite3 \(path) ".recover" | sqlite3 \(path).recovered
            To see what is damaged: sqlite3 \(path) "PRAGMA integrity_check"
            """
        case .newerSchema(let path):
            "\(path) was written by a newer version of Folio; upgrade folio to open it"
        case .cannotOpen(let path, let reason):
            "cannot open the database at \(path): \(reason)"
        case .failed(let path, let reason):
            "the database at \(path) reported an error: \(reason); nothing was changed"
        case .notFound(let id):
            "no article matches '\(id)'"
        case .noHighlight(let id):
            "no highlight matches '\(id)' (`folio highlight list ARTICLE` shows the ids)"
        case .addressInUse(let url, let other):
            "another article (\(other.prefix(8))) already has the address \(url); edit or remove that one first"
        case .ambiguous(let prefix, let candidates):
            "'\(prefix)' is ambiguous: it matches \(candidates.prefix(5).joined(separator: ", "))\(candidates.count > 5 ? ", …" : ""); type more characters"
        case .invalidID(let id):
            "'\(id)' is not an article id (expected hex digits of an id shown by `folio list`)"
        case .diskFull:
            "the disk is full: nothing was changed; free some space and try again"
        case .readOnly(let path):
            "the database at \(path) is read-only: nothing was changed"
        }
    }

    /// How a damaged library comes back from the copy `folio sync` keeps, when there is one.
    private static func fromBackup(_ path: String) -> String {
        let backup = FolioDatabase.backupPath(of: path)
        guard FileManager.default.fileExists(atPath: backup) else { return "" }
        return "\n  - from the last good copy, made after a sync (at most once a day): mv \(path) \(path).damaged && cp \(backup) \(path), then `folio sync`"
    }

    /// How a damaged library comes back from the sync server: a fresh database pulls everything.
    private static func fromServer(_ path: String) -> String {
        "move the file aside (mv \(path) \(path).damaged, and \(path)-wal too if there is one), then run `folio sync` (after `folio login` if this device is not logged in)"
    }
}
