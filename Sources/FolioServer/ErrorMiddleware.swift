import FolioModel
import FolioProtocol
import Hummingbird
import Logging

/// Turns every error into the JSON error body: the server's own errors as they are, the
/// framework's (unknown route, oversized body) with a matching code, and anything unexpected as
/// a logged 500 that tells nothing of the internals.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServerError {
            return try error.response()
        } catch let violation as RecordViolation {
            return try ServerError(violation).response()
        } catch let error as AccountError {
            return try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try translated(error, request: request).response()
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return try ServerError(.internalError, "the server failed to handle this request; its log has the details").response()
        }
    }

    func translated(_ error: any HTTPResponseError, request: Request) -> ServerError {
        switch error.status {
        case .notFound: ServerError(.notFound, "no such endpoint: \(request.method) \(request.uri.path)")
        case .contentTooLarge: ServerError(.payloadTooLarge, "the request body is too large")
        case .unauthorized: .missingToken
        default: ServerError(.badRequest, "the request was refused (\(error.status.code) \(error.status.reasonPhrase))")
        }
    }
}
