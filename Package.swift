// swift-tools-version:6.0
// AMLGraph: an anti-money-laundering investigation service over an in-house property-graph store.
import Foundation
import PackageDescription

/// One settings list shared by every target, so the whole package builds the same way.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

var targets: [Target] = [
    // The sqlite3 C API, used directly: the bulk-ingest path needs its raw speed (see README).
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    // libpq: PostgreSQL ingest with COPY, alert export, and the store on PostgreSQL (see README).
    .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    // Graphviz (libgvc) for network views: DOT → layout → SVG in-process, no `dot` subprocess.
    .systemLibrary(name: "CGraphviz", path: "Sources/CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
    .target(name: "GraphCore", swiftSettings: swiftSettings),
    .target(
        name: "GraphStore",
        dependencies: ["GraphCore", "CSQLite", "CLibPQ"],
        resources: [.embedInCode("Schema")],
        swiftSettings: swiftSettings
    ),
    // A prefetch hint for the searches' memory-bound loops (header-only C: Swift has no prefetch).
    .target(name: "CPrefetch", path: "Sources/CPrefetch"),
    .target(name: "GraphAlgorithms", dependencies: ["GraphCore", "CPrefetch"], swiftSettings: swiftSettings),
    .target(name: "Ingest", dependencies: ["GraphCore", "GraphStore"], swiftSettings: swiftSettings),
    .target(name: "GraphQuery", dependencies: ["GraphCore", "GraphStore", "GraphAlgorithms"], swiftSettings: swiftSettings),
    // Receives a subgraph description, never a store: DESIGN's module table.
    .target(name: "Rendering", dependencies: ["GraphCore", "CGraphviz"], swiftSettings: swiftSettings),
    // AVX-512 kernels for batch scoring and TreeSHAP of boosted trees (C: Swift cannot target one function at AVX-512).
    .target(name: "CForestKernels", path: "Sources/CForestKernels"),
    // The GNN's forward pass per sampled tree, built for AVX2 beside a portable build (C, as above).
    .target(name: "CGNNKernels", path: "Sources/CGNNKernels"),
    // Features, gradient-boosted trees, logistic regression, metrics and TreeSHAP: pure Swift, no store access.
    .target(name: "RiskModels", dependencies: ["GraphCore", "GraphAlgorithms", "CForestKernels", "CGNNKernels"], swiftSettings: swiftSettings),
    .target(
        name: "Investigation",
        dependencies: [
            "GraphCore", "GraphStore", "GraphAlgorithms", "GraphQuery", "Ingest", "Rendering", "RiskModels",
            .product(name: "Crypto", package: "swift-crypto"),
            // bcrypt for dashboard passwords (only this product of hummingbird-auth is used).
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        ],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "Server",
        dependencies: [
            "Investigation",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "amlgraph",
        dependencies: [
            "Investigation",
            "Rendering",
            "GraphQuery",
            "Server",
            "RiskModels",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: swiftSettings
    ),
    // Runs the openCypher TCK against the query engine (see README, "Query language").
    .executableTarget(name: "amlgraph-tck", dependencies: ["GraphQuery", "GraphStore"], swiftSettings: swiftSettings),
    .testTarget(
        name: "GraphQueryTests", dependencies: ["GraphQuery", "GraphStore", "Ingest"], exclude: ["golden"], swiftSettings: swiftSettings
    ),
    .testTarget(name: "GraphCoreTests", dependencies: ["GraphCore"], swiftSettings: swiftSettings),
    .testTarget(
        name: "ServerTests",
        dependencies: ["Server", "Investigation", "Ingest", "GraphStore", "GraphCore", .product(name: "HummingbirdTesting", package: "hummingbird")],
        swiftSettings: swiftSettings
    ),
    // Depends on Ingest and GraphStore for the oracle and recall tests on generated data.
    .testTarget(
        name: "GraphAlgorithmsTests", dependencies: ["GraphAlgorithms", "GraphCore", "GraphStore", "Ingest"], exclude: ["Fixtures"],
        swiftSettings: swiftSettings
    ),
    .testTarget(name: "RenderingTests", dependencies: ["Rendering"], swiftSettings: swiftSettings),
    .testTarget(
        name: "InvestigationTests", dependencies: ["Investigation", "Rendering", "GraphStore", "GraphCore", "Ingest", "RiskModels"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "RiskModelsTests", dependencies: ["RiskModels", "GraphCore", "GraphAlgorithms"], exclude: ["Fixtures"],
        swiftSettings: swiftSettings
    ),
    .testTarget(name: "GraphStoreTests", dependencies: ["GraphStore", "GraphCore"], swiftSettings: swiftSettings),
    .testTarget(name: "IngestTests", dependencies: ["Ingest", "GraphStore", "GraphCore", "Investigation"], swiftSettings: swiftSettings),
    // Runs the built `amlgraph` binary as users and scripts do (exit codes, --json, SIGKILL safety).
    .testTarget(name: "AMLGraphCLITests", dependencies: ["GraphStore"], swiftSettings: swiftSettings),
]

// Benchmarks are built only when asked, so `swift build` and `swift test` stay lean.
if ProcessInfo.processInfo.environment["AMLGRAPH_BENCHMARKS"] != nil {
    targets.append(
        .executableTarget(
            name: "amlgraph-bench",
            dependencies: ["Investigation", "Ingest", "GraphStore", "GraphAlgorithms", "GraphCore", "RiskModels"],
            path: "Benchmarks/amlgraph-bench",
            swiftSettings: swiftSettings
        )
    )
}

let package = Package(
    name: "AMLGraph",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "amlgraph", targets: ["amlgraph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", exact: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Already in the graph through Hummingbird; named because Server uses them directly.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: targets
)
