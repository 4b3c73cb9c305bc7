import AsyncHTTPClient
import Foundation

/// Downloads web pages for saving: bounded in time, size and redirects, with a browser-like
/// identity and transparent gzip/deflate.
///
/// Each fetch uses its own `HTTPClient` on the shared event loop group and shuts it down before
/// returning, so a `PageFetcher` holds no resources and can be copied freely.
public struct PageFetcher: Sendable {
    /// Limits and identity of the fetcher.
    public struct Configuration: Sendable, Hashable {
        /// Seconds allowed to establish a connection.
        public var connectTimeout: Int = 10
        /// Seconds allowed between two reads once connected.
        public var readTimeout: Int = 20
        /// Seconds allowed for the whole fetch, redirects and body included.
        public var totalTimeout: Int = 30
        /// The largest body accepted, after decompression.
        public var maximumBodyBytes: Int = 10 << 20
        /// The most redirects followed.
        public var maximumRedirects: Int = 10
        /// The `User-Agent` header sent: a current desktop browser, since some sites refuse other clients.
        public var userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0 Safari/537.36 Folio/1.0"

        /// The default limits: 10 s to connect, 20 s between reads, 30 s in all, 10 MiB, 10 redirects.
        public init() {}
    }

    /// The limits in force.
    public var configuration: Configuration
    /// The extractor used by `save(url:)`.
    public var extractor: Extractor

    /// A fetcher with the given limits.
    public init(configuration: Configuration = Configuration(), extractor: Extractor = Extractor()) {
        self.configuration = configuration
        self.extractor = extractor
    }

    /// Downloads `url`, following redirects; any non-2xx status is an error.
    public func fetch(_ url: URL) async throws(FetchError) -> FetchedPage {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw .invalidURL(url.absoluteString)
        }
        var clientConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: configuration.maximumRedirects, allowCycles: false),
            timeout: .init(connect: .seconds(Int64(configuration.connectTimeout)),
                           read: .seconds(Int64(configuration.readTimeout))),
            decompression: .enabled(limit: .size(configuration.maximumBodyBytes))
        )
        // A refused connection fails at once rather than being retried until the timeout:
        // an offline save must not keep the user waiting.
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
        let result: Result<FetchedPage, FetchError>
        do {
            result = .success(try await withDeadline { try await download(url, with: client) })
        } catch let error as FetchError {
            result = .failure(error)
        } catch {
            result = .failure(map(error, host: url.host ?? url.absoluteString))
        }
        try? await client.shutdown()
        return try result.get()
    }

    /// Runs `operation`, cancelling it with `FetchError.timeout` after `totalTimeout` seconds
    /// (AsyncHTTPClient's deadline does not cover a body that keeps dripping in).
    private func withDeadline(_ operation: @escaping @Sendable () async throws -> FetchedPage) async throws -> FetchedPage {
        let seconds = configuration.totalTimeout
        return try await withThrowingTaskGroup(of: FetchedPage.self) { group in
            group.addTask(operation: operation)
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw FetchError.timeout(seconds: seconds)
            }
            defer { group.cancelAll() }
            guard let page = try await group.next() else { throw FetchError.timeout(seconds: seconds) }
            return page
        }
    }

    private func download(_ url: URL, with client: HTTPClient) async throws -> FetchedPage {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Accept", value: "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.8")
        request.headers.add(name: "Accept-Language", value: "en;q=0.9,*;q=0.5")
        let response = try await client.execute(request, timeout: .seconds(Int64(configuration.totalTimeout)))
        guard (200..<300).contains(response.status.code) else {
            throw FetchError.httpStatus(code: Int(response.status.code), reason: response.status.reasonPhrase)
        }
        let limit = configuration.maximumBodyBytes
        if let declared = response.headers.first(name: "Content-Length").flatMap(Int.init), declared > limit {
            throw FetchError.tooLarge(limitBytes: limit)
        }
        var data = Data()
        for try await chunk in response.body {
            guard data.count + chunk.readableBytes <= limit else { throw FetchError.tooLarge(limitBytes: limit) }
            data.append(contentsOf: chunk.readableBytesView)
        }
        return FetchedPage(url: response.url ?? url, statusCode: Int(response.status.code),
                           contentType: response.headers.first(name: "Content-Type"), data: data)
    }

    /// Translates transport errors into user-facing ones.
    private func map(_ error: any Error, host: String) -> FetchError {
        if let error = error as? HTTPClientError {
            switch error {
            case .redirectCycleDetected: return .redirectLoop
            case .redirectLimitReached: return .tooManyRedirects(limit: configuration.maximumRedirects)
            case .deadlineExceeded, .readTimeout: return .timeout(seconds: configuration.totalTimeout)
            case .connectTimeout: return .unreachable(host: host, detail: "no connection within \(configuration.connectTimeout) s")
            case .remoteConnectionClosed: return .failed(detail: "the server closed the connection")
            default: return .failed(detail: String(describing: error))
            }
        }
        let detail = String(describing: error)
        if detail.contains("DecompressionError") || detail.contains("limit") {
            return .tooLarge(limitBytes: configuration.maximumBodyBytes)
        }
        if detail.contains("connect") || detail.contains("refused") || detail.contains("resolve")
            || detail.contains("NIOConnectionError") || detail.contains("lookup") {
            return .unreachable(host: host, detail: "connection failed")
        }
        if error is CancellationError { return .failed(detail: "cancelled") }
        return .failed(detail: detail)
    }
}
