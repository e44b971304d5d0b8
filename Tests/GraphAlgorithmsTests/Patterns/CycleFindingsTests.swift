// Tests of CycleFindings: temporal cycles become `cycle` findings.
import GraphAlgorithms
import GraphCore
import Testing

@Suite struct CycleFindingsTests {
    /// Proves a three-hop round trip with increasing times and small fees is one cycle finding.
    @Test func roundTripIsFound() throws {
        let edges = [Edge(src: 0, dst: 1, amount: 10_000, time: day), Edge(src: 1, dst: 2, amount: 9_800, time: 3 * day),
                     Edge(src: 2, dst: 0, amount: 9_600, time: 5 * day)]
        let found = try CycleFindings().detect(makeSnapshot(nodes: 3, edges: edges))
        #expect(found.count == 1)
        #expect(found.first?.accounts == [0, 1, 2])
        #expect(found.first?.typology == .cycle)
        #expect(found.first?.score == 1)
    }

    /// Proves a cycle of mules through one busy account is kept (most of its accounts exist for
    /// it), while the same cycle through busy accounts only is not.
    @Test func cycleThroughOneBusyAccountIsFound() throws {
        // 0 → 1 → 2 → 3 → 4 → 0 over four days; account 2 also pays 60 others in that time.
        var edges = [Edge(src: 0, dst: 1, amount: 10_000, time: day), Edge(src: 1, dst: 2, amount: 9_800, time: 2 * day),
                     Edge(src: 2, dst: 3, amount: 9_600, time: 3 * day), Edge(src: 3, dst: 4, amount: 9_400, time: 4 * day),
                     Edge(src: 4, dst: 0, amount: 9_200, time: 5 * day)]
        edges += (0..<60).map { Edge(src: 2, dst: 5 + $0, amount: 50, time: day + Int64($0) * hour) }
        let found = try CycleFindings().detect(makeSnapshot(nodes: 65, edges: edges))
        #expect(found.count == 1)
        #expect(found.first.map(accountSet) == Set(0...4))
        #expect(found.first.map { $0.score >= 0.8 } == true)
        // Every account busy: 0, 1, 3 and 4 each also pay 60 others.
        var busy = edges
        for a in [0, 1, 3, 4] { busy += (0..<60).map { Edge(src: a, dst: 5 + $0, amount: 50, time: day + Int64($0) * hour + 60) } }
        #expect(try CycleFindings().detect(makeSnapshot(nodes: 65, edges: busy)).isEmpty)
    }

    /// Proves a loop whose times do not increase, and a two-transfer loop, are not reported.
    @Test func nonTemporalAndShortLoopsAreNot() throws {
        let backwards = [Edge(src: 0, dst: 1, amount: 10_000, time: 5 * day), Edge(src: 1, dst: 2, amount: 9_800, time: 3 * day),
                         Edge(src: 2, dst: 0, amount: 9_600, time: day)]
        #expect(try CycleFindings().detect(makeSnapshot(nodes: 3, edges: backwards)).isEmpty)
        let pair = [Edge(src: 0, dst: 1, amount: 100, time: day), Edge(src: 1, dst: 0, amount: 100, time: 2 * day)]
        #expect(try CycleFindings().detect(makeSnapshot(nodes: 2, edges: pair)).isEmpty)
    }

    /// Proves invalid options are refused with an error naming the option.
    @Test func validation() {
        #expect(throws: AlgorithmError.invalidOption(option: "minHops", requirement: "must be >= 2", value: "1")) {
            try CycleFindingOptions(minHops: 1).validate()
        }
        var bad = CycleFindingOptions()
        bad.search.maxHops = 40
        #expect(throws: AlgorithmError.self) { try bad.validate() }
    }
}
