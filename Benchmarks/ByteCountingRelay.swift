import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A TCP relay on 127.0.0.1 that forwards every connection to an upstream port and counts the
/// bytes in each direction: the exact bytes on the wire (HTTP headers included) of any client,
/// in-process or a child `folio` process, without changing either side.
final class ByteCountingRelay: Sendable {
    let port: Int
    private let upstreamPort: Int
    private let listener: Int32
    private let sent = Atomic<Int>(0)
    private let received = Atomic<Int>(0)
    private let sockets = Mutex(Set<Int32>())

    /// Bytes from clients to the server since the last reset.
    var bytesSent: Int { sent.load(ordering: .acquiring) }
    /// Bytes from the server to clients since the last reset.
    var bytesReceived: Int { received.load(ordering: .acquiring) }
    var total: Int { bytesSent + bytesReceived }

    func reset() {
        sent.store(0, ordering: .releasing)
        received.store(0, ordering: .releasing)
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/") }

    init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("relay: socket() failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 128) == 0 else {
            close(fd)
            throw BenchError("relay: cannot listen on 127.0.0.1")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting and closes every relayed connection.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        let open = sockets.withLock { sockets in
            defer { sockets = [] }
            return sockets
        }
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard upstream >= 0, connected == 0 else {
                close(client)
                if upstream >= 0 { close(upstream) }
                continue
            }
            var yes: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            setsockopt(upstream, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            sockets.withLock { $0.formUnion([client, upstream]) }
            let pair = Pair()
            let finish: @Sendable () -> Void = { [self] in
                if pair.finished.add(1, ordering: .acquiringAndReleasing).newValue == 2 {
                    sockets.withLock { $0.subtract([client, upstream]) }
                    close(client)
                    close(upstream)
                }
            }
            Thread { [self] in pump(from: client, to: upstream, upstream: true); finish() }.start()
            Thread { [self] in pump(from: upstream, to: client, upstream: false); finish() }.start()
        }
    }

    /// The two directions of one relayed connection; the second to finish closes both sockets.
    private final class Pair: Sendable {
        let finished = Atomic<Int>(0)
    }

    private func pump(from source: Int32, to destination: Int32, upstream: Bool) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            // Counted before forwarding, so a reader who has the answer also has its count.
            if upstream { sent.add(count, ordering: .relaxed) } else { received.add(count, ordering: .relaxed) }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { write(destination, $0.baseAddress.map { $0 + offset }, count - offset) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    shutdown(source, Int32(SHUT_RDWR))
                    return
                }
                offset += written
            }
        }
        shutdown(destination, Int32(SHUT_WR))
    }
}
