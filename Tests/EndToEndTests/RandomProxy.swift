import Foundation

/// A reverse proxy on 127.0.0.1 that sends each request to a server process picked at random,
/// as a load balancer in front of several `folio-server` processes would; python3 runs it.
/// `GET /proxy-counts` answers how many requests each process got, by port.
final class RandomProxy {
    private let process = Process()
    private(set) var port = 0
    var url: String { "http://127.0.0.1:\(port)" }

    static let script = #"""
    import http.client, http.server, json, random, sys, threading
    backends = [int(port) for port in sys.argv[1:]]
    counts, lock = {port: 0 for port in backends}, threading.Lock()

    class Forward(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def relay(self):
            if self.path == "/proxy-counts":
                return self.answer(200, [("Content-Type", "application/json")], json.dumps(counts).encode())
            port = random.choice(backends)
            with lock:
                counts[port] += 1
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "content-length")}
            upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            try:
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                kept = [(k, v) for k, v in answer.getheaders() if k.lower() not in ("connection", "content-length", "transfer-encoding")]
                self.answer(answer.status, kept, data)
            except OSError:
                self.answer(502, [], b"")
            finally:
                upstream.close()

        def answer(self, status, headers, data):
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = relay

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    print(server.server_address[1], flush=True)
    server.serve_forever()
    """#

    /// Starts the proxy in front of the processes listening on `ports`.
    init(ports: [Int]) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", Self.script] + ports.map(String.init)
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw ProxyError(message: "the proxy did not start")
        }
        self.port = port
    }

    /// How many requests each server process got through the proxy, by port.
    func counts() throws -> [Int: Int] {
        let answer = RawHTTP.send(port: port, RawHTTP.request("GET", "/proxy-counts"))
        let counts = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Int] ?? [:]
        return Dictionary(uniqueKeysWithValues: counts.compactMap { key, value in Int(key).map { ($0, value) } })
    }

    /// Stops the proxy with SIGKILL: the test runner's children may inherit a blocked SIGTERM.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    struct ProxyError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
