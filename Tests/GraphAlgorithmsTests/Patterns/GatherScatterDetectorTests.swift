// Tests of GatherScatterDetector: gather must precede scatter.
import GraphAlgorithms
import GraphCore
import Testing

@Suite struct GatherScatterDetectorTests {
    /// 1, 2, 3 pay hub 0 at `gatherAt`; hub 0 pays 4, 5, 6 at `scatterAt`.
    private func graph(gatherAt: Int64, scatterAt: Int64) -> GraphSnapshot {
        var edges = (1...3).map { Edge(src: $0, dst: 0, amount: 9_000, time: gatherAt + Int64($0) * hour) }
        edges += (4...6).map { Edge(src: 0, dst: $0, amount: 8_800, time: scatterAt + Int64($0) * hour) }
        return makeSnapshot(nodes: 7, edges: edges)
    }

    /// Proves three senders → hub → three receivers, scatter a day after gather, is found.
    @Test func gatherThenScatterIsFound() throws {
        let found = try GatherScatterDetector().detect(graph(gatherAt: 20 * day, scatterAt: 21 * day))
        #expect(found.count == 1)
        #expect(found.first?.accounts.first == 0)
        #expect(found.first.map(accountSet) == Set(0...6))
        #expect(found.first?.transfers.count == 6)
    }

    /// Proves paying out before receiving is not gather-scatter.
    @Test func scatterBeforeGatherIsNot() throws {
        #expect(try GatherScatterDetector().detect(graph(gatherAt: 21 * day, scatterAt: 20 * day)).isEmpty)
    }

    /// Proves invalid options are refused with an error naming the option.
    @Test func validation() {
        #expect(throws: AlgorithmError.invalidOption(option: "minDestinations", requirement: "must be >= 2", value: "1")) {
            try GatherScatterOptions(minDestinations: 1).validate()
        }
        #expect(throws: AlgorithmError.self) { try GatherScatterOptions(window: -1).validate() }
    }
}
