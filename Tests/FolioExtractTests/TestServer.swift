import Foundation
import Hummingbird

/// A local HTTP server on 127.0.0.1 (ephemeral port) with one route per fetching scenario.
enum TestServer {
    /// The gzip-compressed article served by `/gzip`.
    static let gzippedArticle = Data(base64Encoded: "H4sIAAAAAAACA+2Syw3DIBBEW9kCktDAiktaSAMYxmYlbBBeOZ/qTYyUFJEcd3Y+l8dR52Q5wgXLKppgr3kuFeuKQMVNYNNlNt005PC07KqKf6vF3qKsh5O0ug0pteD0knL236K8oZJG0F0qTuSWcFwj1Mf2kWVMTptPlAaMuYLwaG1eJS8X+i/8ygKb0kD7wGU6bOaAdAeLCigKqwIAAA==") ?? Data()

    /// Runs `body` with the server's base address, then stops the server.
    @discardableResult
    static func with<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            defer { group.cancelAll() }
            return try await body("http://127.0.0.1:\(port)")
        }
    }

    static let articleHTML = """
        <html lang="en"><head><title>Local article - Test Site</title></head><body>
        <nav><a href="/">Home</a></nav><article><h1>Local article</h1>
        <p>A paragraph long enough to be an article, served by a local server so that fetching can be tested         without the internet, and followed by another sentence, with commas, to score well.</p>
        <p>Another paragraph that continues the story, with more words, more commas, and more sentences.         It keeps going for a while so that the extractor is convinced this is the main text.</p></article>
        </body></html>
        """

    private static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("article") { _, _ in html(articleHTML) }
        router.get("redirect/:hops") { _, context in
            let hops = context.parameters.get("hops", as: Int.self) ?? 0
            return redirect(to: hops <= 1 ? "/article" : "/redirect/\(hops - 1)")
        }
        router.get("loop/a") { _, _ in redirect(to: "/loop/b") }
        router.get("loop/b") { _, _ in redirect(to: "/loop/a") }
        router.get("slow") { _, _ in
            try await Task.sleep(for: .seconds(5))
            return html(articleHTML)
        }
        router.get("error") { _, _ in
            Response(status: .internalServerError, body: ResponseBody(byteBuffer: ByteBuffer(string: "boom")))
        }
        router.get("gzip") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .contentEncoding: "gzip"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: gzippedArticle)))
        }
        router.get("big") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html"],
                     body: ResponseBody(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "a"), count: 2 << 20)))
        }
        router.get("big-stream") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html"], body: ResponseBody { writer in
                for _ in 0..<40 { try await writer.write(ByteBuffer(repeating: UInt8(ascii: "b"), count: 64 << 10)) }
                try await writer.finish(nil)
            })
        }
        router.get("drip") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html"], body: ResponseBody { writer in
                for _ in 0..<100 {
                    try await writer.write(ByteBuffer(string: "<p>drip</p>"))
                    try await Task.sleep(for: .milliseconds(100))
                }
                try await writer.finish(nil)
            })
        }
        router.get("notes.txt") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: "First line of notes.\n\nSecond paragraph.\u{1B}[31m")))
        }
        router.get("files/report.pdf") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/pdf"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: "%PDF-1.4 fake")))
        }
        router.get("latin1") { _, _ in
            var bytes = Array("<html><head><title>Caf".utf8)
            bytes.append(0xE9)
            bytes += Array("</title></head><body></body></html>".utf8)
            return Response(status: .ok, headers: [.contentType: "text/html; charset=ISO-8859-1"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        return router
    }

    private static func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private static func redirect(to path: String) -> Response {
        Response(status: .found, headers: [.location: path])
    }
}
