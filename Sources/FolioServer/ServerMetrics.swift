import FolioProtocol
import Foundation
import HTTPTypes
import Hummingbird
import Prometheus

/// What the server counts, in Prometheus form (`GET /metrics` with the metrics token).
///
/// Labels come from fixed sets (route names, error codes, login results), never from request
/// text, so a stranger cannot grow the output.
public final class ServerMetrics: Sendable {
    /// The outcome of a login attempt.
    public enum LoginResult: String, Sendable, CaseIterable {
        case succeeded, failed, throttled, busy
    }

    /// The routes requests are counted under.
    enum Route: String, CaseIterable {
        case health, login, logout, info, pull, push, metrics, other

        init(path: String) {
            switch path {
            case "/health": self = .health
            case "/metrics": self = .metrics
            case "/v1/login": self = .login
            case "/v1/logout": self = .logout
            case "/v1/info": self = .info
            case "/v1/pull": self = .pull
            case "/v1/push": self = .push
            default: self = .other
            }
        }
    }

    let registry: PrometheusCollectorRegistry
    private let logins: [LoginResult: Counter]
    private let errors: [ErrorCode: Counter]
    private let durations: [Route: DurationHistogram]
    private let syncs: Counter
    private let recordsPushed: Counter
    private let recordsChanged: Counter
    private let recordsPulled: Counter
    private let conflicts: Counter
    private let requestBytes: Counter
    private let responseBytes: Counter
    let openConnections: Gauge
    let refusedConnections: Counter
    let timedOutConnections: Counter

    /// Fresh metrics, all zero.
    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        let latencyBuckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                          .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10)]
        logins = Dictionary(uniqueKeysWithValues: LoginResult.allCases.map {
            ($0, registry.makeCounter(name: "folio_logins_total", labels: [("result", $0.rawValue)], help: "Login attempts by result."))
        })
        errors = Dictionary(uniqueKeysWithValues: ErrorCode.allCases.map {
            ($0, registry.makeCounter(name: "folio_errors_total", labels: [("code", $0.rawValue)], help: "Error answers by error code."))
        })
        durations = Dictionary(uniqueKeysWithValues: Route.allCases.map {
            ($0, registry.makeDurationHistogram(name: "folio_request_duration_seconds", labels: [("route", $0.rawValue)], buckets: latencyBuckets,
                                                help: "Time from request head to response head, by route."))
        })
        syncs = registry.makeCounter(name: "folio_syncs_total", help: "Syncs started: pushes and first pull pages.")
        recordsPushed = registry.makeCounter(name: "folio_records_pushed_total", help: "Records received in pushes.")
        recordsChanged = registry.makeCounter(name: "folio_records_changed_total", help: "Pushed records that changed the server's copy.")
        recordsPulled = registry.makeCounter(name: "folio_records_pulled_total", help: "Records sent in pull pages.")
        conflicts = registry.makeCounter(name: "folio_conflicts_total", help: "Concurrent writes logged as conflicts.")
        requestBytes = registry.makeCounter(name: "folio_request_bytes_total", help: "Request body bytes, as sent (compressed or not).")
        responseBytes = registry.makeCounter(name: "folio_response_bytes_total", help: "Response body bytes with a known length.")
        openConnections = registry.makeGauge(name: "folio_connections_open", help: "Client connections open now.")
        refusedConnections = registry.makeCounter(name: "folio_connections_refused_total", help: "Connections answered 503 at the connection limit.")
        timedOutConnections = registry.makeCounter(name: "folio_connections_timed_out_total", help: "Connections closed for a header, request or idle timeout.")
    }

    /// Counts a login attempt.
    func login(_ result: LoginResult) { logins[result]?.increment() }

    /// Counts one answered request.
    func request(path: String, status: Int, code: ErrorCode?, duration: Duration, requestBytes: Int?, responseBytes: Int?) {
        durations[Route(path: path)]?.record(duration)
        if let code { errors[code]?.increment() }
        if let requestBytes { self.requestBytes.increment(by: Int64(requestBytes)) }
        if let responseBytes { self.responseBytes.increment(by: Int64(responseBytes)) }
        registry.makeCounter(name: "folio_requests_total", labels: [("route", Route(path: path).rawValue), ("status", String(status))],
                             help: "Answered requests by route and HTTP status.").increment()
    }

    /// Counts a merged push.
    func push(records: Int, changed: Int, conflicts: Int) {
        syncs.increment()
        recordsPushed.increment(by: Int64(records))
        recordsChanged.increment(by: Int64(changed))
        self.conflicts.increment(by: Int64(conflicts))
    }

    /// Counts a pull page; the first page of a pull starts a sync.
    func pull(records: Int, firstPage: Bool) {
        if firstPage { syncs.increment() }
        recordsPulled.increment(by: Int64(records))
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }
}

/// Counts every request in ``ServerMetrics``; sits outside the error middleware so it sees the
/// final status and error code.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let code = response.headers[.folioErrorCode].flatMap(ErrorCode.init(rawValue:))
        metrics.request(
            path: request.uri.path, status: response.status.code, code: code, duration: ContinuousClock.now - start,
            requestBytes: request.headers[.contentLength].flatMap(Int.init), responseBytes: response.body.contentLength)
        return response
    }
}

/// `GET /metrics` for a request bearing the operator's metrics token; 404 for anyone else, as if
/// the route did not exist.
struct MetricsController: Sendable {
    let metrics: ServerMetrics
    /// The SHA-256 of the metrics token.
    let tokenHash: String

    func addRoutes(to router: Router<FolioRequestContext>) {
        router.get("metrics") { request, _ in
            let parts = request.headers[.authorization]?.split(separator: " ", maxSplits: 1)
            guard let parts, parts.count == 2, parts[0].lowercased() == "bearer",
                  DeviceToken.hash(String(parts[1])) == tokenHash
            else { throw HTTPError(.notFound) }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
    }
}

extension HTTPField.Name {
    /// Set on error responses so the metrics middleware can count them by code.
    static let folioErrorCode = HTTPField.Name("Folio-Error-Code")!
}
