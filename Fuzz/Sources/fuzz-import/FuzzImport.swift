/// Fuzz target `fuzz-import`: the bytes as an export file of another service (`folio import`):
/// format detection, then the parser of every format (each refuses text without its
/// signature), and the articles and highlights made of what was read. No network, no files.
import CLibFuzzer
import FolioInterchange
import FolioModel
import Foundation

private let fallback = Date(timeIntervalSince1970: 1_790_000_000)

@main enum FuzzImport {
    static func main() { exit(folio_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv)) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    _ = Importer.detect(bytes, fileName: nil)
    _ = Importer.detect(bytes, fileName: "ril_export.html")
    for format in ImportFormat.allCases {
        guard let batch = try? Importer.parse(bytes, format: format) else { continue }
        for item in batch.items {
            _ = item.article(savedAtFallback: fallback)
            _ = item.highlightRecords(createdAtFallback: fallback)
        }
    }
    return 0
}
