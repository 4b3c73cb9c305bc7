import CompressNIO
import FolioModel
import FolioProtocol
import Foundation
import Hummingbird

/// Reading JSON request bodies within a size limit and writing JSON responses, with the
/// project's coders (sorted keys, ISO 8601 dates with milliseconds).
enum JSONBody {
    /// Decodes the request body (plain or `Content-Encoding: gzip`) as `T`: 413 past `limit`
    /// bytes (compressed or not), 400 for malformed JSON or gzip, and 422 when a pushed record
    /// (under `records`) is malformed.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        let encoding = request.headers[.contentEncoding]?.lowercased() ?? "identity"
        guard encoding == "identity" || encoding == "gzip" else {
            throw ServerError.badRequest("request bodies with Content-Encoding \(encoding) are not supported; send them plain or gzip")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw ServerError.payloadTooLarge(limit: limit)
        }
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw ServerError.payloadTooLarge(limit: limit)
        } catch {
            throw ServerError.badRequest("the request body could not be read (malformed HTTP framing, or the connection broke)")
        }
        if encoding == "gzip" {
            do {
                buffer = try buffer.decompress(with: .gzip(), maxSize: limit)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw ServerError.payloadTooLarge(limit: limit)
            } catch {
                throw ServerError.badRequest("the request body is not valid gzip")
            }
        }
        do {
            return try JSONCoding.decode(T.self, from: Array(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw mapped(error)
        } catch let refusal as JSONReader.Refusal {
            throw ServerError.badRequest("the request body was refused: \(refusal)")
        } catch {
            throw ServerError.badRequest("the request body is not valid JSON for this endpoint")
        }
    }

    /// A JSON kind in words, for a Swift type a message was decoded into.
    static func plainName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is UInt64.Type, is Double.Type: "a number"
        case is any Collection.Type where !(type is any (Collection & ExpressibleByDictionaryLiteral).Type): "a list"
        default: "an object"
        }
    }

    static func mapped(_ error: DecodingError) -> ServerError {
        let keys: [any CodingKey]
        let detail: String
        switch error {
        case .keyNotFound(let key, let context): keys = context.codingPath + [key]; detail = "missing"
        case .dataCorrupted(let context): keys = context.codingPath; detail = context.debugDescription
        case .typeMismatch(let type, let context): keys = context.codingPath; detail = "expected \(plainName(of: type))"
        case .valueNotFound(let type, let context): keys = context.codingPath; detail = "expected \(plainName(of: type)), found null"
        @unknown default: keys = []; detail = "unreadable"
        }
        guard !keys.isEmpty else { return .badRequest("the request body is not valid JSON for this endpoint: \(detail)") }
        let joined: String = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined(separator: "")
        let path = joined.hasPrefix(".") ? String(joined.dropFirst()) : joined
        if keys.count >= 2, keys[0].stringValue == "records" {
            return ServerError(.invalidRecord, "a pushed record is malformed at \(path): \(detail)")
        }
        return .badRequest("the request body is malformed at \(path): \(detail)")
    }
}

extension Response {
    /// A JSON response of `value`.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        json(ByteBuffer(bytes: try JSONCoding.encoder.encode(value)), status: status)
    }

    /// A response of JSON text that is already encoded.
    static func json(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }

    /// Bodies smaller than this are sent as they are: gzip would save little.
    static let compressionThreshold = 1024

    /// A JSON response of `value`, gzip-compressed when the client accepts it and it is large.
    static func json(for request: Request, _ value: some JSONWritable) -> Response {
        let buffer = ByteBuffer(bytes: value.jsonBytes)
        var input = buffer
        let accepts = request.headers[.acceptEncoding]?.lowercased().contains("gzip") ?? false
        guard accepts, buffer.readableBytes >= compressionThreshold, let compressed = try? input.compress(with: .gzip(configuration: .init(compressionLevel: WireCompression.gzipLevel))) else {
            return json(buffer)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .contentEncoding: "gzip", .vary: "Accept-Encoding"],
            body: .init(byteBuffer: compressed))
    }
}
