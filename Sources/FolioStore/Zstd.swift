internal import CZstd
import Synchronization

/// Zstandard compression of byte buffers (one frame, which records its own size).
///
/// Contexts are kept for reuse: creating one per value (what `ZSTD_compress` does) allocates
/// and clears a megabyte of tables, which costs more than compressing an article.
enum Zstd {
    enum Failure: Error, CustomStringConvertible {
        case corrupt
        var description: String { "a compressed value in the database is corrupt" }
    }

    /// Level 3, zstd's default: within 3 % of its best ratio on article text at a tenth of the time.
    static let level: Int32 = 3

    /// A zstd context: used by one thread at a time (it is taken from the pool while in use).
    private struct Context: @unchecked Sendable { let pointer: OpaquePointer }
    private static let compressors = Mutex<[Context]>([])
    private static let decompressors = Mutex<[Context]>([])

    static func compress(_ input: [UInt8]) -> [UInt8] {
        let context = compressors.withLock { $0.popLast() } ?? Context(pointer: ZSTD_createCCtx()!)
        defer { compressors.withLock { $0.append(context) } }
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
        let written = output.withUnsafeMutableBytes { out in
            input.withUnsafeBytes { source in ZSTD_compressCCtx(context.pointer, out.baseAddress, out.count, source.baseAddress, source.count, level) }
        }
        // The output is sized by ZSTD_compressBound, so only running out of memory can fail here.
        precondition(ZSTD_isError(written) == 0, "zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
        output.removeLast(output.count - written)
        return output
    }

    static func decompress(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        let size = ZSTD_getFrameContentSize(input.baseAddress, input.count)
        // Values are at most a few MiB; a header claiming more is damage, not data.
        guard size != ZSTD_CONTENTSIZE_ERROR, size != ZSTD_CONTENTSIZE_UNKNOWN, size <= 1 << 30 else { throw Failure.corrupt }
        let context = decompressors.withLock { $0.popLast() } ?? Context(pointer: ZSTD_createDCtx()!)
        defer { decompressors.withLock { $0.append(context) } }
        var output = [UInt8](repeating: 0, count: Int(size))
        let written = output.withUnsafeMutableBytes { out in
            ZSTD_decompressDCtx(context.pointer, out.baseAddress, out.count, input.baseAddress, input.count)
        }
        guard ZSTD_isError(written) == 0, written == Int(size) else { throw Failure.corrupt }
        return output
    }
}
