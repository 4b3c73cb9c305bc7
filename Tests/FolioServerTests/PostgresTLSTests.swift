import FolioServer
import FolioServerPostgres
import Foundation
import PostgresTestSupport
import Testing

/// The PostgreSQL store over TCP with TLS: a cluster of its own on 127.0.0.1 that accepts only
/// TLS connections, with a certificate made for the test by openssl.
@Suite(.serialized,
       .enabled(if: PostgresCluster.isAvailable, Comment(rawValue: PostgresCluster.skipReason)),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl to make a certificate"))
struct PostgresTLSTests {
    /// The cluster, its certificate (its own root) and a certificate it does not use.
    struct TLSCluster {
        let cluster: PostgresCluster
        let certificate: String
        let stranger: String
        let files: URL

        init() throws {
            files = URL(fileURLWithPath: "/tmp").appendingPathComponent("folio-tls-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
            certificate = files.appendingPathComponent("server.crt").path
            stranger = files.appendingPathComponent("stranger.crt").path
            let key = files.appendingPathComponent("server.key").path
            for (name, subject, extra) in [("server", "/CN=localhost", ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]), ("stranger", "/CN=stranger", [])] {
                try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", subject,
                                  "-keyout", files.appendingPathComponent("\(name).key").path, "-out", files.appendingPathComponent("\(name).crt").path] + extra)
            }
            // TCP only with TLS; the socket (createdb) as before.
            let hba = files.appendingPathComponent("pg_hba.conf")
            try "local all all trust\nhostssl all all 127.0.0.1/32 trust\n".write(to: hba, atomically: true, encoding: .utf8)
            // The server (nobody when we are root) must own its key, readable by it alone.
            if getuid() == 0 {
                for path in [files.path, key, certificate, hba.path] {
                    try FileManager.default.setAttributes([.ownerAccountID: 65534, .groupOwnerAccountID: 65534], ofItemAtPath: path)
                }
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
            cluster = try PostgresCluster(durable: false, settings: [
                "listen_addresses=127.0.0.1", "ssl=on", "ssl_cert_file=\(certificate)", "ssl_key_file=\(key)", "hba_file=\(hba.path)",
            ], port: try Self.freePort())
        }

        /// The TCP URL of a new database, with the given query options.
        func database(_ options: String) throws -> String {
            let name = PostgresCluster.databaseName(try cluster.database()) ?? ""
            return "postgres://folio@127.0.0.1:\(cluster.port)/\(name)?\(options)"
        }

        func remove() {
            cluster.stop()
            try? FileManager.default.removeItem(at: files)
        }

        static func openssl(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw PostgresStoreError("openssl \(arguments.first ?? "") failed") }
        }

        /// A TCP port on 127.0.0.1 that nothing listens on right now.
        static func freePort() throws -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            guard bound else { throw PostgresStoreError("no free port") }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }

    @Test func verifiedTLSConnectsAndAnUntrustedCertificateIsRefused() async throws {
        let tls = try TLSCluster()
        defer { tls.remove() }

        let verified = try PostgresDatabaseURL(tls.database("sslmode=verify-full&sslrootcert=\(tls.certificate)"))
        let store = try await PostgresSyncStore(url: verified, connections: 1)
        #expect(try await store.createUser(name: "alice", passwordHash: "x", now: Date()).name == "alice")
        await store.close()

        let untrusted = try PostgresDatabaseURL(tls.database("sslmode=verify-full&sslrootcert=\(tls.stranger)"))
        let refused = await #expect(throws: PostgresStoreError.self) { try await PostgresSyncStore(url: untrusted, connections: 1) }
        #expect(refused?.description.contains("its certificate was not trusted") == true, "\(refused?.description ?? "")")

        // The server takes TCP connections only with TLS, so the one above did use it.
        let plain = try PostgresDatabaseURL(tls.database("sslmode=disable"))
        let noTLS = await #expect(throws: PostgresStoreError.self) { try await PostgresSyncStore(url: plain, connections: 1) }
        #expect(noTLS?.description.contains("refused the login") == true, "\(noTLS?.description ?? "")")
    }

    /// A URL that requires TLS of a server without it is refused with a message saying so.
    @Test func requiringTLSOfAServerWithoutItIsExplained() async throws {
        let cluster = try PostgresCluster(durable: false, settings: ["listen_addresses=127.0.0.1"], port: try TLSCluster.freePort())
        defer { cluster.stop() }
        let name = PostgresCluster.databaseName(try cluster.database()) ?? ""
        let url = try PostgresDatabaseURL("postgres://folio@127.0.0.1:\(cluster.port)/\(name)?sslmode=require")
        let refused = await #expect(throws: PostgresStoreError.self) { try await PostgresSyncStore(url: url, connections: 1) }
        #expect(refused?.description.contains("does not offer TLS") == true, "\(refused?.description ?? "")")
        let preferred = try await PostgresSyncStore(url: PostgresDatabaseURL("postgres://folio@127.0.0.1:\(cluster.port)/\(name)"), connections: 1)
        #expect(try await preferred.users().isEmpty, "the default, prefer, falls back to a plain connection")
        await preferred.close()
    }
}
