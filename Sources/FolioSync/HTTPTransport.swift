import AsyncHTTPClient
import CompressNIO
import FolioModel
import FolioProtocol
import Foundation
import NIOCore
import NIOHTTP1

/// The sync protocol over HTTP/JSON (Protocol/SPEC.md, Protocol/openapi.yaml).
public struct HTTPTransport: SyncTransport {
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
            if buffer.readableBytes >= Self.compressionThreshold, let compressed = try? buffer.compress(with: .gzip()) {
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
                if data.count > 256 << 20 { throw SyncError.malformedResponse("answer larger than 256 MiB") }
            }
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncError.unreachable(server: server.absoluteString, reason: Self.describe(error))
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let detail = try? JSONCoding.decoder.decode(ErrorResponse.self, from: data)
            switch (status, detail?.error.code) {
            case (401, _): throw authorized ? SyncError.tokenRejected : SyncError.badCredentials
            case (429, _): throw SyncError.throttled
            case (_, .unsupportedProtocol?): throw SyncError.incompatibleProtocol(server: Array(ProtocolVersion.supported))
            default:
                throw SyncError.server(status: status, code: detail?.error.code.rawValue ?? "http_\(status)",
                                       message: detail?.error.message ?? String(decoding: data.prefix(200), as: UTF8.self))
            }
        }
        do {
            return try JSONCoding.decode(Response.self, from: data.isEmpty ? Array("{}".utf8) : Array(data))
        } catch {
            throw SyncError.malformedResponse("\(error)")
        }
    }

    /// Request bodies from this size on are sent gzip-compressed.
    static let compressionThreshold = 16 << 10

    /// One client for the process. A refused or unreachable server fails at once (after at most
    /// the connect timeout), instead of being retried until the request deadline.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.decompression = .enabled(limit: .ratio(50))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused (is folio-server running?)" }
        if text.contains("deadlineExceeded") || text.contains("connectTimeout") { return "timed out" }
        if text.contains("NXDOMAIN") || text.contains("lookup") || text.contains("resolve") { return "host name not found" }
        return text
    }
}
