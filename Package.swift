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
    .target(name: "GraphCore", swiftSettings: swiftSettings),
    .target(
        name: "GraphStore",
        dependencies: ["GraphCore", "CSQLite"],
        resources: [.embedInCode("Schema")],
        swiftSettings: swiftSettings
    ),
    .target(name: "GraphAlgorithms", dependencies: ["GraphCore"], swiftSettings: swiftSettings),
    .target(name: "Ingest", dependencies: ["GraphCore", "GraphStore"], swiftSettings: swiftSettings),
    // Features, gradient-boosted trees, logistic regression, metrics and TreeSHAP: pure Swift, no store access.
    .target(name: "RiskModels", dependencies: ["GraphCore", "GraphAlgorithms"], swiftSettings: swiftSettings),
    .target(
        name: "Investigation", dependencies: ["GraphCore", "GraphStore", "GraphAlgorithms", "Ingest", "RiskModels"],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "amlgraph",
        dependencies: [
            "Investigation", "RiskModels",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(name: "GraphCoreTests", dependencies: ["GraphCore"], swiftSettings: swiftSettings),
    .testTarget(
        name: "GraphAlgorithmsTests", dependencies: ["GraphAlgorithms", "GraphCore", "GraphStore", "Ingest"], exclude: ["Fixtures"],
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
            dependencies: ["Investigation", "Ingest", "GraphStore", "GraphCore"],
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
    ],
    targets: targets
)
