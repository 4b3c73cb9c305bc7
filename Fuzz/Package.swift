// swift-tools-version:6.2
// libFuzzer targets for every reader of outside bytes; see README.md. Built apart from the
// root package, with `-sanitize=fuzzer,address` (`make fuzz-build`), never by `make test`.
import PackageDescription

let folio = { (product: String) in Target.Dependency.product(name: product, package: "Folio") }

let package = Package(
    name: "FolioFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Folio", path: ".."),
    ],
    targets: [
        // libFuzzer's driver, called from each target's `@main` (see shim.h).
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(name: "fuzz-wire", dependencies: ["CLibFuzzer", folio("FolioModel"), folio("FolioProtocol")]),
        .executableTarget(name: "fuzz-rules", dependencies: ["CLibFuzzer", folio("FolioModel"), folio("FolioProtocol")]),
        .executableTarget(name: "fuzz-bundle", dependencies: ["CLibFuzzer", folio("FolioSync")]),
        .executableTarget(name: "fuzz-import", dependencies: ["CLibFuzzer", folio("FolioModel"), folio("FolioInterchange")]),
        .executableTarget(name: "fuzz-extract", dependencies: ["CLibFuzzer", folio("FolioExtract")]),
    ]
)
