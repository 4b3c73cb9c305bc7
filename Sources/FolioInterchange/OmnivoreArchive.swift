import FolioModel
import Foundation
import ZIPFoundation

/// Reads the zip Omnivore's exporter wrote: `metadata_<from>_to_<to>.json` files (read as
/// ``OmnivoreParser`` reads one), `content/<slug>.html` with each article's HTML and
/// `highlights/<slug>.md` with its highlights as Markdown quotes followed by their notes.
///
/// Hostile archives are bounded: at most ``maximumEntries`` entries, ``maximumEntryBytes`` per
/// file read and ``maximumTotalBytes`` in all, counted while inflating (sizes in the headers are
/// not trusted). Only those three kinds of file are read, into memory. The archive itself is
/// read from a private temporary copy, unlinked as soon as it is open: ZIPFoundation's
/// in-memory reader trusts the offsets in the archive and traps on one past its end (found by
/// `fuzz-import`), its file reader does not.
enum OmnivoreArchive {
    static let maximumEntries = 200_000
    static let maximumEntryBytes = 64 << 20
    static let maximumTotalBytes = 1 << 30

    /// Whether `data` is a zip with Omnivore's metadata files.
    static func isOmnivore(_ data: Data) -> Bool {
        guard let archive = try? open(data) else { return false }
        return archive.prefix(maximumEntries).contains { metadataOrder($0.path) != nil }
    }

    static func parse(_ data: Data) throws(ImportError) -> ImportBatch {
        let archive: Archive
        do {
            archive = try open(data)
        } catch {
            throw .malformed(format: .omnivore, reason: "not a readable zip archive")
        }
        var reader = Reader(archive: archive)
        let entries = Array(archive.prefix(maximumEntries + 1))
        guard entries.count <= maximumEntries else {
            throw .malformed(format: .omnivore, reason: "more than \(maximumEntries) files in the archive")
        }
        let files = Dictionary(entries.filter { $0.type == .file }.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let metadata = files.keys.compactMap { path in metadataOrder(path).map { (path, $0) } }.sorted { $0.1 < $1.1 }.map(\.0)
        guard !metadata.isEmpty else { throw .malformed(format: .omnivore, reason: "no metadata_*.json file in the archive") }
        var completed: [JSONValue] = []
        for path in metadata {
            guard let file = files[path] else { continue }
            // The content and highlights folders sit beside the metadata file (the root, or a
            // folder the archive was made from).
            let folder = String(path.dropLast(path.split(separator: "/").last?.count ?? 0))
            let text = try ImportText.decode(try reader.read(file))
            for item in try JSONInput.array(text, format: .omnivore) {
                guard var fields = item.objectValue, let slug = fields["slug"]?.text, isSafeName(slug) else {
                    completed.append(item)
                    continue
                }
                if fields["content"]?.text == nil, let file = files["\(folder)content/\(slug).html"] {
                    fields["content"] = .string(try ImportText.decodeAllowingEmpty(try reader.read(file)))
                }
                if fields["highlights"] == nil, let file = files["\(folder)highlights/\(slug).md"] {
                    fields["highlights"] = .array(OmnivoreHighlights.parse(try ImportText.decodeAllowingEmpty(try reader.read(file))))
                }
                completed.append(.object(fields))
            }
        }
        return OmnivoreParser.parse(entries: completed)
    }

    /// The archive in `data`, read through a temporary file that only this process can open,
    /// removed once open (the open file stays readable until the archive is released).
    private static func open(_ data: Data) throws -> Archive {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folio-import-\(UUID().uuidString).zip")
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? FileManager.default.removeItem(at: url) }
        return try Archive(url: url, accessMode: .read)
    }

    /// The first number in `metadata_<from>_to_<to>.json` (anywhere in the archive), which
    /// orders the files; nil for other files.
    static func metadataOrder(_ path: String) -> Int? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard name.hasPrefix("metadata_"), name.hasSuffix(".json") else { return nil }
        return Int(name.dropFirst("metadata_".count).prefix { $0.isNumber }) ?? 0
    }

    /// A slug used as a file name: no path separators or parent references.
    private static func isSafeName(_ slug: String) -> Bool {
        !slug.contains("/") && !slug.contains("\\") && slug != ".." && slug.utf8.count <= 1_024
    }

    /// Inflates entries into memory, counting bytes against the limits.
    private struct Reader {
        let archive: Archive
        var total = 0

        init(archive: Archive) { self.archive = archive }

        struct TooLarge: Error {}

        mutating func read(_ entry: Entry) throws(ImportError) -> Data {
            var data = Data()
            var total = self.total
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    data.append(chunk)
                    total += chunk.count
                    guard data.count <= OmnivoreArchive.maximumEntryBytes, total <= OmnivoreArchive.maximumTotalBytes else { throw TooLarge() }
                }
            } catch is TooLarge {
                throw .malformed(format: .omnivore, reason: "\(entry.path.terminalSafe) inflates past the size limit")
            } catch {
                throw .malformed(format: .omnivore, reason: "cannot read \(entry.path.terminalSafe) in the archive")
            }
            self.total = total
            return data
        }
    }
}

/// Omnivore's per-article highlights file: each highlight a Markdown quote (`> …`, with an
/// optional trailing `[⤴️](link)`), followed by its note, if any, until the next quote.
enum OmnivoreHighlights {
    /// The highlights as Omnivore JSON highlight objects (`quote`, `annotation`).
    static func parse(_ markdown: String) -> [JSONValue] {
        var highlights: [(quote: [String], note: [String])] = []
        var previousWasQuote = false
        for line in markdown.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let isQuote = line.hasPrefix(">")
            if isQuote, previousWasQuote {
                highlights[highlights.count - 1].quote.append(String(line.dropFirst().drop { $0 == " " }))
            } else if isQuote {
                highlights.append(([String(line.dropFirst().drop { $0 == " " })], []))
            } else if !highlights.isEmpty {
                highlights[highlights.count - 1].note.append(String(line))
            }
            previousWasQuote = isQuote
        }
        return highlights.map { highlight in
            let quote = withoutBacklink(highlight.quote.joined(separator: "\n")).trimmingCharacters(in: .whitespacesAndNewlines)
            let note = highlight.note.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            var object: [String: JSONValue] = ["quote": .string(quote)]
            if !note.isEmpty { object["annotation"] = .string(note) }
            return .object(object)
        }
    }

    /// The quote without the link back to the page Omnivore appends (`[⤴️](https://…)`).
    private static func withoutBacklink(_ quote: String) -> String {
        guard quote.hasSuffix(")"), let start = quote.range(of: " [⤴️](", options: .backwards) else { return quote }
        return String(quote[..<start.lowerBound])
    }
}
