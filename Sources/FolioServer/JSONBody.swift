import FolioModel
import Foundation
import Hummingbird

/// Reading JSON request bodies within a size limit and writing JSON responses, with the
/// project's coders (sorted keys, ISO 8601 dates with milliseconds).
enum JSONBody {
    /// Decodes the request body as `T`: 413 past `limit` bytes, 400 for malformed JSON, and 422
    /// when a pushed record (under `records`) is malformed.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        if let encoding = request.headers[.contentEncoding], encoding.lowercased() != "identity" {
            throw ServerError.badRequest("request bodies with Content-Encoding \(encoding) are not supported; send them uncompressed")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw ServerError.payloadTooLarge(limit: limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw ServerError.payloadTooLarge(limit: limit)
        }
        do {
            return try JSONCoding.decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw mapped(error)
        }
    }

    static func mapped(_ error: DecodingError) -> ServerError {
        let keys: [any CodingKey]
        let detail: String
        switch error {
        case .keyNotFound(let key, let context): keys = context.codingPath + [key]; detail = "missing"
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            keys = context.codingPath; detail = context.debugDescription
        @unknown default: keys = []; detail = "unreadable"
        }
        guard !keys.isEmpty else { return .badRequest("the request body is not valid JSON for this endpoint: \(detail)") }
        let path = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }
        if keys.count >= 2, keys[0].stringValue == "records" {
            return ServerError(.invalidRecord, "a pushed record is malformed at \(path): \(detail)")
        }
        return .badRequest("the request body is malformed at \(path): \(detail)")
    }
}

extension Response {
    /// A JSON response of `value`.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONCoding.encoder.encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
