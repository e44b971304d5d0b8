// k-hop neighbourhoods against a plain BFS.
import GraphAlgorithms
import GraphCore
import Testing

@Suite struct TraversalTests {
    /// Hop distances by a textbook BFS over an edge list, following the given direction and window.
    static func bfs(nodes n: Int, edges: [Edge], seed: Int, hops: Int, direction: KHopOptions.Direction, window: TimeWindow?) -> [Int: Int] {
        var adj = [[Int]](repeating: [], count: n)
        for e in edges where window?.contains(e.time) ?? true {
            if direction != .in { adj[e.src].append(e.dst) }
            if direction != .out { adj[e.dst].append(e.src) }
        }
        var dist = [seed: 0]
        var frontier = [seed]
        for d in 1...max(1, hops) where d <= hops {
            var next: [Int] = []
            for u in frontier {
                for v in adj[u] where dist[v] == nil {
                    dist[v] = d
                    next.append(v)
                }
            }
            frontier = next
        }
        return dist
    }

    /// Accounts, distances and induced transfers equal the BFS oracle for every direction, k in 0...3, with and without a window.
    @Test(arguments: 0..<20)
    func matchesBFS(seed: UInt64) throws {
        let (n, edges) = randomMultigraph(seed: 6000 + seed)
        let s = makeSnapshot(nodes: n, edges: edges)
        var rng = TestRNG(state: seed)
        for direction in KHopOptions.Direction.allCases {
            for hops in 0...3 {
                for window in [nil, TimeWindow(from: 200, to: 700)] {
                    let start = rng.int(n)
                    let hood = try KHopNeighbourhood.compute(s, seed: start, options: .init(hops: hops, direction: direction, window: window))
                    let expected = Self.bfs(nodes: n, edges: edges, seed: start, hops: hops, direction: direction, window: window)
                    let got = Dictionary(uniqueKeysWithValues: zip(hood.accounts.map(Int.init), hood.hops.map(Int.init)))
                    #expect(got == expected)
                    #expect(hood.accounts.first == Int32(start) && !hood.truncated)
                    #expect(zip(hood.hops, hood.hops.dropFirst()).allSatisfy { $0 <= $1 })  // BFS order
                    // Induced transfers: every (windowed) transfer with both ends inside, as edge numbers.
                    let inside = Set(hood.accounts.map(Int.init))
                    let expectedEdges = (0..<s.transferCount).filter { e in
                        inside.contains(Int(s.source[e])) && inside.contains(Int(s.target[e]))
                            && (window?.contains(s.timestamp[e]) ?? true)
                    }.map(Int32.init)
                    #expect(hood.transfers == expectedEdges)
                }
            }
        }
    }

    /// maxNodes caps the result, keeps the nearest accounts and flags truncation.
    @Test func truncatesAtMaxNodes() throws {
        // A star: 0 pays 1..50, each of which pays one further account.
        var edges = (1...50).map { Edge(src: 0, dst: $0, amount: 1) }
        edges += (1...50).map { Edge(src: $0, dst: 50 + $0, amount: 1) }
        let s = makeSnapshot(nodes: 101, edges: edges)
        let hood = try KHopNeighbourhood.compute(s, seed: 0, options: .init(hops: 2, direction: .out, maxNodes: 30))
        #expect(hood.accounts.count == 30 && hood.truncated)
        #expect(hood.hops.allSatisfy { $0 <= 1 })
        let full = try KHopNeighbourhood.compute(s, seed: 0, options: .init(hops: 2, direction: .out))
        #expect(full.accounts.count == 101 && !full.truncated && full.transfers.count == 100)
    }

    /// Negative hops, a zero maxNodes, an empty window and an unknown seed are rejected.
    @Test func validation() {
        let s = makeSnapshot(nodes: 2, edges: [Edge(src: 0, dst: 1, amount: 1)])
        let e = #expect(throws: AlgorithmError.self) { try KHopNeighbourhood.compute(s, seed: 0, options: .init(hops: -1)) }
        #expect(e?.description == "hops must be >= 0, got -1")
        #expect(throws: AlgorithmError.self) { try KHopNeighbourhood.compute(s, seed: 0, options: .init(maxNodes: 0)) }
        #expect(throws: AlgorithmError.emptyTimeWindow(from: 5, to: 5)) {
            try KHopNeighbourhood.compute(s, seed: 0, options: .init(window: TimeWindow(from: 5, to: 5)))
        }
        #expect(throws: AlgorithmError.unknownAccount(account: 2, accountCount: 2)) { try KHopNeighbourhood.compute(s, seed: 2) }
    }
}
