extension String {
    /// The text with control characters, escape sequences and bidirectional controls removed:
    /// what may reach a terminal or a log line from untrusted data (pages, servers, peers).
    public var terminalSafe: String {
        var output = ""
        output.unicodeScalars.append(contentsOf: unicodeScalars.filter(Self.isPrintable))
        return output
    }

    /// The text with every character ``isPrintable(_:)`` refuses written as a visible `\u{…}`
    /// escape, so a log line or table cell shows it instead of obeying it.
    public var escapingControls: String {
        guard !unicodeScalars.allSatisfy(Self.isPrintable) else { return self }
        var output = ""
        for scalar in unicodeScalars {
            if Self.isPrintable(scalar) {
                output.unicodeScalars.append(scalar)
            } else {
                output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return output
    }

    /// False for C0 and C1 controls, DEL and bidirectional overrides.
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFFF9...0xFFFB: false
        default: true
        }
    }
}
