import Hummingbird
import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTPTypes

/// How many connections the server holds and how long each may take (SECURITY.md).
public struct ConnectionPolicy: Sendable, Equatable {
    /// Connections served at once; the next ones are answered 503 `server_busy` and closed.
    public var maxConnections: Int
    /// Time from opening a connection to the end of its first request's head.
    public var headerTimeout: Duration
    /// Time from a request's head to the end of its body.
    public var requestTimeout: Duration
    /// Time a kept-alive connection may wait, after an answer, for the whole head of its next request.
    public var idleTimeout: Duration

    /// The defaults: 1,000 connections, 10 s for headers, 120 s for a body, 60 s idle.
    public init(maxConnections: Int = 1_000, headerTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(120), idleTimeout: Duration = .seconds(60)) {
        self.maxConnections = max(1, maxConnections)
        self.headerTimeout = headerTimeout
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
    }

    /// Past this many open connections (limit plus the refused ones being answered) the server
    /// stops accepting until some close, so it never runs out of file descriptors.
    var acceptCeiling: Int { maxConnections + max(16, maxConnections / 4) }
}

/// HTTP/1.1 with ``ConnectionPolicy``: counts connections, answers those over the limit with a
/// 503 and closes them, and closes connections that miss a deadline.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let policy: ConnectionPolicy
    let metrics: ServerMetrics
    private let open = NIOLockedValueBox(0)

    init(responder: @escaping HTTPChannelHandler.Responder, policy: ConnectionPolicy, metrics: ServerMetrics) {
        self.policy = policy
        self.metrics = metrics
        inner = HTTP1Channel(responder: responder, configuration: .init(additionalChannelHandlers: [DeadlineHandler(policy: policy, metrics: metrics)]))
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let count = open.withLockedValue { count in
            count += 1
            return count
        }
        metrics.openConnections.increment()
        channel.closeFuture.whenComplete { [open, metrics] _ in
            open.withLockedValue { $0 -= 1 }
            metrics.openConnections.decrement()
        }
        let setup = inner.setup(channel: channel, logger: logger)
        guard count > policy.maxConnections else { return setup }
        metrics.refusedConnections.increment()
        return setup.flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(BusyAnswerHandler(), position: .first)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 guarded by `policy`.
    static func guardedHTTP1(policy: ConnectionPolicy, metrics: ServerMetrics) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in GuardedHTTP1Channel(responder: responder, policy: policy, metrics: metrics) }
    }
}

/// Answers a connection over the limit with a 503 before it sends anything, then closes it.
private final class BusyAnswerHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let answer: String = {
        let body = #"{"error":{"code":"server_busy","message":"the server has too many connections open; try again in a few seconds"}}"#
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 5\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }()

    func handlerAdded(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: Self.answer))).whenComplete { [context] _ in
            context.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // The request is not read: the connection is closing.
    }
}

/// Closes a connection that is too slow: one that does not finish a request's head within the
/// header timeout (or, kept alive, the idle timeout), or its body within the request timeout.
/// The time the server itself takes to answer is not limited.
///
/// Each request moves the deadline; the one timer of the connection is rescheduled only when it
/// fires early, so a busy connection costs no timer work per request.
final class DeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let policy: ConnectionPolicy
    private let metrics: ServerMetrics
    /// When the connection is closed unless something moves it; nil while the server is answering.
    private var deadline: NIODeadline?
    private var timer: Scheduled<Void>?
    private var requestsInProgress = 0

    init(policy: ConnectionPolicy, metrics: ServerMetrics) {
        self.policy = policy
        self.metrics = metrics
    }

    func handlerAdded(context: ChannelHandlerContext) {
        arm(policy.headerTimeout, context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestsInProgress += 1
            arm(policy.requestTimeout, context: context)
        case .body:
            break
        case .end:
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            requestsInProgress = max(0, requestsInProgress - 1)
            if requestsInProgress == 0 { arm(policy.idleTimeout, context: context) }
        }
        context.write(data, promise: promise)
    }

    private func arm(_ timeout: Duration, context: ChannelHandlerContext) {
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        deadline = .now() + .nanoseconds(nanoseconds)
        if timer == nil { schedule(context: context) }
    }

    /// Wakes up at the deadline: closes the connection if it has passed, else sleeps until the new one.
    private func schedule(context: ChannelHandlerContext) {
        guard let deadline else {
            timer = nil
            return
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = bound.value
            guard let current = handler.deadline, current <= .now() else { return handler.schedule(context: context) }
            handler.metrics.timedOutConnections.increment()
            handler.timer = nil
            context.close(promise: nil)
        }
    }

    private func stop() {
        timer?.cancel()
        timer = nil
        deadline = nil
    }
}
