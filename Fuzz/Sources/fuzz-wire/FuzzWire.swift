/// Fuzz target `fuzz-wire`: the bytes as every sync message a server or device reads from the
/// network (`JSONCoding.decode`, the bounded `JSONReader` with its `JSONDecoder` fallback), and
/// each message that decodes written back out. Errors are expected; crashes are bugs.
import CLibFuzzer
import FolioModel
import FolioProtocol
import Foundation

@main enum FuzzWire {
    static func main() { exit(folio_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv)) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    roundTrip(PushRequest.self, bytes)
    roundTrip(PullRequest.self, bytes)
    roundTrip(PullResponse.self, bytes)
    roundTrip(PushResponse.self, bytes)
    roundTrip(ServerInfo.self, bytes)
    return 0
}

/// Decodes `bytes` as `T`; when that works, encodes the value and decodes it again.
private func roundTrip<T: Codable>(_ type: T.Type, _ bytes: [UInt8]) {
    guard let value = try? JSONCoding.decode(T.self, from: bytes),
          let encoded = try? JSONCoding.encoder.encode(value) else { return }
    _ = try? JSONCoding.decode(T.self, from: Array(encoded))
}
