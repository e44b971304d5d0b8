// Test fixtures for the temporal cycle and path searches: a seeded PRNG, small multigraph
// builders, and brute-force oracles that share no code with the algorithms under test.
import GraphCore

/// SplitMix64: tiny, seedable and identical on every platform, so failures reproduce.
struct TemporalTestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}

/// One transfer of a hand-written or random test graph.
struct TemporalTestEdge {
    var from: Int
    var to: Int
    var time: Int64
    var amount: Double = 100
    /// Index into the snapshot's currencies (["EUR", "USD"]).
    var currency: UInt8 = 0
}

enum TemporalTestGraphs {
    /// A snapshot with `accounts` accounts named "a0", "a1", … and the given transfers.
    static func build(accounts: Int, _ edges: [TemporalTestEdge]) -> GraphSnapshot {
        var columns = TransferColumns(capacity: edges.count)
        for (i, e) in edges.enumerated() {
            columns.append(
                source: Int32(e.from), target: Int32(e.to), amount: e.amount, timestamp: e.time,
                currency: e.currency, channel: 0, label: -1, rowID: Int32(i))
        }
        // The fixtures are valid by construction, so a failure here is a bug in the test.
        return try! GraphSnapshot.build(
            storeVersion: 1, accountKeys: (0..<accounts).map { "a\($0)" },
            accountNodeIDs: (0..<accounts).map { Int64($0) }, accountCustomer: Array(repeating: -1, count: accounts),
            customerKeys: [], customerCountry: [], countries: [], transfers: columns, currencies: ["EUR", "USD"], channels: ["wire"])
    }

    /// A random multigraph: 5-30 accounts, 10-120 transfers (self-loops and parallel transfers
    /// included), timestamps in 0...`timeSpan` so ties are common, amounts 1...100.
    static func random(seed: UInt64, timeSpan: Int = 30) -> GraphSnapshot {
        var rng = TemporalTestRandom(seed: seed)
        let n = rng.int(5...30)
        let m = rng.int(10...120)
        let edges = (0..<m).map { _ in
            TemporalTestEdge(
                from: rng.int(0...(n - 1)), to: rng.int(0...(n - 1)), time: Int64(rng.int(0...timeSpan)),
                amount: Double(rng.int(1...100)))
        }
        return build(accounts: n, edges)
    }
}

/// Exhaustive enumeration over the raw edge columns (own adjacency, no binary search, no
/// reachability pruning): only the definitions' own prefix conditions cut the search.
struct TemporalBruteForce {
    let graph: GraphSnapshot
    /// Edges leaving each account, in edge-number order: deliberately not the snapshot's CSR.
    let out: [[Int]]

    init(_ graph: GraphSnapshot) {
        self.graph = graph
        var out = [[Int]](repeating: [], count: graph.accountCount)
        for e in 0..<graph.transferCount { out[Int(graph.source[e])].append(e) }
        self.out = out
    }

    /// Every time-respecting simple path of at most `maxHops` transfers starting at `from`,
    /// with all timestamps in `bounds` and first-to-last span ≤ `window`; `visit` sees each.
    func walks(
        from: Int, maxHops: Int, window: Int64, bounds: ClosedRange<Int64> = Int64.min...Int64.max,
        ratio: ClosedRange<Double>? = nil, visit: ([Int]) -> Void
    ) {
        var path: [Int] = []
        var seen = Set([from])
        func go(_ u: Int) {
            for e in out[u] {
                let t = graph.timestamp[e]
                guard bounds.contains(t) else { continue }
                if let last = path.last {
                    guard t > graph.timestamp[last], t - graph.timestamp[path[0]] <= window else { continue }
                    if let r = ratio {
                        let prev = graph.amount[last], a = graph.amount[e]
                        guard a >= r.lowerBound * prev, a <= r.upperBound * prev else { continue }
                    }
                }
                let w = Int(graph.target[e])
                path.append(e)
                visit(path)
                if !seen.contains(w), path.count < maxHops {
                    seen.insert(w)
                    go(w)
                    seen.remove(w)
                }
                path.removeLast()
            }
        }
        go(from)
    }

    /// All temporal cycles as edge sequences, each in its increasing-time rotation.
    func cycles(maxHops: Int, window: Int64, ratio: ClosedRange<Double>? = nil, minAmount: Double? = nil) -> Set<[Int32]> {
        var result = Set<[Int32]>()
        for s in 0..<graph.accountCount {
            walks(from: s, maxHops: maxHops, window: window, ratio: ratio) { path in
                guard path.count >= 2, Int(graph.target[path.last!]) == s else { return }
                if let m = minAmount, graph.amount[path[0]] < m { return }
                result.insert(path.map { Int32($0) })
            }
        }
        return result
    }

    /// All time-respecting simple paths from `from` to `to`.
    func paths(from: Int, to: Int, maxHops: Int, window: Int64, bounds: ClosedRange<Int64>) -> Set<[Int32]> {
        var result = Set<[Int32]>()
        walks(from: from, maxHops: maxHops, window: window, bounds: bounds) { path in
            // Reaching `to` ends a simple path: anything after it would repeat `to`, and the
            // walk only continues through accounts not yet seen, so those are filtered here.
            guard Int(graph.target[path.last!]) == to else { return }
            guard !path.dropLast().contains(where: { Int(graph.target[$0]) == to }) else { return }
            result.insert(path.map { Int32($0) })
        }
        return result
    }

    /// Hop distances by Floyd–Warshall over the adjacency matrix (ignoring time).
    func hopDistances() -> [[Int]] {
        let n = graph.accountCount, inf = Int.max / 4
        var d = [[Int]](repeating: [Int](repeating: inf, count: n), count: n)
        for i in 0..<n { d[i][i] = 0 }
        for e in 0..<graph.transferCount where graph.source[e] != graph.target[e] {
            d[Int(graph.source[e])][Int(graph.target[e])] = 1
        }
        for k in 0..<n { for i in 0..<n { for j in 0..<n where d[i][k] + d[k][j] < d[i][j] { d[i][j] = d[i][k] + d[k][j] } } }
        return d
    }
}
