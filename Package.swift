// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Folio",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "folio", targets: ["folio"]),
        .executable(name: "folio-server", targets: ["folio-server"]),
        .library(name: "FolioModel", targets: ["FolioModel"]),
        .library(name: "FolioProtocol", targets: ["FolioProtocol"]),
        .library(name: "FolioStore", targets: ["FolioStore"]),
        .library(name: "FolioExtract", targets: ["FolioExtract"]),
        .library(name: "FolioSync", targets: ["FolioSync"]),
        .library(name: "FolioServer", targets: ["FolioServer"]),
        .library(name: "FolioInterchange", targets: ["FolioInterchange"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // MARK: - Libraries
        .target(
            name: "FolioModel",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FolioProtocol",
            dependencies: ["FolioModel"],
            path: "Protocol/FolioProtocol",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FolioStore",
            dependencies: ["FolioModel", "CZstd", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CZstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "FolioExtract",
            dependencies: [
                "FolioModel", "CLibXML2",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FolioSync",
            dependencies: [
                "FolioStore", "FolioProtocol",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FolioServer",
            dependencies: [
                "FolioModel", "FolioProtocol",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // The PostgreSQL store, its own target so FolioServer (and every test that links it)
        // builds without postgres-nio.
        .target(
            name: "FolioServerPostgres",
            dependencies: [
                "FolioServer", "FolioModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FolioInterchange",
            dependencies: [
                "FolioModel", "FolioExtract",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Executables
        .executableTarget(
            name: "folio",
            dependencies: [
                "FolioModel", "FolioProtocol", "FolioStore", "FolioExtract", "FolioSync", "FolioInterchange",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            path: "cli",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "folio-server",
            dependencies: [
                "FolioServer", "FolioServerPostgres", "FolioModel", "FolioProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "server",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "folio-bench",
            dependencies: [
                "FolioModel", "FolioStore", "FolioSync", "FolioExtract", "FolioInterchange", "FolioProtocol",
                "PostgresTestSupport",  // the throwaway cluster of the PostgreSQL load phases
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks",
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests
        // A throwaway PostgreSQL cluster and the stores (StoreKind) of the tests that run on both; folio-bench starts its cluster with it too.
        .target(
            name: "PostgresTestSupport", dependencies: ["FolioServer", "FolioServerPostgres"],
            path: "Tests/PostgresTestSupport", swiftSettings: swiftSettings),
        // The tests' trait that removes every store a test opened, failed or not (apart from PostgresTestSupport, which folio-bench links).
        .target(name: "StoreTestSupport", dependencies: ["FolioServer", "PostgresTestSupport"], path: "Tests/StoreTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "FolioModelTests", dependencies: ["FolioModel"], swiftSettings: swiftSettings),
        .testTarget(name: "FolioProtocolTests", dependencies: ["FolioProtocol", "FolioModel"], swiftSettings: swiftSettings),
        .testTarget(name: "FolioStoreTests", dependencies: ["FolioStore", "FolioModel", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: swiftSettings),
        .testTarget(
            name: "FolioExtractTests",
            dependencies: ["FolioExtract", .product(name: "Hummingbird", package: "hummingbird")],
            exclude: ["Cases"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FolioSyncTests",
            dependencies: [
                "FolioSync", "FolioStore", "FolioProtocol", "FolioModel", "FolioServer", "FolioServerPostgres", "PostgresTestSupport", "StoreTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "FolioServerTests",
            dependencies: [
                "FolioServer", "FolioServerPostgres", "FolioProtocol", "PostgresTestSupport", "StoreTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FolioInterchangeTests", dependencies: ["FolioInterchange", "FolioModel"],
            exclude: ["ImportFixtures"],  // export files of other services, read through their paths
            swiftSettings: swiftSettings),
        .testTarget(name: "EndToEndTests", dependencies: ["FolioModel", "PostgresTestSupport"], swiftSettings: swiftSettings),
        // `Folio.parseAsRoot` tests of the `folio` command line (no process, no library).
        .testTarget(
            name: "FolioCLITests",
            dependencies: ["folio", "FolioModel", "FolioStore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings),
    ]
)
