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
        case health, ready, login, logout, info, pull, push, wait, metrics, other

        init(path: String) {
            switch path {
            case "/health": self = .health
            case "/ready": self = .ready
            case "/metrics": self = .metrics
            case "/v1/login": self = .login
            case "/v1/logout": self = .logout
            case "/v1/info": self = .info
            case "/v1/pull": self = .pull
            case "/v1/push": self = .push
            case "/v1/wait": self = .wait
            default: self = .other
            }
        }
    }

    /// The HTTP statuses counted on their own; any other is counted as `other`.
    static let statuses = [200, 400, 401, 404, 405, 409, 413, 422, 429, 500, 503, 507]

    let registry: PrometheusCollectorRegistry
    private let logins: [LoginResult: Counter]
    private let errors: [ErrorCode: Counter]
    private let durations: [Route: DurationHistogram]
    /// Requests by route and status, made up front so counting takes no lock but the counter's.
    private let requests: [Route: [Int: Counter]]
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
        func counter(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Counter {
            registry.makeCounter(descriptor: Self.descriptor(name, help), labels: labels)
        }
        let latencyBuckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                          .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10)]
        logins = Dictionary(uniqueKeysWithValues: LoginResult.allCases.map {
            ($0, counter("folio_logins_total", "Login attempts by result.", [("result", $0.rawValue)]))
        })
        errors = Dictionary(uniqueKeysWithValues: ErrorCode.allCases.map {
            ($0, counter("folio_errors_total", "Error answers by error code.", [("code", $0.rawValue)]))
        })
        durations = Dictionary(uniqueKeysWithValues: Route.allCases.map {
            ($0, registry.makeDurationHistogram(
                descriptor: Self.descriptor("folio_request_duration_seconds", "Time from request head to response head, by route."),
                labels: [("route", $0.rawValue)], buckets: latencyBuckets))
        })
        requests = Dictionary(uniqueKeysWithValues: Route.allCases.map { route in
            (route, Dictionary(uniqueKeysWithValues: (Self.statuses + [0]).map { status in
                (status, counter("folio_requests_total", "Answered requests by route and HTTP status.",
                                 [("route", route.rawValue), ("status", status == 0 ? "other" : String(status))]))
            }))
        })
        syncs = counter("folio_syncs_total", "Syncs started: pushes and first pull pages.")
        recordsPushed = counter("folio_records_pushed_total", "Records received in pushes.")
        recordsChanged = counter("folio_records_changed_total", "Pushed records that changed the server's copy.")
        recordsPulled = counter("folio_records_pulled_total", "Records sent in pull pages.")
        conflicts = counter("folio_conflicts_total", "Concurrent writes logged as conflicts.")
        requestBytes = counter("folio_request_bytes_total", "Request body bytes, as sent (compressed or not).")
        responseBytes = counter("folio_response_bytes_total", "Response body bytes with a known length.")
        openConnections = registry.makeGauge(descriptor: Self.descriptor("folio_connections_open", "Client connections open now."))
        refusedConnections = counter("folio_connections_refused_total", "Connections answered 503 at the connection limit.")
        timedOutConnections = counter("folio_connections_timed_out_total", "Connections closed for a header, request or idle timeout.")
    }

    /// The descriptor of the metric `name`, whose last word is its unit (`_total`, `_seconds`).
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        let split = name.lastIndex(of: "_")!
        return MetricNameDescriptor(metricName: String(name[..<split]), unitName: String(name[name.index(after: split)...]), helpText: help)
    }

    /// Counts a login attempt.
    func login(_ result: LoginResult) { logins[result]?.increment() }

    /// Counts one answered request.
    func request(path: String, status: Int, code: ErrorCode?, duration: Duration, requestBytes: Int?, responseBytes: Int?) {
        let route = Route(path: path)
        durations[route]?.record(duration)
        (requests[route]?[status] ?? requests[route]?[0])?.increment()
        if let code { errors[code]?.increment() }
        if let requestBytes { self.requestBytes.increment(by: Int64(requestBytes)) }
        if let responseBytes { self.responseBytes.increment(by: Int64(responseBytes)) }
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
            else { throw ServerError(.notFound, "no such endpoint: GET /metrics") }
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
