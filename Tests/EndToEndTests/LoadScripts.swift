import Foundation

/// Small Python programs that play many clients at once against a real server, bounded in time;
/// each prints one JSON object. Python's threads wait on sockets cheaply, which a test process
/// spawning hundreds of curls could not.
enum LoadScripts {
    /// What the scripts share: `post(path, body, headers)` sends one request on a new connection
    /// to 127.0.0.1 and returns the answer's status ("closed" when there was none).
    static let post = #"""
    import json, socket, sys, time

    def post(path, body, headers):
        data = json.dumps(body).encode()
        head = "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n" % (
            path, len(data), "".join(h + "\r\n" for h in headers))
        with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=60) as s:
            s.sendall(head.encode() + data)
            answer = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
        return answer.split(b" ", 2)[1].decode() if answer else "closed"

    """# + "\n"

    /// `flood.py PORT SECONDS CONCURRENCY`: CONCURRENCY strangers log in with made-up names, each
    /// from its own forwarded address, one request at a time, until SECONDS have passed. Prints
    /// `{"statuses": {"401": n, ...}}`.
    static let flood = post + #"""
    import threading
    port, seconds, concurrency = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    stop = time.time() + seconds
    statuses, lock = {}, threading.Lock()

    def stranger(index):
        n = 0
        while time.time() < stop:
            n += 1
            address = "10.%d.%d.%d" % (index % 250, (n // 250) % 250, n % 250)
            try:
                status = post("/v1/login", {"user": "stranger%dx%d" % (index, n), "password": "guess guess", "device": "x"},
                              ["X-Forwarded-For: " + address])
            except Exception as error:
                status = type(error).__name__
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
            if status in ("503", "429"):
                time.sleep(0.05)  # refused at once: a pause keeps this process from hogging a core

    threads = [threading.Thread(target=stranger, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"statuses": statuses}))
    """#

    /// `timed.py PORT TOKEN DELAY SECONDS`: after DELAY seconds, a device pulls again and again
    /// for SECONDS. Prints `{"latencies": [ms, ...], "statuses": [...]}`.
    static let timedPulls = post + #"""
    port, token, delay, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    time.sleep(delay)
    stop = time.time() + seconds
    latencies, statuses = [], []
    while time.time() < stop:
        start = time.perf_counter()
        statuses.append(post("/v1/pull", {"knowledge": {}}, ["Authorization: Bearer " + token]))
        latencies.append((time.perf_counter() - start) * 1000)
        time.sleep(0.05)
    print(json.dumps({"latencies": latencies, "statuses": statuses}))
    """#

    /// `slowloris.py PORT CONNECTIONS SECONDS`: opens CONNECTIONS connections that send a request
    /// head one byte every half second, for at most SECONDS. Prints, per connection, how it ended:
    /// `{"answered": [seconds...], "closed": [seconds...], "open": n, "answers": [first line...]}`.
    static let slowloris = #"""
    import json, select, socket, sys, time
    port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    start = time.time()
    head = b"POST /v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: " + b"a" * 1000
    sockets = {}
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.setblocking(False)
        sockets[s] = 0
    answered, closed, answers = [], [], []
    while sockets and time.time() - start < seconds:
        readable, _, _ = select.select(list(sockets), [], [], 0.5)
        for s in readable:
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            if data.startswith(b"HTTP/1.1"):
                answered.append(time.time() - start)
                answers.append(data.split(b"\r\n", 1)[0].decode())
            else:
                closed.append(time.time() - start)
            del sockets[s]
            s.close()
        for s in list(sockets):
            try:
                s.send(head[sockets[s]:sockets[s] + 1])
                sockets[s] += 1
            except OSError:
                closed.append(time.time() - start)
                del sockets[s]
                s.close()
    print(json.dumps({"answered": answered, "closed": closed, "open": len(sockets), "answers": sorted(set(answers))}))
    """#

    /// Writes `script` to `temp` and starts it with `arguments`; `finish` waits and decodes its output.
    static func start(_ script: String, in temp: TemporaryDirectory, _ arguments: [String]) throws -> Running {
        let path = temp.path("script-\(UUID().uuidString).py")
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        return Running(process: process, output: output)
    }

    struct Running {
        let process: Process
        let output: Pipe

        /// Waits for the script and returns its JSON object.
        func finish() throws -> [String: Any] {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw E2EError.failed("script printed \(String(decoding: data, as: UTF8.self))") }
            return object
        }
    }
}
