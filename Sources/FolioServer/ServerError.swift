import FolioModel
import FolioProtocol
import Foundation
import HTTPTypes
import Hummingbird

/// An error answered to a client as `{"error": {"code": "...", "message": "..."}}` with the
/// code's HTTP status. Messages say what to do about it.
public struct ServerError: HTTPResponseError, CustomStringConvertible, Equatable {
    public var code: ErrorCode
    public var message: String
    /// Seconds after which a throttled client may try again (`Retry-After`).
    public var retryAfter: Int?
    /// The methods a path answers, for a 405 (`Allow`).
    public var allow: String?

    /// An error with a stable code and a message for the user.
    public init(_ code: ErrorCode, _ message: String, retryAfter: Int? = nil, allow: String? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
        self.allow = allow
    }

    public var description: String { "\(code.rawValue): \(message)" }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: code.httpStatus) }

    /// The JSON error response, carrying the request's id.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try response(requestID: context.id)
    }

    /// The JSON error response; `requestID` goes in the body and the `X-Request-Id` header.
    func response(requestID: String?) throws -> Response {
        var response = try Response.json(body(requestID: requestID), status: status)
        if let requestID { response.headers[.xRequestID] = requestID }
        response.headers[.folioErrorCode] = code.rawValue
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        if let allow { response.headers[.allow] = allow }
        if code == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    /// The error response's body.
    public func body(requestID: String?) -> ErrorResponse {
        ErrorResponse(code: code, message: message, requestId: requestID)
    }

    /// The answer to an error of the server's own rules: a server error as it is, a refused record,
    /// an account error. Nil for anything else (storage and unexpected failures).
    public init?(answering error: any Error) {
        switch error {
        case let error as ServerError: self = error
        case let violation as RecordViolation: self.init(violation)
        case let error as AccountError: self.init(error.code, error.description)
        default: return nil
        }
    }

    // MARK: - Common errors

    static func badRequest(_ message: String) -> ServerError { ServerError(.badRequest, message) }

    /// The answer to a record the rulebook refuses.
    init(_ violation: RecordViolation) {
        switch violation.kind {
        case .invalid: self.init(.invalidRecord, violation.description)
        case .clockSkew: self.init(.clockSkew, violation.description)
        }
    }

    static func payloadTooLarge(limit: Int) -> ServerError {
        ServerError(.payloadTooLarge, "the request body is larger than this server accepts (\(limit) bytes); send smaller batches")
    }

    static let missingToken = ServerError(.unauthorized, "this request needs a device token (Authorization: Bearer <token>); log in with `folio login`")

    static let revokedToken = ServerError(.unauthorized, "this device's token was revoked on the server; log in again with `folio login`")

    public static let unknownToken = ServerError(.unauthorized, "the server does not know this device token (it is mistyped, or the server's data was reset or restored from an older backup); log in again with `folio login`")

    static func epochChanged(current: String) -> ServerError {
        ServerError(.epochChanged, "the server's data was reset or restored (epoch is now \(current)); sync again to send it everything this device has")
    }

    static let serverBehind = ServerError(.serverBehind, "this server knows less than the push assumed (it was restored from a backup); sync again to send it what it lacks")

    static func unsupportedProtocol(_ version: String) -> ServerError {
        let supported = ProtocolVersion.supported.map(String.init).joined(separator: ", ")
        return ServerError(.unsupportedProtocol, "protocol version \(version) is not supported by this server, which speaks version(s) \(supported); update folio or the server so they match")
    }
}

extension HTTPField.Name {
    /// The id of a request, as in the server's log (`X-Request-Id`).
    static let xRequestID = HTTPField.Name("X-Request-Id")!
}
