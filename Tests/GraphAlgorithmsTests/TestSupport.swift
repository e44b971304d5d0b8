// Graph builders, a seeded generator of random multigraphs and fixture loading for the tests.
import Foundation
import GraphAlgorithms
import GraphCore

/// One transfer as the tests describe it.
struct Edge {
    var src: Int, dst: Int, amount: Double, time: Int64 = 0
}

/// Builds a snapshot through the production builder, so tests see the real CSR layout.
func makeSnapshot(nodes: Int, edges: [Edge]) -> GraphSnapshot {
    var t = TransferColumns(capacity: edges.count)
    for (i, e) in edges.enumerated() {
        t.append(
            source: Int32(e.src), target: Int32(e.dst), amount: e.amount, timestamp: e.time,
            currency: 0, channel: 0, label: -1, rowID: Int32(i))
    }
    return try! GraphSnapshot.build(
        storeVersion: 1, accountKeys: (0..<nodes).map { "A\($0)" }, accountNodeIDs: (0..<nodes).map { Int64($0) },
        accountCustomer: [Int32](repeating: -1, count: nodes), customerKeys: [], customerCountry: [], countries: [],
        transfers: t, currencies: ["EUR"], channels: ["wire"]
    )
}

/// A test-local SplitMix64, independent of the library's, so oracles share no code with it.
struct TestRNG {
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

/// A random multigraph with parallel edges, self-loops, isolated nodes and a few dense
/// clusters (so SCCs and communities are non-trivial): 20–200 nodes.
func randomMultigraph(seed: UInt64) -> (nodes: Int, edges: [Edge]) {
    var rng = TestRNG(state: seed)
    let n = 20 + rng.int(181)
    let m = rng.int(4 * n)
    let clusters = 1 + rng.int(8)
    var edges: [Edge] = []
    for _ in 0..<m {
        let s = rng.int(n)
        // Mostly stay in the source's cluster (ids congruent mod `clusters`).
        var d = rng.unit() < 0.7 ? (s + clusters * rng.int(max(1, n / clusters))) % n : rng.int(n)
        if rng.unit() < 0.03 { d = s }
        let amount = (rng.unit() * 1000).rounded() / 10
        edges.append(Edge(src: s, dst: d, amount: amount, time: Int64(rng.int(1000))))
        if rng.unit() < 0.1 { edges.append(Edge(src: s, dst: d, amount: amount + 1, time: Int64(rng.int(1000)))) }
    }
    return (n, edges)
}

/// Undirected adjacency (direction ignored, self-loops dropped) used by several oracles.
func undirectedAdjacency(nodes: Int, edges: [Edge]) -> [[Int]] {
    var adj = [[Int]](repeating: [], count: nodes)
    for e in edges where e.src != e.dst {
        adj[e.src].append(e.dst)
        adj[e.dst].append(e.src)
    }
    return adj
}

/// Ids ordered by smallest member, from any labelling.
func canonical(_ labels: [Int]) -> [Int32] {
    var map: [Int: Int32] = [:]
    return labels.map { l in
        if let m = map[l] { return m }
        let m = Int32(map.count)
        map[l] = m
        return m
    }
}

/// A NetworkX/igraph reference file next to this source file (no bundle resources needed).
struct Fixture {
    let name: String
    let nodes: Int
    let edges: [Edge]
    let json: [String: Any]

    static let names = ["small_mixed", "random_60", "planted_200"]

    init(_ name: String, filePath: String = #filePath) throws {
        let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let csv = try String(contentsOf: dir.appendingPathComponent("\(name).csv"), encoding: .utf8)
        edges = csv.split(separator: "\n").dropFirst().enumerated().map { i, line in
            let f = line.split(separator: ",")
            return Edge(src: Int(f[0])!, dst: Int(f[1])!, amount: Double(f[2])!, time: Int64(i))
        }
        let data = try Data(contentsOf: dir.appendingPathComponent("\(name).json"))
        json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        nodes = json["nodes"] as! Int
        self.name = name
    }

    var snapshot: GraphSnapshot { makeSnapshot(nodes: nodes, edges: edges) }
    func doubles(_ key: String) -> [Double] { (json[key] as! [NSNumber]).map(\.doubleValue) }
    func ints(_ key: String) -> [Int] { (json[key] as! [NSNumber]).map(\.intValue) }
    func int(_ key: String) -> Int { (json[key] as! NSNumber).intValue }
    func multilevel(_ weighting: String) -> (mean: Double, max: Double, membership: [Int32], membershipQ: Double) {
        let d = json["multilevel_\(weighting)"] as! [String: Any]
        return (
            (d["modularity_mean"] as! NSNumber).doubleValue, (d["modularity_max"] as! NSNumber).doubleValue,
            (d["membership"] as! [NSNumber]).map { Int32($0.intValue) }, (d["membership_modularity"] as! NSNumber).doubleValue
        )
    }
}
