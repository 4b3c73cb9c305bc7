import FolioModel
import FolioProtocol
import GRDB
import Hummingbird
import Logging
import NIOConcurrencyHelpers

/// Turns every error into the JSON error body with the request's id: the server's own errors as
/// they are, the framework's (unknown route, oversized body) with a matching code, storage
/// failures as 507 or 503 with what happened, and anything unexpected as a logged 500 that tells
/// nothing of the internals.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The router's routes, to tell a wrong method (405) from a path that does not exist (404).
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try serverError(for: error, request: request, context: context).response(requestID: context.id)
        }
    }

    private func serverError(for error: any Error, request: Request, context: Context) -> ServerError {
        if let answer = ServerError(answering: error) { return answer }
        switch error {
        case let error as DatabaseError: return storageError(error, context: context)
        case let error as any HTTPResponseError: return translated(error, request: request)
        default:
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return ServerError(.internalError, "the server failed to handle this request; its log has the details")
        }
    }

    /// What a failed database operation means for the client; nothing of the request was saved.
    private func storageError(_ error: DatabaseError, context: Context) -> ServerError {
        context.logger.error("storage failed", metadata: ["error": "\(error)"])
        switch error.resultCode {
        case .SQLITE_FULL:
            return ServerError(.insufficientStorage, "the server's disk is full, so nothing from this request was saved; try again once its operator has freed space")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            context.logger.critical("the database is damaged: stop folio-server, run `sqlite3 folio-server.sqlite 'PRAGMA integrity_check'` in the data directory, and restore a backup or recover it with `.recover`")
            return ServerError(.storageUnavailable, "the server's database is damaged; its operator must repair it (the server log says how)", retryAfter: 300)
        default:
            return ServerError(.storageUnavailable, "the server could not read or write its database, so nothing from this request was saved; try again shortly", retryAfter: 30)
        }
    }

    private func translated(_ error: any HTTPResponseError, request: Request) -> ServerError {
        switch error.status {
        case .notFound:
            if let methods = routes.methods(for: request.uri.path) {
                ServerError(.methodNotAllowed, "\(request.uri.path) answers \(methods.joined(separator: ", ")) only", allow: methods.joined(separator: ", "))
            } else {
                ServerError(.notFound, "no such endpoint: \(request.method) \(request.uri.path.terminalSafe)")
            }
        case .contentTooLarge: ServerError(.payloadTooLarge, "the request body is too large")
        case .unauthorized: .missingToken
        default: ServerError(.badRequest, "the request was refused (\(error.status.code) \(error.status.reasonPhrase))")
        }
    }
}

/// The methods each path of the router answers, filled once the routes are added.
final class RouteTable: Sendable {
    private let table = NIOLockedValueBox<[String: [String]]>([:])

    /// Records the router's routes.
    func record(_ routes: [Router<FolioRequestContext>.RouteDescription]) {
        let paths = Dictionary(grouping: routes) { "/" + $0.path.description.drop { $0 == "/" } }
        table.withLockedValue { $0 = paths.mapValues { $0.map(\.method.rawValue).sorted() } }
    }

    /// The methods `path` answers, or nil when no route has that path.
    func methods(for path: String) -> [String]? {
        table.withLockedValue { $0[path] }
    }
}
