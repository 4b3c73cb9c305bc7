/// The member names at the start of a JSON file, read without parsing the whole file: what
/// format detection looks at.
struct JSONHead {
    /// Names of the top-level object's members, or of the first element's when the top level
    /// is an array of objects.
    let keys: Set<String>

    /// How much of the file is looked at.
    static let scannedBytes = 1 << 20

    /// The keys of `text`'s top-level object (or first array element), from its first MiB.
    init(_ text: String) {
        var keys = Set<String>()
        var depth = 0
        var keyDepth: Int?
        var string: [UInt8]?
        var escaped = false
        var lastString: String?
        for byte in text.utf8.prefix(Self.scannedBytes) {
            if var current = string {
                if escaped {
                    escaped = false
                    current.append(byte)
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    lastString = String(decoding: current, as: UTF8.self)
                    string = nil
                    continue
                } else {
                    current.append(byte)
                }
                string = current
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): string = []
            case UInt8(ascii: "{"):
                depth += 1
                if keyDepth == nil { keyDepth = depth }
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == keyDepth { self.keys = keys; return }
                depth -= 1
            case UInt8(ascii: ":"):
                if depth == keyDepth, let name = lastString { keys.insert(name) }
            default: break
            }
            if byte != UInt8(ascii: ":"), !(byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09) { lastString = nil }
        }
        self.keys = keys
    }
}
