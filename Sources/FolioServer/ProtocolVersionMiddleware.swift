import FolioProtocol
import Hummingbird

/// Refuses requests whose `Folio-Protocol` header names a version this server does not speak
/// (409 `unsupported_protocol`); requests without the header are served.
struct ProtocolVersionMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let name = ProtocolVersion.header.lowercased()
        if let field = request.headers.first(where: { $0.name.canonicalName == name }) {
            let value = field.value.trimmingCharacters(in: .whitespaces)
            guard let version = Int(value), ProtocolVersion.supported.contains(version) else {
                throw ServerError.unsupportedProtocol(value)
            }
        }
        return try await next(request, context)
    }
}
