import Foundation

/// The text of an import file: validated UTF-8 with any byte-order mark removed.
enum ImportText {
    /// Decodes `data`, refusing an empty file or bytes that are not UTF-8.
    static func decode(_ data: Data) throws(ImportError) -> String {
        let text = try decodeAllowingEmpty(data)
        if text.allSatisfy(\.isWhitespace) { throw .emptyFile }
        return text
    }

    /// Decodes `data`, refusing bytes that are not UTF-8 (a file in an archive may be empty).
    static func decodeAllowingEmpty(_ data: Data) throws(ImportError) -> String {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(bytes)
            let line = bytes.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            let utf16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            throw .invalidEncoding(line: line, byteOffset: offset, looksLikeUTF16: utf16)
        }
        return text
    }

    /// The offset of the first byte that is not part of a valid UTF-8 sequence (the slow scan,
    /// run only once validation has failed).
    private static func firstInvalidUTF8Offset(_ bytes: Data.SubSequence) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }
}
