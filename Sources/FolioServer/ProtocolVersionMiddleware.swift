import FolioProtocol
import HTTPTypes
import Hummingbird

/// Refuses requests whose `Folio-Protocol` header names a version this server does not speak
/// (409 `unsupported_protocol`); requests without the header are served.
struct ProtocolVersionMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let field = request.headers[.folioProtocol] {
            let value = String(field.trimmingHeaderSpace)
            guard let version = Int(value), ProtocolVersion.supported.contains(version) else {
                throw ServerError.unsupportedProtocol(value)
            }
        }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let folioProtocol = HTTPField.Name(ProtocolVersion.header)!
}
