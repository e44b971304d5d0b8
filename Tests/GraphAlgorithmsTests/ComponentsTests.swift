// WCC and SCC against brute-force oracles and NetworkX fixtures.
import GraphAlgorithms
import GraphCore
import Testing

@Suite struct ComponentsTests {
    /// WCC equals the components found by a plain BFS over the undirected graph, on 40 random multigraphs.
    @Test(arguments: 0..<40)
    func wccMatchesBFS(seed: UInt64) {
        let (n, edges) = randomMultigraph(seed: seed)
        let adj = undirectedAdjacency(nodes: n, edges: edges)
        var label = [Int](repeating: -1, count: n)
        for start in 0..<n where label[start] < 0 {
            label[start] = start
            var queue = [start]
            while let u = queue.popLast() {
                for v in adj[u] where label[v] < 0 {
                    label[v] = start
                    queue.append(v)
                }
            }
        }
        let expected = canonical(label)
        let wcc = WeaklyConnectedComponents.compute(makeSnapshot(nodes: n, edges: edges))
        #expect(wcc.componentOf == expected)
        #expect(wcc.count == Set(expected).count)
        #expect(wcc.sizes.reduce(0, +) == n)
    }

    /// SCC equals the classes of mutual reachability from a brute-force transitive closure, on 40 random multigraphs.
    @Test(arguments: 100..<140)
    func sccMatchesReachabilityClosure(seed: UInt64) {
        let (n, edges) = randomMultigraph(seed: seed)
        var reach = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        for i in 0..<n { reach[i][i] = true }
        for e in edges { reach[e.src][e.dst] = true }
        for k in 0..<n { for i in 0..<n where reach[i][k] { for j in 0..<n where reach[k][j] { reach[i][j] = true } } }
        // Label each node by the smallest node it is mutually reachable with.
        let label = (0..<n).map { i in (0..<n).first { reach[i][$0] && reach[$0][i] }! }
        let scc = StronglyConnectedComponents.compute(makeSnapshot(nodes: n, edges: edges))
        #expect(scc.componentOf == canonical(label))
        #expect(scc.sizes == (0..<scc.count).map { c in scc.componentOf.filter { $0 == c }.count })
    }

    /// A 200 000-account chain is one deep DFS path: the iterative SCC must not overflow the stack.
    @Test func sccSurvivesDeepChain() {
        let n = 200_000
        var edges = (0..<(n - 1)).map { Edge(src: $0, dst: $0 + 1, amount: 1) }
        edges.append(Edge(src: n - 1, dst: 0, amount: 1))  // closing the ring makes it one SCC
        let s = makeSnapshot(nodes: n, edges: edges)
        #expect(StronglyConnectedComponents.compute(s).count == 1)
        #expect(WeaklyConnectedComponents.compute(s).count == 1)
    }

    /// Component labels and counts equal NetworkX's weakly/strongly_connected_components on the fixtures.
    @Test(arguments: Fixture.names)
    func matchesNetworkX(name: String) throws {
        let f = try Fixture(name)
        let s = f.snapshot
        let wcc = WeaklyConnectedComponents.compute(s)
        let scc = StronglyConnectedComponents.compute(s)
        #expect(wcc.componentOf == f.ints("wcc").map(Int32.init))
        #expect(wcc.count == f.int("wcc_count"))
        #expect(scc.componentOf == f.ints("scc").map(Int32.init))
        #expect(scc.count == f.int("scc_count"))
    }

    /// An empty graph has no components, and isolated accounts are singleton components.
    @Test func emptyAndIsolated() {
        #expect(WeaklyConnectedComponents.compute(makeSnapshot(nodes: 0, edges: [])).count == 0)
        let s = makeSnapshot(nodes: 3, edges: [])
        #expect(StronglyConnectedComponents.compute(s).componentOf == [0, 1, 2])
        #expect(WeaklyConnectedComponents.compute(s).sizes == [1, 1, 1])
    }
}
