import Crypto
import FolioModel
import FolioStore
import Foundation

/// Sync through a file, with no server: a bundle holds the changes the receiver lacks and the
/// sender's knowledge.
///
/// Format: one line of JSON, the ``Header``; then the body, one record (JSON) per line. The
/// header carries the body's size and SHA-256, so truncated or altered files are refused
/// before anything is applied.
public enum SyncBundle {
    public static let format = "folio-bundle"
    public static let version = 1

    /// The first line of a bundle.
    public struct Header: Codable, Sendable, Equatable {
        public var format: String
        public var version: Int
        public var replica: ReplicaID
        public var created: Date
        /// What the sender knew: joined into the receiver's knowledge after applying.
        public var knowledge: VersionVector
        /// What the bundle was made for: it holds everything the sender had beyond this.
        public var base: VersionVector
        public var records: Int
        public var bodyBytes: Int
        public var sha256: String
    }

    /// What applying a bundle did.
    public struct ApplyReport: Sendable, Equatable {
        public var header: Header
        public var changed: Int
        public var conflicts: Int
        /// False when this replica lacked part of the bundle's base: its records were merged,
        /// but knowledge did not advance (a full bundle from the sender fixes that).
        public var knowledgeAdvanced: Bool
    }

    /// Writes every change `base` does not cover (everything, for an empty base) to `url`.
    @discardableResult
    public static func create(from database: FolioDatabase, for base: VersionVector = VersionVector(), to url: URL) throws -> Header {
        let info = try database.replicaInfo()
        let bodyURL = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: bodyURL.path, contents: nil), let body = FileHandle(forWritingAtPath: bodyURL.path) else {
            throw BundleError.unreadable(path: url.path, reason: "cannot write in \(url.deletingLastPathComponent().path)")
        }
        defer { try? FileManager.default.removeItem(at: bodyURL) }
        var hasher = SHA256()
        var count = 0, bytes = 0
        var cursor: Dot?
        let encoder = JSONCoding.encoder
        repeat {
            let page = try database.changes(notCoveredBy: base, after: cursor, limit: 500)
            var chunk = Data()
            for record in page.records {
                chunk.append(try encoder.encode(record))
                chunk.append(0x0A)
            }
            hasher.update(data: chunk)
            try body.write(contentsOf: chunk)
            count += page.records.count
            bytes += chunk.count
            cursor = page.next
        } while cursor != nil
        try body.close()
        let header = Header(format: format, version: version, replica: info.id, created: Date(), knowledge: info.knowledge, base: base,
                            records: count, bodyBytes: bytes, sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined())
        let finalTemp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).part")
        defer { try? FileManager.default.removeItem(at: finalTemp) }
        guard FileManager.default.createFile(atPath: finalTemp.path, contents: try encoder.encode(header) + Data([0x0A])),
              let out = FileHandle(forWritingAtPath: finalTemp.path), let input = FileHandle(forReadingAtPath: bodyURL.path) else {
            throw BundleError.unreadable(path: url.path, reason: "cannot write the bundle")
        }
        try out.seekToEnd()
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try out.write(contentsOf: chunk) }
        try out.synchronize()
        try out.close()
        try input.close()
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        try FileManager.default.moveItem(at: finalTemp, to: url)
        return header
    }

    /// Reads and checks a bundle's header and body without changing anything.
    public static func verify(_ url: URL) throws -> Header {
        var header: Header?
        try read(url) { header = $0 } record: { _ in }
        guard let header else { throw BundleError.notABundle(path: url.path) }
        return header
    }

    /// Merges a bundle into the database, after checking all of it.
    public static func apply(_ url: URL, to database: FolioDatabase) throws -> ApplyReport {
        let before = try database.replicaInfo().knowledge
        var report: ApplyReport?
        var batch: [RecordState] = []
        func flush() throws {
            let result = try database.apply(batch)
            report?.changed += result.changed
            report?.conflicts += result.conflicts.count
            batch.removeAll(keepingCapacity: true)
        }
        try read(url) { header in
            report = ApplyReport(header: header, changed: 0, conflicts: 0, knowledgeAdvanced: before.dominates(header.base))
        } record: { record in
            batch.append(record)
            if batch.count == 500 { try flush() }
        }
        try flush()
        guard let report else { throw BundleError.notABundle(path: url.path) }
        if report.knowledgeAdvanced {
            try database.apply([], peer: "bundle:\(report.header.replica.hex)", peerKnowledge: report.header.knowledge)
        }
        return report
    }

    /// Streams a bundle: checks the whole body against the header first, then hands out records.
    private static func read(_ url: URL, header onHeader: (Header) throws -> Void, record onRecord: (RecordState) throws -> Void) throws {
        func open() throws -> LineReader {
            guard let handle = FileHandle(forReadingAtPath: url.path) else {
                throw BundleError.unreadable(path: url.path, reason: FileManager.default.fileExists(atPath: url.path) ? "permission denied" : "no such file")
            }
            return LineReader(handle: handle)
        }
        var reader = try open()
        guard let first = try reader.next(), let header = try? JSONCoding.decoder.decode(Header.self, from: first), header.format == format else {
            throw BundleError.notABundle(path: url.path)
        }
        guard header.version <= version else { throw BundleError.newerVersion(header.version) }
        var hasher = SHA256()
        var bytes = 0, lines = 0
        let decoder = JSONCoding.decoder
        while let line = try reader.next() {
            hasher.update(data: line)
            hasher.update(data: Data([0x0A]))
            bytes += line.count + 1
            lines += 1
            do { _ = try decoder.decode(RecordState.self, from: line) } catch { throw BundleError.corrupt("record \(lines) cannot be read") }
        }
        guard bytes == header.bodyBytes, lines == header.records else {
            throw bytes < header.bodyBytes ? BundleError.truncated(expectedBytes: header.bodyBytes, actualBytes: bytes) : BundleError.checksumMismatch
        }
        guard hasher.finalize().map({ String(format: "%02x", $0) }).joined() == header.sha256 else { throw BundleError.checksumMismatch }
        try onHeader(header)
        reader = try open()
        _ = try reader.next()
        while let line = try reader.next() { try onRecord(try decoder.decode(RecordState.self, from: line)) }
    }
}
