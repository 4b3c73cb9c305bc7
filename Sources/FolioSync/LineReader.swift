import Foundation

/// Reads a file as lines of bytes, in chunks, without loading it whole.
struct LineReader {
    private let handle: FileHandle
    private var buffer = Data()
    private var atEnd = false
    /// Longest line accepted; longer ones are an error (a corrupt or foreign file).
    let maximumLineLength: Int

    init(handle: FileHandle, maximumLineLength: Int = 64 << 20) {
        self.handle = handle
        self.maximumLineLength = maximumLineLength
    }

    /// The next line without its newline, or nil at the end of the file.
    mutating func next() throws -> Data? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = buffer[(newline + 1)...]
                return Data(line)
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = Data() }
                return Data(buffer)
            }
            guard buffer.count <= maximumLineLength else { throw BundleError.corrupt("a line is longer than \(maximumLineLength >> 20) MiB") }
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { atEnd = true } else { buffer = Data(buffer) + chunk }
        }
    }
}
