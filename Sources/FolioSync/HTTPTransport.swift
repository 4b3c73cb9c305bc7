import AsyncHTTPClient
import CompressNIO
import FolioModel
import FolioProtocol
import Foundation
import NIOCore
import NIOHTTP1

/// The sync protocol over HTTP/JSON (Protocol/SPEC.md, Protocol/openapi.yaml).
public struct HTTPTransport: WaitingTransport {
    public let server: URL
    let token: String
    var timeout: TimeAmount { .seconds(60) }

    public init(server: URL, token: String) {
        self.server = server
        self.token = token
    }

    /// Logs in with a user name and password; returns the new device token.
    public static func login(server: URL, user: String, password: String, device: String) async throws -> LoginResponse {
        let transport = HTTPTransport(server: server, token: "")
        return try await transport.send("POST", "v1/login", body: LoginRequest(user: user, password: password, device: device), authorized: false)
    }

    public func info() async throws -> ServerInfo {
        try await send("GET", "v1/info", body: Optional<PullRequest>.none)
    }

    public func pull(_ request: PullRequest) async throws -> PullResponse {
        try await send("POST", "v1/pull", body: request)
    }

    public func push(_ request: PushRequest) async throws -> PushResponse {
        try await send("POST", "v1/push", body: request)
    }

    /// Revokes this device's token on the server.
    public func wait(_ request: WaitRequest) async throws -> WaitResponse {
        try await send("POST", "v1/wait", body: request)
    }

    public func logout() async throws {
        let _: EmptyResponse = try await send("POST", "v1/logout", body: Optional<PullRequest>.none)
    }

    struct EmptyResponse: Decodable {}

    func send<Body: Encodable, Response: Decodable>(_ method: String, _ path: String, body: Body?, authorized: Bool = true) async throws -> Response {
        let url = server.appendingPathComponent(path)
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: ProtocolVersion.header, value: String(ProtocolVersion.current))
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Accept-Encoding", value: "gzip")
        request.headers.add(name: "User-Agent", value: "folio/\(ProtocolVersion.current)")
        if authorized { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            var buffer = ByteBuffer(bytes: try JSONCoding.bytes(of: body))
            if buffer.readableBytes >= Self.compressionThreshold, let compressed = try? buffer.compress(with: .gzip(configuration: .init(compressionLevel: WireCompression.gzipLevel))) {
                request.headers.add(name: "Content-Encoding", value: "gzip")
                buffer = compressed
            }
            request.body = .bytes(buffer)
        }
        let response: HTTPClientResponse
        var data = Data()
        do {
            response = try await Self.client.execute(request, timeout: timeout)
            for try await chunk in response.body {
                data.append(contentsOf: chunk.readableBytesView)
                if data.count > Self.maximumAnswerBytes { throw SyncError.malformedResponse("the answer is larger than \(Self.maximumAnswerBytes >> 20) MiB") }
            }
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncError.unreachable(server: server.absoluteString, reason: Self.describe(error))
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let detail = try? JSONCoding.decoder.decode(ErrorResponse.self, from: data)
            throw SyncError(status: status, answer: detail, authorized: authorized)
                ?? SyncError.notFolio(server: server.absoluteString, status: status, reason: response.status.reasonPhrase)
        }
        do {
            return try JSONCoding.decode(Response.self, from: data.isEmpty ? Array("{}".utf8) : Array(data))
        } catch let refusal as JSONReader.Refusal {
            throw SyncError.malformedResponse(refusal.description)
        } catch {
            throw SyncError.malformedResponse("it is not the JSON a Folio server sends")
        }
    }

    /// The largest answer read (decompressed): a pull page holds at most about 8 MiB of values,
    /// or one record of at most ``RecordRules/maximumRecordBytes``.
    static let maximumAnswerBytes = 160 << 20

    /// Request bodies from this size on are sent gzip-compressed.
    static let compressionThreshold = 16 << 10

    /// One client for the process. A refused or unreachable server fails at once (after at most
    /// the connect timeout), instead of being retried until the request deadline.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        configuration.connectionPool.retryConnectionEstablishment = false
        // An absolute limit, not a ratio: a page of very repetitive text compresses far better
        // than 50:1 and is still a valid answer (SPEC §9).
        configuration.decompression = .enabled(limit: .size(maximumAnswerBytes))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// A transport failure in plain words: what happened and what to check, never a library's
    /// type names or error numbers.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "timed out while connecting (is the address right, and the server up?)"
            case .deadlineExceeded, .readTimeout, .writeTimeout: return "the server did not answer in time"
            case .remoteConnectionClosed: return "the server closed the connection before answering (a proxy or server limit, or it is restarting)"
            case .tlsHandshakeTimeout: return "the secure (TLS) connection could not be set up in time"
            case .invalidURL, .emptyHost, .emptyScheme: return "the server address is not a valid http:// or https:// address"
            default: break
            }
        }
        let text = String(describing: error) + " " + String(reflecting: error)
        let patterns: [(String, String)] = [
            ("UnknownHost", "the host name was not found (check the address)"),
            ("DNS error", "the host name was not found (check the address)"),
            ("connectionRefused", "connection refused (is folio-server running at this address and port?)"),
            ("Connection refused", "connection refused (is folio-server running at this address and port?)"),
            ("errno: 111", "connection refused (is folio-server running at this address and port?)"),
            ("NXDOMAIN", "the host name was not found (check the address)"),
            ("lookup", "the host name was not found (check the address)"),
            ("resolve", "the host name was not found (check the address)"),
            ("SSL", "the secure (TLS) connection failed: the server may not speak HTTPS at this address (try http://) or its certificate is not trusted"),
            ("TLS", "the secure (TLS) connection failed: the server may not speak HTTPS at this address (try http://) or its certificate is not trusted"),
            ("handshake", "the secure (TLS) connection failed: the server may not speak HTTPS at this address (try http://) or its certificate is not trusted"),
            ("errno: 104", "the connection was reset by the server or a proxy"),
            ("Connection reset", "the connection was reset by the server or a proxy"),
            ("errno: 101", "the network is unreachable (are you offline?)"),
            ("errno: 113", "no route to the server (are you offline?)"),
            ("HTTPParserError", "the server's answer is not valid HTTP (is this a Folio server, and is it http:// rather than https://?)"),
            ("decompression", "the server's answer could not be decompressed"),
        ]
        for (pattern, meaning) in patterns where text.contains(pattern) { return meaning }
        return "a network error occurred"
    }
}
