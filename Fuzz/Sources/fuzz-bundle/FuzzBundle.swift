/// Fuzz target `fuzz-bundle`: the bytes as a sync bundle file (`SyncBundle.verify`): header
/// line, record lines, size and checksum checks. One temporary file per process is rewritten
/// for every input, and removed at exit.
import CLibFuzzer
import FolioSync
import Foundation

private let bundleURL = FileManager.default.temporaryDirectory
    .appendingPathComponent("folio-fuzz-bundle-\(ProcessInfo.processInfo.processIdentifier).folio-bundle")

@main enum FuzzBundle {
    static func main() {
        atexit { try? FileManager.default.removeItem(at: bundleURL) }
        exit(folio_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv))
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        try Data(bytes: data, count: size).write(to: bundleURL)
    } catch {
        fatalError("cannot write \(bundleURL.path): \(error)")
    }
    _ = try? SyncBundle.verify(bundleURL)
    return 0
}
