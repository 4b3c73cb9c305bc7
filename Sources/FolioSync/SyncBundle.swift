import Crypto
import FolioModel
import FolioProtocol
import FolioStore
import Foundation

/// Sync through a file, with no server: a bundle holds the changes the receiver lacks and the
/// sender's knowledge.
///
/// Format: one line of JSON, the ``Header``; then the body, one record (JSON) per line. The
/// header carries the body's size and a SHA-256 over the header itself (with an empty
/// `sha256`) and the body, so a truncated or altered file, header included, is refused before
/// anything is applied (SPEC §6).
public enum SyncBundle {
    public static let format = "folio-bundle"
    /// Version 2: the checksum covers the header too (version 1 covered only the body).
    public static let version = 2

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
            try body.write(contentsOf: chunk)
            count += page.records.count
            bytes += chunk.count
            cursor = page.next
        } while cursor != nil
        try body.close()
        var header = Header(format: format, version: version, replica: info.id, created: Date(), knowledge: info.knowledge, base: base,
                            records: count, bodyBytes: bytes, sha256: "")
        var hasher = SHA256()
        hasher.update(data: try encoder.encode(header) + Data([0x0A]))
        guard let input = FileHandle(forReadingAtPath: bodyURL.path) else { throw BundleError.unreadable(path: url.path, reason: "cannot read back the bundle body") }
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        try input.close()
        header.sha256 = hex(hasher.finalize())
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
        try read(url, rules: nil) { header = $0 } record: { _ in }
        guard let header else { throw BundleError.notABundle(path: url.path) }
        return header
    }

    /// Merges a bundle into the database, after checking all of it.
    public static func apply(_ url: URL, to database: FolioDatabase, now: Date = Date()) throws -> ApplyReport {
        let me = try database.replicaInfo()
        let before = me.knowledge
        var report: ApplyReport?
        var batch: [RecordState] = []
        func flush() throws {
            let result = try database.apply(batch, now: now)
            report?.changed += result.changed
            report?.conflicts += result.conflicts.count
            batch.removeAll(keepingCapacity: true)
        }
        try read(url, rules: RecordRules(receiver: Dot(replica: me.id, counter: me.counter), now: now)) { header in
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

    /// Streams a bundle: checks the header, every record (against the protocol's rules, when
    /// `rules` is given) and the checksum over header and body first, then hands out records.
    private static func read(_ url: URL, rules: RecordRules? = nil, header onHeader: (Header) throws -> Void, record onRecord: (RecordState) throws -> Void) throws {
        func open() throws -> LineReader {
            guard let handle = FileHandle(forReadingAtPath: url.path) else {
                throw BundleError.unreadable(path: url.path, reason: FileManager.default.fileExists(atPath: url.path) ? "permission denied" : "no such file")
            }
            return LineReader(handle: handle)
        }
        var reader = try open()
        guard let first = try reader.next(), first.count <= maximumHeaderBytes,
              let header = try? JSONCoding.decode(Header.self, from: Array(first)), header.format == format else {
            throw BundleError.notABundle(path: url.path)
        }
        guard header.version <= version else { throw BundleError.newerVersion(header.version) }
        guard header.version == version else { throw BundleError.olderVersion(header.version) }
        var hasher = SHA256()
        hasher.update(data: unsigned(headerLine: first))
        hasher.update(data: Data([0x0A]))
        var bytes = 0, lines = 0
        while let line = try reader.next() {
            hasher.update(data: line)
            hasher.update(data: Data([0x0A]))
            bytes += line.count + 1
            lines += 1
            guard bytes <= header.bodyBytes else { throw BundleError.checksumMismatch }
            let record: RecordState
            do { record = try JSONCoding.decode(RecordState.self, from: Array(line)) } catch { throw BundleError.corrupt("record \(lines) cannot be read") }
            do { try rules?.check(record) } catch { throw BundleError.refused(record: lines, reason: error.description) }
        }
        guard bytes == header.bodyBytes, lines == header.records else {
            throw bytes < header.bodyBytes ? BundleError.truncated(expectedBytes: header.bodyBytes, actualBytes: bytes) : BundleError.checksumMismatch
        }
        guard hex(hasher.finalize()) == header.sha256 else { throw BundleError.checksumMismatch }
        try onHeader(header)
        reader = try open()
        _ = try reader.next()
        while let line = try reader.next() { try onRecord(try JSONCoding.decode(RecordState.self, from: Array(line))) }
    }

    /// A header line longer than this is not a bundle's.
    static let maximumHeaderBytes = 1 << 20

    /// The header line as it was hashed: with its `sha256` value empty.
    private static func unsigned(headerLine: Data) -> Data {
        let key = Data(#""sha256":""#.utf8)
        guard let start = headerLine.range(of: key),
              let end = headerLine[start.upperBound...].firstIndex(of: UInt8(ascii: "\"")) else { return headerLine }
        return headerLine[..<start.upperBound] + headerLine[end...]
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
