import Foundation

/// Writes Folio's lossless JSON export (see ``FolioExportFormat``), one record at a time so a
/// large library never sits in memory twice. Dates are written by ``ExportDate``, which rounds
/// to the millisecond where `ExportDate.format` truncates.
enum JSONExporter {
    static func write(_ library: ExportLibrary, to url: URL) throws(ExportError) {
        try OutputFile.write(to: url) { temporary in
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission)
            }
            let file = try FileHandle(forWritingTo: temporary)
            defer { try? file.close() }
            let encoder = ExportDate.encoder
            try file.write(contentsOf: Data("{\"format\":\"\(FolioExportFormat.name)\",\"version\":\(FolioExportFormat.version),\"articles\":[".utf8))
            try writeList(library.articles, encoder: encoder, to: file)
            try file.write(contentsOf: Data("],\"highlights\":[".utf8))
            try writeList(library.highlights, encoder: encoder, to: file)
            try file.write(contentsOf: Data("]}\n".utf8))
            try file.synchronize()
        }
    }

    /// The records, comma-separated, one per line.
    private static func writeList(_ records: [some Encodable], encoder: JSONEncoder, to file: FileHandle) throws {
        var buffer = Data()
        for (index, record) in records.enumerated() {
            buffer.append(contentsOf: (index == 0 ? "\n" : ",\n").utf8)
            buffer.append(try encoder.encode(record))
            if buffer.count > 1 << 20 {
                try file.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try file.write(contentsOf: buffer)
    }
}
