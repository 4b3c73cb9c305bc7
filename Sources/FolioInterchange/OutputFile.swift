import Foundation

/// Export files written whole or not at all.
enum OutputFile {
    /// Writes through a temporary file next to `url`, renamed over it once `body` has finished.
    static func write(to url: URL, _ body: (URL) throws -> Void) throws(ExportError) {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try body(temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(path: url.path, reason: reason(error))
        }
    }

    /// Writes `data` to `url` atomically.
    static func write(_ data: Data, to url: URL) throws(ExportError) {
        try write(to: url) { temporary in try data.write(to: temporary) }
    }

    /// The most readable account of a file system error.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
