internal import CFolioZlib

/// zlib compression of byte buffers, with the uncompressed length kept in front so that
/// inflating needs one allocation: `[length: UInt32 little-endian][zlib stream]`.
enum Deflate {
    enum Failure: Error, CustomStringConvertible {
        case corrupt
        var description: String { "a compressed value in the database is corrupt" }
    }

    static func compress(_ input: [UInt8]) -> [UInt8] {
        let length = UInt32(input.count)
        var output = [UInt8](repeating: 0, count: 4 + Int(compressBound(uLong(input.count))))
        var written = uLongf(output.count - 4)
        let status = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { source in
                compress2(out.baseAddress! + 4, &written, source.baseAddress, uLong(input.count), 6)
            }
        }
        // compressBound guarantees room, so compress2 cannot fail for want of space or memory
        // short of the process running out of it.
        precondition(status == Z_OK, "zlib compress2 failed (\(status))")
        withUnsafeBytes(of: length.littleEndian) { output.replaceSubrange(0..<4, with: $0) }
        output.removeLast(output.count - 4 - Int(written))
        return output
    }

    static func decompress(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        guard input.count > 4 else { throw Failure.corrupt }
        let length = Int(UInt32(littleEndian: input.loadUnaligned(as: UInt32.self)))
        var output = [UInt8](repeating: 0, count: length)
        var written = uLongf(length)
        let status = output.withUnsafeMutableBufferPointer { out in
            uncompress(out.baseAddress, &written, input.baseAddress!.assumingMemoryBound(to: Bytef.self) + 4, uLong(input.count - 4))
        }
        guard status == Z_OK, Int(written) == length else { throw Failure.corrupt }
        return output
    }
}
