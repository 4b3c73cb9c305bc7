import FolioProtocol
@testable import FolioServer
import Foundation
import Hummingbird
import Testing

/// Every route the server registers is documented in Protocol/openapi.yaml, and every documented one exists.
@Suite struct OpenAPICoverageTests {
    static let specURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/openapi.yaml")

    /// "METHOD /path" pairs under `paths:`, read crudely from the YAML's indentation.
    static func documentedRoutes() throws -> Set<String> {
        var routes = Set<String>()
        var inPaths = false
        var path: String?
        for line in try String(contentsOf: specURL, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("paths:") { inPaths = true; continue }
            guard inPaths else { continue }
            if let first = line.first, !first.isWhitespace, first != "#" { inPaths = false; continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "patch", "delete", "head", "options"].contains(String(method)) {
                    routes.insert("\(method.uppercased()) \(path)")
                }
            }
        }
        return routes
    }

    @Test func routesMatchOpenAPI() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("folio-openapi-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ServerConfiguration(dataDirectory: directory, metricsToken: "metrics-token-for-the-test", bcryptCost: 4)
        let router = await buildRouter(store: try SQLiteSyncStore(directory: directory), configuration: configuration)
        let registered = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description.hasPrefix("/") ? "" : "/")\($0.path)" })
        let documented = try Self.documentedRoutes()
        #expect(!registered.isEmpty)
        #expect(registered.subtracting(documented).isEmpty, "routes missing from openapi.yaml: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented routes the server lacks: \(documented.subtracting(registered).sorted())")
    }

    /// Every error code the server can answer is in the error body's enum.
    @Test func errorCodesMatchOpenAPI() throws {
        let spec = try String(contentsOf: Self.specURL, encoding: .utf8)
        let line = try #require(spec.split(separator: "\n").first { $0.contains("enum: [bad_request") })
        let documented = Set(line.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(documented == Set(ErrorCode.allCases.map(\.rawValue)))
    }
}
