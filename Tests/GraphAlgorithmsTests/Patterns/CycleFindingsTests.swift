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
