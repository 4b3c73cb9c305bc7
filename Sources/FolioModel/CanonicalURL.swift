import Crypto
import Foundation

/// The canonical form of a saved page's address, and the article id derived from it.
///
/// Rules (documented in README.md and Protocol/SPEC.md):
/// - only `http` and `https`; scheme and host lower-cased; IDN hosts in punycode (`xn--`);
/// - user info, default ports (80, 443) and the fragment removed;
/// - dot segments resolved; a trailing slash removed except for the root path `/`;
/// - percent-encoding normalised: unreserved characters decoded, other escapes upper-cased,
///   non-ASCII characters encoded as UTF-8;
/// - tracking parameters (`utm_*`, `fbclid`, `gclid`, …) removed, other parameters kept in order.
///
/// `http` and `https` addresses of the same page are the same article: the id is computed with
/// the scheme set to `https`, while the stored URL keeps the scheme the user saved.
///
/// The canonical form names the page; the address as given (``given``) opens it: a fragment may
/// carry meaning (a paste's decryption key after `#`). Two values are equal when their canonical
/// forms are.
public struct CanonicalURL: Hashable, Sendable, CustomStringConvertible {
    /// The canonical address.
    public let string: String
    /// The address exactly as given (trimmed), when it differs from ``string``: what opening the
    /// page uses (SPEC §2.1). Nil when it is the canonical form, longer than a short text field
    /// may be, or outside the address policy (``WebAddress/isAllowed(_:)``).
    public let given: String?
    /// The scheme-independent form hashed for the article id.
    let identityKey: String

    public static func == (lhs: CanonicalURL, rhs: CanonicalURL) -> Bool { lhs.string == rhs.string }
    public func hash(into hasher: inout Hasher) { hasher.combine(string) }

    /// Why a string is not a savable address.
    public enum Invalid: Error, CustomStringConvertible, Equatable {
        case notHTTP(String)
        case noHost(String)
        case malformed(String)

        /// The message, quoting the address on one line without control characters.
        public var description: String {
            switch self {
            case .notHTTP(let url): "not a web address (expected http:// or https://): \(url.terminalSafe)"
            case .noHost(let url): "the address has no host name: \(url.terminalSafe)"
            case .malformed(let url): "malformed address: \(url.terminalSafe)"
            }
        }
    }

    public var description: String { string }

    /// The article id: the first 128 bits of SHA-256 of the identity key, written as a UUID.
    public var articleID: UUID {
        let digest = Array(SHA256.hash(data: Data(identityKey.utf8)))
        return UUID(uuid: (digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
                           digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]))
    }

    /// Query parameter names that only track where a click came from.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id",
        "ref_src", "ref_url",
    ]

    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let schemeEnd = trimmed.range(of: "://") else { throw Invalid.notHTTP(trimmed) }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw Invalid.notHTTP(trimmed) }
        var rest = Substring(trimmed[schemeEnd.upperBound...])
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = authority
        var port: String?
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            host = authority[..<colon]
            port = String(authority[authority.index(after: colon)...])
        }
        guard !host.isEmpty else { throw Invalid.noHost(trimmed) }
        var portNumber: Int?
        if let port, !port.isEmpty {
            guard port.allSatisfy(\.isASCII), let number = Int(port), (0...65535).contains(number) else { throw Invalid.malformed(trimmed) }
            portNumber = number
        }
        guard let asciiHost = Self.asciiHost(String(host)) else { throw Invalid.malformed(trimmed) }
        let defaultPort = scheme == "http" ? "80" : "443"
        let portPart = portNumber.map { String($0) == defaultPort ? "" : ":\($0)" } ?? ""

        let queryStart = rest.firstIndex(of: "?")
        let rawPath = queryStart.map { rest[..<$0] } ?? rest
        let path = Self.normalizePath(String(rawPath))
        var query = ""
        if let queryStart {
            let kept = rest[rest.index(after: queryStart)...].split(separator: "&").filter { pair in
                let name = pair.split(separator: "=", maxSplits: 1).first.map { Self.normalizeEscapes(String($0)).lowercased() } ?? ""
                return !name.isEmpty && !name.hasPrefix("utm_") && !Self.trackingParameters.contains(name)
            }
            if !kept.isEmpty { query = "?" + kept.map { Self.normalizeEscapes(String($0)) }.joined(separator: "&") }
        }
        let tail = asciiHost + portPart + path + query
        string = scheme + "://" + tail
        identityKey = "https://" + tail
        given = trimmed != string && trimmed.utf8.count <= RecordRules.maximumShortText && WebAddress.isAllowed(trimmed) ? trimmed : nil
        // The one address policy, so no canonical address is one a replica refuses (an IPv6
        // literal is kept as written, and may hold what the policy does not allow).
        guard WebAddress.isAllowed(string) else { throw Invalid.malformed(trimmed) }
    }

    // MARK: - Parts

    /// Lower-cases the host and converts each non-ASCII label to punycode.
    static func asciiHost(_ host: String) -> String? {
        if host.hasPrefix("[") { return host.lowercased() }  // IPv6 literal
        let decoded = host.removingPercentEncoding ?? host
        var labels: [String] = []
        for label in decoded.lowercased().split(separator: ".", omittingEmptySubsequences: false) {
            if label.allSatisfy(\.isASCII) {
                guard label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
                labels.append(String(label))
            } else {
                guard let encoded = Punycode.encode(String(label).precomposedStringWithCompatibilityMapping) else { return nil }
                labels.append("xn--" + encoded)
            }
        }
        while labels.count > 1, labels.last == "" { labels.removeLast() }  // trailing dot
        guard !labels.contains("") else { return nil }
        return labels.joined(separator: ".")
    }

    /// Resolves dot segments, normalises escapes and drops a trailing slash (except for `/`).
    static func normalizePath(_ raw: String) -> String {
        var segments: [String] = []
        let parts = raw.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for part in parts {
            let segment = normalizeEscapes(String(part))
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        while let last = segments.last, last.isEmpty { segments.removeLast() }
        return "/" + segments.joined(separator: "/")
    }

    static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
    static let allowedRaw = unreserved.union("!$&'()*+,;=:@/?%".utf8)

    /// Decodes escapes of unreserved characters, upper-cases other escapes, encodes anything else.
    static func normalizeEscapes(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x41...0x46: byte - 0x41 + 10
            case 0x61...0x66: byte - 0x61 + 10
            default: nil
            }
        }
        func appendEscaped(_ byte: UInt8) {
            let hex = Array("0123456789ABCDEF".utf8)
            out += [0x25, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x25, index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                let decoded = high << 4 | low
                if unreserved.contains(decoded) { out.append(decoded) } else { appendEscaped(decoded) }
                index += 3
            } else if byte == 0x25 {
                appendEscaped(byte)
                index += 1
            } else {
                if allowedRaw.contains(byte) { out.append(byte) } else { appendEscaped(byte) }
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// RFC 3492 punycode, encoding only: what IDN host labels need.
enum Punycode {
    static func encode(_ input: String) -> String? {
        let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
        let scalars = input.unicodeScalars.map { Int($0.value) }
        var output = scalars.filter { $0 < 0x80 }.map { Character(UnicodeScalar(UInt8($0))) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = 0x80, delta = 0, bias = 72
        func digit(_ d: Int) -> Character { Character(UnicodeScalar(UInt8(d < 26 ? d + 97 : d + 22))) }
        func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / count
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 { delta /= base - tMin; k += base }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }
        while handled < scalars.count {
            guard let m = scalars.filter({ $0 >= n }).min() else { return nil }
            let (product, overflow) = (m - n).multipliedReportingOverflow(by: handled + 1)
            guard !overflow else { return nil }
            delta += product
            n = m
            for c in scalars {
                if c < n { delta += 1 }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(output)
    }
}
