import Foundation

/// One `folio-server serve` per data directory: the process holds an exclusive lock on
/// `folio-server.lock` in it for as long as it runs (the account commands do not take it).
enum ServeLock {
    /// Takes the lock for the life of the process, or says which process holds it.
    static func acquire(in directory: URL) throws {
        let path = directory.appendingPathComponent("folio-server.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CommandError("cannot create \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw CommandError("another folio-server\(holder.isEmpty ? "" : " (process \(holder))") is already serving \(directory.path); stop it first, or give this one another --data directory")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        // The descriptor stays open, and the lock held, until the process exits.
    }
}
