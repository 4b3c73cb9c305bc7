import FolioModel
import FolioProtocol
import FolioServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A server over a fresh temporary data directory, with fast bcrypt and helpers to talk to it.
struct TestServer {
    let directory: URL
    var configuration: ServerConfiguration

    init(directory: URL? = nil, limits: ServerLimits = ServerLimits(), throttle: LoginThrottle.Policy = LoginThrottle.Policy()) {
        self.directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("folio-server-tests-\(UUID().uuidString)")
        configuration = ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: self.directory, logLevel: .warning, limits: limits, loginThrottle: throttle, bcryptCost: 4)
    }

    /// A second handle on the same data directory, as `folio-server user ...` opens it.
    func store() throws -> SQLiteSyncStore { try SQLiteSyncStore(directory: directory) }

    @discardableResult
    func addUser(_ name: String, password: String = "correct horse") async throws -> Account {
        try await store().createUser(name: name, passwordHash: await PasswordHasher.hash(password, cost: 4), now: Date())
    }

    /// Runs `body` against the application built by `buildApplication`.
    func run<Value: Sendable>(_ setup: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let app = try await buildApplication(configuration)
        return try await app.test(setup, body)
    }

    func removeDirectory() {
        try? FileManager.default.removeItem(at: directory)
    }
}

// MARK: - Requests

extension TestClientProtocol {
    func post(_ uri: String, token: String? = nil, json: some Encodable, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await post(uri, token: token, raw: JSONCoding.encoder.encode(json), headers: headers)
    }

    func post(_ uri: String, token: String? = nil, raw: Data, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        headers[.contentType] = "application/json"
        return try await executeRequest(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: raw))
    }

    func get(_ uri: String, token: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await executeRequest(uri: uri, method: .get, headers: headers, body: nil)
    }

    func login(_ user: String, password: String = "correct horse", device: String = "test") async throws -> String {
        let response = try await post("/v1/login", json: LoginRequest(user: user, password: password, device: device))
        #expect(response.status == .ok)
        return try response.decode(LoginResponse.self).token
    }

    func push(_ token: String, _ records: [RecordState], epoch: String? = nil, knowledge: VersionVector? = nil, replica: ReplicaID? = nil) async throws -> PushResponse {
        let response = try await post("/v1/push", token: token, json: PushRequest(epoch: epoch, records: records, knowledge: knowledge, replica: replica))
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return try response.decode(PushResponse.self)
    }

    func pull(_ token: String, _ request: PullRequest = PullRequest(knowledge: VersionVector())) async throws -> PullResponse {
        let response = try await post("/v1/pull", token: token, json: request)
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return try response.decode(PullResponse.self)
    }

    /// Every page of a pull, following cursors.
    func pullAll(_ token: String, knowledge: VersionVector = VersionVector(), limit: Int) async throws -> [PullResponse] {
        var pages: [PullResponse] = []
        var cursor: String?
        repeat {
            let page = try await pull(token, PullRequest(knowledge: knowledge, cursor: cursor, limit: limit))
            pages.append(page)
            cursor = page.cursor
        } while cursor != nil && pages.count < 1000
        return pages
    }
}

extension TestResponse {
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONCoding.decoder.decode(T.self, from: Data(body.readableBytesView))
    }

    /// The error code of a JSON error response.
    var errorCode: ErrorCode? { (try? decode(ErrorResponse.self))?.error.code }
    var errorMessage: String? { (try? decode(ErrorResponse.self))?.error.message }
}

// MARK: - Records

enum Fixture {
    static let deviceA = ReplicaID(rawValue: 0xA1)
    static let deviceB = ReplicaID(rawValue: 0xB2)

    static func stamp(_ offset: TimeInterval = 0) -> HLCStamp {
        HLCStamp(wall: HybridClock.wallMilliseconds(Date().addingTimeInterval(offset)))
    }

    /// An article written in one transaction `(replica, counter)`.
    static func article(_ id: UUID = UUID(), by replica: ReplicaID = deviceA, counter: UInt64, title: String, stampOffset: TimeInterval = 0) -> RecordState {
        var state = RecordState(id: id, kind: .article)
        state.write([(Field.title, .string(title)), (Field.url, .string("https://example.com/\(id)"))], dot: Dot(replica: replica, counter: counter), stamp: stamp(stampOffset))
        return state
    }
}
