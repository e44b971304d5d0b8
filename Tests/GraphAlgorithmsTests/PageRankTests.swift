// PageRank against a plain dense power iteration and NetworkX fixtures.
import GraphAlgorithms
import GraphCore
import Testing

@Suite struct PageRankTests {
    /// The NetworkX MultiDiGraph algorithm written densely and plainly: the oracle.
    static func densePageRank(nodes n: Int, edges: [Edge], weighted: Bool, teleport: [Double]? = nil) -> [Double] {
        var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for e in edges { a[e.src][e.dst] += weighted ? e.amount : 1 }
        let p = teleport ?? [Double](repeating: 1 / Double(n), count: n)
        var x = [Double](repeating: 1 / Double(n), count: n)
        for _ in 0..<10_000 {
            var next = [Double](repeating: 0, count: n)
            var dangling = 0.0
            for i in 0..<n {
                let row = a[i].reduce(0, +)
                if row == 0 {
                    dangling += x[i]
                    continue
                }
                for j in 0..<n where a[i][j] != 0 { next[j] += 0.85 * x[i] * a[i][j] / row }
            }
            for j in 0..<n { next[j] += 0.85 * dangling * p[j] + 0.15 * p[j] }
            let change = zip(next, x).map { abs($0 - $1) }.reduce(0, +)
            x = next
            if change < 1e-15 { break }
        }
        return x
    }

    static let tight = PageRankOptions(tolerance: 1e-14, maxIterations: 10_000)

    /// Weighted and unweighted scores equal the dense oracle within 1e-9 per account on 30 random multigraphs.
    @Test(arguments: 0..<30)
    func matchesDensePowerIteration(seed: UInt64) throws {
        let (n, edges) = randomMultigraph(seed: 500 + seed)
        let s = makeSnapshot(nodes: n, edges: edges)
        for weighted in [true, false] {
            var o = Self.tight
            o.weighting = weighted ? .amount : .count
            let r = try PageRank.compute(s, options: o)
            let expected = Self.densePageRank(nodes: n, edges: edges, weighted: weighted)
            #expect(r.converged)
            #expect(zip(r.scores, expected).allSatisfy { abs($0 - $1) < 1e-9 })
            #expect(abs(r.scores.reduce(0, +) - 1) < 1e-9)
        }
    }

    /// Personalized PageRank equals the dense oracle with the teleport vector uniform on the seeds.
    @Test(arguments: 0..<10)
    func personalizedMatchesDense(seed: UInt64) throws {
        let (n, edges) = randomMultigraph(seed: 900 + seed)
        let seeds = [0, n / 2, n / 2]  // duplicate on purpose: counts once
        var p = [Double](repeating: 0, count: n)
        p[0] = 0.5
        p[n / 2] = 0.5
        let r = try PageRank.personalized(makeSnapshot(nodes: n, edges: edges), seeds: seeds, options: Self.tight)
        let expected = Self.densePageRank(nodes: n, edges: edges, weighted: true, teleport: p)
        #expect(zip(r.scores, expected).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    /// Scores equal networkx.pagerank (weighted, unweighted, personalized) to 1e-6 per account.
    @Test(arguments: Fixture.names)
    func matchesNetworkX(name: String) throws {
        let f = try Fixture(name)
        let s = f.snapshot
        var o = PageRankOptions(tolerance: 1e-12, maxIterations: 1000)
        let weighted = try PageRank.compute(s, options: o)
        o.weighting = .count
        let counted = try PageRank.compute(s, options: o)
        o.weighting = .amount
        let personal = try PageRank.personalized(s, seeds: f.ints("personalized_seeds"), options: o)
        #expect(zip(weighted.scores, f.doubles("pagerank_amount")).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(zip(counted.scores, f.doubles("pagerank_count")).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(zip(personal.scores, f.doubles("pagerank_personalized")).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    /// With the default tolerance (total L1 change < 1e-6) the scores are still within 1e-6 of NetworkX's fixed point.
    @Test func defaultToleranceIsCloseEnough() throws {
        let f = try Fixture("planted_200")
        let r = try PageRank.compute(f.snapshot)
        #expect(r.converged && r.residual < 1e-6)
        #expect(zip(r.scores, f.doubles("pagerank_amount")).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    /// Multi-threaded and single-threaded runs are bit-identical on a graph large enough to be split.
    @Test func parallelIsBitIdentical() throws {
        var rng = TestRNG(state: 42)
        let n = 20_000
        let edges = (0..<200_000).map { _ in Edge(src: rng.int(n), dst: rng.int(n / 10 + 1) * 10 % n, amount: rng.unit() * 100) }
        let s = makeSnapshot(nodes: n, edges: edges)
        let a = try PageRank.compute(s, options: .init(parallel: true))
        let b = try PageRank.compute(s, options: .init(parallel: false))
        #expect(a == b)
    }

    /// Bad options and seeds are rejected with messages naming the problem.
    @Test func validation() throws {
        let s = makeSnapshot(nodes: 3, edges: [Edge(src: 0, dst: 1, amount: 1)])
        #expect(throws: AlgorithmError.invalidOption(option: "damping", requirement: "must be in (0,1)", value: "1.5")) {
            try PageRank.compute(s, options: .init(damping: 1.5))
        }
        let message = #expect(throws: AlgorithmError.self) { try PageRank.compute(s, options: .init(damping: 1.5)) }
        #expect(message?.description == "damping must be in (0,1), got 1.5")
        #expect(throws: AlgorithmError.unknownAccount(account: 7, accountCount: 3)) { try PageRank.personalized(s, seeds: [7]) }
        #expect(throws: AlgorithmError.emptySeedSet) { try PageRank.personalized(s, seeds: []) }
        #expect(throws: AlgorithmError.self) { try PageRank.compute(s, options: .init(maxIterations: 0)) }
        #expect(throws: AlgorithmError.invalidOption(option: "maxIterations", requirement: "must be in 1...10000", value: "1000000000")) {
            try PageRank.compute(s, options: .init(maxIterations: 1_000_000_000))
        }
        // A deadline that has passed stops the iterations; a later one changes nothing.
        var late = PageRankOptions()
        late.deadline = .now + .seconds(600)
        let unlimited = try PageRank.compute(s)
        #expect(try PageRank.compute(s, options: late) == unlimited)
        var past = PageRankOptions()
        past.deadline = .now - .seconds(1)
        #expect(throws: AlgorithmError.deadlinePassed(what: "PageRank")) { try PageRank.compute(s, options: past) }
        let negative = makeSnapshot(nodes: 2, edges: [Edge(src: 0, dst: 1, amount: -5)])
        #expect(throws: AlgorithmError.invalidTransferWeight(edge: 0, amount: -5)) { try PageRank.compute(negative) }
    }

    /// Hitting maxIterations is reported as not converged rather than thrown.
    @Test func reportsNonConvergence() throws {
        let f = try Fixture("random_60")
        let r = try PageRank.compute(f.snapshot, options: .init(tolerance: 1e-15, maxIterations: 3))
        #expect(!r.converged && r.iterations == 3 && r.residual > 0)
    }
}
