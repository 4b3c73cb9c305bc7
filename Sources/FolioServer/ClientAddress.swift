import HTTPTypes
import Hummingbird

/// The address a request really comes from: the peer's, or, when the peer is a reverse proxy the
/// operator trusts (`--trusted-proxy`), the one that proxy put in `X-Forwarded-For`.
///
/// The header is read from the right: each trusted proxy appends the address it got the request
/// from, so the rightmost address that is not a trusted proxy is the client. Anything to its left
/// was written by the client and is ignored, and the header is ignored entirely when the peer is
/// not trusted, so a client cannot pick its own address.
public struct ClientAddressResolver: Sendable {
    /// The proxies' addresses, as the server sees them (`127.0.0.1`, `::1`, `10.0.0.2`).
    public var trustedProxies: Set<String>

    /// A resolver trusting `trustedProxies`.
    public init(trustedProxies: Set<String> = []) {
        self.trustedProxies = trustedProxies
    }

    /// The client address of a request from `peer` with these headers.
    public func resolve(peer: String, headers: HTTPFields) -> String {
        guard trustedProxies.contains(peer) else { return peer }
        let hops = headers[values: .xForwardedFor]
            .flatMap { $0.split(separator: ",") }
            .map { String($0.trimmingHeaderSpace) }
        for hop in hops.reversed() {
            guard Self.looksLikeAddress(hop) else { return peer }
            if !trustedProxies.contains(hop) { return hop }
        }
        return peer
    }

    /// True for text an IPv4 or IPv6 address could be (what throttle keys and logs may hold).
    public static func looksLikeAddress(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 45 && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46) || byte == 0x2E || byte == 0x3A
        }
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
