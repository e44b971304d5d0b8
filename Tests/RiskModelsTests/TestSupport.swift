// Snapshot builders and a seeded generator shared by the RiskModels suites.
import Foundation
import GraphCore
import RiskModels

/// One transfer as the tests describe it.
struct Edge {
    var src: Int, dst: Int, amount: Double, time: Int64, label: Int8 = 0, currency: UInt8 = 0, channel: UInt8 = 0
}

/// Builds a snapshot through the production builder, so tests see the real CSR layout.
func makeSnapshot(nodes: Int, edges: [Edge]) -> GraphSnapshot {
    var t = TransferColumns(capacity: edges.count)
    for (i, e) in edges.enumerated() {
        t.append(
            source: Int32(e.src), target: Int32(e.dst), amount: e.amount, timestamp: e.time,
            currency: e.currency, channel: e.channel, label: e.label, rowID: Int32(i))
    }
    return try! GraphSnapshot.build(
        storeVersion: 1, accountKeys: (0..<nodes).map { "A\($0)" }, accountNodeIDs: (0..<nodes).map { Int64($0) },
        accountCustomer: [Int32](repeating: -1, count: nodes), customerKeys: [], customerCountry: [], countries: [],
        transfers: t, currencies: ["EUR", "USD"], channels: ["wire", "cash"]
    )
}

/// A test-local SplitMix64, so random inputs reproduce from their seed.
struct TestRNG: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

/// A random multigraph over a week, amounts 1...20,000, labels ~5% ones.
func randomTransfers(seed: UInt64, nodes: Int, count: Int) -> [Edge] {
    var rng = TestRNG(state: seed)
    return (0..<count).map { _ in
        Edge(
            src: rng.int(nodes), dst: rng.int(nodes), amount: (rng.unit() * 2_000_000).rounded() / 100 + 1,
            time: 1_704_067_200 + Int64(rng.int(7 * 86_400)), label: rng.unit() < 0.05 ? 1 : 0,
            currency: UInt8(rng.int(2)), channel: UInt8(rng.int(2)))
    }
}

/// Attributes where account i has currency EUR for even i, USD for odd, opened 100 days earlier.
func makeAttributes(nodes: Int) -> AccountAttributes {
    try! AccountAttributes(
        currency: (0..<nodes).map { $0 % 2 == 0 ? "EUR" : "USD" }, openedAt: (0..<nodes).map { _ in 1_704_067_200 - 100 * 86_400 },
        country: (0..<nodes).map { Int16($0 % 3) }, segment: (0..<nodes).map { Int8($0 % 2) }, kycRisk: (0..<nodes).map { Int8($0 % 3) })
}

/// Column index of a named feature.
func column(_ name: String) -> Int { FeatureSchema.allNames.firstIndex(of: name)! }

/// A file next to this source file, under Fixtures/.
func fixtureURL(_ name: String, filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
}
