// Windowed per-account statistics against a brute-force scan of the edge list.
import GraphAlgorithms
import GraphCore
import Testing

@Suite struct StatisticsTests {
    /// Every statistic of every account equals a direct filter over the edge list, for several windows.
    @Test(arguments: 0..<20)
    func matchesBruteForce(seed: UInt64) throws {
        let (n, edges) = randomMultigraph(seed: 7000 + seed)
        let s = makeSnapshot(nodes: n, edges: edges)
        for window in [TimeWindow(from: 0, to: 1000), TimeWindow(from: 250, to: 500), TimeWindow(from: -10, to: 1)] {
            let stats = try WindowedAccountStatistics.compute(s, window: window)
            let inWindow = edges.filter { window.contains($0.time) }
            for a in 0..<n {
                let out = inWindow.filter { $0.src == a }
                let inc = inWindow.filter { $0.dst == a }
                let r = stats[a]
                #expect(r.outDegree == out.count && r.inDegree == inc.count)
                #expect(r.distinctPayees == Set(out.map(\.dst)).count && r.distinctPayers == Set(inc.map(\.src)).count)
                #expect(abs(r.outSum - out.map(\.amount).reduce(0, +)) < 1e-9)
                #expect(abs(r.inSum - inc.map(\.amount).reduce(0, +)) < 1e-9)
                #expect(r.outMax == (out.map(\.amount).max() ?? 0) && r.inMax == (inc.map(\.amount).max() ?? 0))
                #expect(abs(r.outMean - (out.isEmpty ? 0 : r.outSum / Double(out.count))) < 1e-12)
                #expect(abs(stats.inMean[a] - r.inMean) < 1e-12)
            }
        }
    }

    /// The window is half-open: a transfer at `to` is excluded, one at `from` included; empty windows throw.
    @Test func halfOpenWindow() throws {
        let s = makeSnapshot(nodes: 2, edges: [Edge(src: 0, dst: 1, amount: 5, time: 10), Edge(src: 0, dst: 1, amount: 7, time: 20)])
        let stats = try WindowedAccountStatistics.compute(s, window: TimeWindow(from: 10, to: 20))
        #expect(stats[0].outDegree == 1 && stats[0].outSum == 5 && stats[1].inMax == 5 && stats[1].distinctPayers == 1)
        #expect(throws: AlgorithmError.emptyTimeWindow(from: 20, to: 10)) {
            try WindowedAccountStatistics.compute(s, window: TimeWindow(from: 20, to: 10))
        }
    }
}
