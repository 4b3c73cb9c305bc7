/// Error codes of the HTTP API: stable strings clients may switch on (SPEC §Errors).
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    case badRequest = "bad_request"
    case invalidRecord = "invalid_record"
    case unauthorized
    case forbidden
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case epochChanged = "epoch_changed"
    case serverBehind = "server_behind"
    case unsupportedProtocol = "unsupported_protocol"
    case clockSkew = "clock_skew"
    case payloadTooLarge = "payload_too_large"
    case tooManyRequests = "too_many_requests"
    case internalError = "internal_error"
    case serverBusy = "server_busy"
    case storageUnavailable = "storage_unavailable"
    case insufficientStorage = "insufficient_storage"

    /// The HTTP status that goes with the code.
    public var httpStatus: Int {
        switch self {
        case .badRequest: 400
        case .invalidRecord, .clockSkew: 422
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .methodNotAllowed: 405
        case .epochChanged, .serverBehind, .unsupportedProtocol: 409
        case .payloadTooLarge: 413
        case .tooManyRequests: 429
        case .internalError: 500
        case .serverBusy, .storageUnavailable: 503
        case .insufficientStorage: 507
        }
    }
}

/// The body of every error response: `{"error": {"code": "...", "message": "...", "requestId": "..."}}`.
public struct ErrorResponse: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        public var code: ErrorCode
        public var message: String
        /// The id the server's log lines for this request carry (absent from older servers).
        public var requestId: String?
    }

    public var error: Detail

    public init(code: ErrorCode, message: String, requestId: String? = nil) {
        self.error = Detail(code: code, message: message, requestId: requestId)
    }
}
