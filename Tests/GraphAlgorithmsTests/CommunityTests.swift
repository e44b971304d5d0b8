// Modularity against the textbook formula; Louvain and Leiden against trivial partitions,
// connectivity and igraph's community_multilevel.
import GraphAlgorithms
import GraphCore
import Testing

@Suite struct CommunityTests {
    /// Q = (1/2m) Σ_ij [A_ij − γ k_i k_j / 2m] δ(c_i, c_j) over a dense matrix, exactly as in the textbook.
    static func naiveModularity(nodes n: Int, edges: [Edge], labels: [Int32], weighted: Bool, resolution: Double = 1) -> Double {
        var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for e in edges {
            let w = weighted ? e.amount : 1
            a[e.src][e.dst] += w
            a[e.dst][e.src] += w  // a self-loop lands twice on the diagonal: A_ii = 2w
        }
        let k = a.map { $0.reduce(0, +) }
        let twoM = k.reduce(0, +)
        var q = 0.0
        for i in 0..<n { for j in 0..<n where labels[i] == labels[j] { q += a[i][j] - resolution * k[i] * k[j] / twoM } }
        return q / twoM
    }

    /// Every community's members are connected through intra-community transfers (either direction).
    static func allConnected(nodes n: Int, edges: [Edge], labels: [Int32]) -> Bool {
        let adj = undirectedAdjacency(nodes: n, edges: edges)
        var seen = [Bool](repeating: false, count: n)
        var reached = Set<Int32>()
        for start in 0..<n where !seen[start] {
            guard reached.insert(labels[start]).inserted else { return false }  // a second piece of one community
            seen[start] = true
            var stack = [start]
            while let u = stack.popLast() {
                for v in adj[u] where !seen[v] && labels[v] == labels[start] {
                    seen[v] = true
                    stack.append(v)
                }
            }
        }
        return true
    }

    /// Modularity.compute equals the naive formula for random labellings, weighted and by count, γ ∈ {1, 0.5}.
    @Test(arguments: 0..<25)
    func modularityMatchesTextbook(seed: UInt64) throws {
        let (n, edges) = randomMultigraph(seed: 2000 + seed)
        guard !edges.isEmpty else { return }
        var rng = TestRNG(state: seed)
        let labels = (0..<n).map { _ in Int32(rng.int(1 + n / 10)) }
        let s = makeSnapshot(nodes: n, edges: edges)
        for (weighting, gamma) in [(TransferWeighting.amount, 1.0), (.count, 1.0), (.amount, 0.5)] {
            let q = try Modularity.compute(s, communityOf: labels, weighting: weighting, resolution: gamma)
            let expected = Self.naiveModularity(nodes: n, edges: edges, labels: labels, weighted: weighting == .amount, resolution: gamma)
            #expect(abs(q - expected) < 1e-12)
        }
    }

    /// Louvain and Leiden beat both trivial partitions (all-in-one, all-singletons) and report their own modularity correctly.
    @Test(arguments: 0..<25)
    func beatsTrivialPartitions(seed: UInt64) throws {
        let (n, edges) = randomMultigraph(seed: 3000 + seed)
        guard !edges.isEmpty else { return }
        let s = makeSnapshot(nodes: n, edges: edges)
        let singletons = try Modularity.compute(s, communityOf: (0..<n).map(Int32.init))
        let oneBlock = try Modularity.compute(s, communityOf: [Int32](repeating: 0, count: n))
        for p in [try Louvain.detect(s), try Leiden.detect(s)] {
            #expect(p.modularity >= max(singletons, oneBlock) - 1e-12)
            #expect(abs(p.modularity - (try Modularity.compute(s, communityOf: p.communityOf))) < 1e-12)
            #expect(p.sizes.reduce(0, +) == n && p.count == p.sizes.count)
        }
    }

    /// Every Leiden community is connected, for the default and the until-stable iteration counts.
    @Test(arguments: 0..<30)
    func leidenCommunitiesAreConnected(seed: UInt64) throws {
        let (n, edges) = randomMultigraph(seed: 4000 + seed)
        let s = makeSnapshot(nodes: n, edges: edges)
        for options in [LeidenOptions(seed: seed), LeidenOptions(weighting: .count, seed: seed, iterations: LeidenOptions.untilStable)] {
            let p = try Leiden.detect(s, options: options)
            #expect(Self.allConnected(nodes: n, edges: edges, labels: p.communityOf))
        }
    }

    /// Modularity.compute of igraph's own multilevel membership reproduces igraph's modularity: same conventions.
    @Test(arguments: Fixture.names)
    func modularityConventionMatchesIgraph(name: String) throws {
        let f = try Fixture(name)
        let s = f.snapshot
        for w in [TransferWeighting.amount, .count] {
            let ref = f.multilevel(w.rawValue)
            let q = try Modularity.compute(s, communityOf: ref.membership, weighting: w)
            #expect(abs(q - ref.membershipQ) < 1e-12)
        }
    }

    /// Louvain and Leiden modularity is within 2% of igraph's community_multilevel (mean of 5 seeds) on the fixtures.
    @Test(arguments: Fixture.names)
    func modularityCloseToIgraph(name: String) throws {
        let f = try Fixture(name)
        let s = f.snapshot
        for w in [TransferWeighting.amount, .count] {
            let ref = f.multilevel(w.rawValue).mean
            let louvain = try Louvain.detect(s, options: .init(weighting: w))
            let leiden = try Leiden.detect(s, options: .init(weighting: w))
            #expect(louvain.modularity >= 0.98 * ref, "Louvain \(w) \(louvain.modularity) vs igraph \(ref)")
            #expect(leiden.modularity >= 0.98 * ref, "Leiden \(w) \(leiden.modularity) vs igraph \(ref)")
        }
    }

    /// The same seed gives the same partition; results are canonical (ids ordered by smallest member).
    @Test func deterministicAndCanonical() throws {
        let f = try Fixture("planted_200")
        let s = f.snapshot
        #expect(try Louvain.detect(s, options: .init(seed: 9)) == (try Louvain.detect(s, options: .init(seed: 9))))
        #expect(try Leiden.detect(s, options: .init(seed: 9)) == (try Leiden.detect(s, options: .init(seed: 9))))
        let p = try Leiden.detect(s)
        var next: Int32 = 0
        for c in p.communityOf where c >= next {
            #expect(c == next)
            next += 1
        }
    }

    /// Bad options, bad labels and an edgeless graph are handled explicitly.
    @Test func validationAndEdgeCases() throws {
        let s = makeSnapshot(nodes: 4, edges: [])
        #expect(try Louvain.detect(s).count == 4)
        #expect(try Leiden.detect(s).modularity == 0)
        #expect(throws: AlgorithmError.self) { try Louvain.detect(s, options: .init(resolution: -1)) }
        #expect(throws: AlgorithmError.self) { try Leiden.detect(s, options: .init(randomness: 0)) }
        #expect(throws: AlgorithmError.self) { try Leiden.detect(s, options: .init(iterations: 0)) }
        #expect(throws: AlgorithmError.accountCountMismatch(what: "communityOf", count: 1, accountCount: 4)) {
            try Modularity.compute(s, communityOf: [0])
        }
    }
}
