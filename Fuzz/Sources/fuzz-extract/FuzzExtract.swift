/// Fuzz target `fuzz-extract`: the bytes as a fetched HTML page (charset sniffing, stripping,
/// parsing, metadata, article extraction, sanitizing), then the terminal rendering of the
/// extracted article as `folio read` shows it.
import CLibFuzzer
import FolioExtract
import Foundation

private let pageURL = URL(string: "https://example.com/blog/2026/11/fuzzing.html")!
private let extractor = Extractor()
private let renderer = TerminalRenderer(width: 60)

@main enum FuzzExtract {
    static func main() { exit(folio_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv)) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let result = extractor.extract(data: Data(bytes: data, count: size), url: pageURL)
    _ = renderer.render(html: result.content.html)
    return 0
}
