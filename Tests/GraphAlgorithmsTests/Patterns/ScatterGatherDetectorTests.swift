// Tests of ScatterGatherDetector: ordering of hops, amounts, options.
import GraphAlgorithms
import GraphCore
import Testing

@Suite struct ScatterGatherDetectorTests {
    /// 0 scatters to 1, 2, 3 which gather to 4, `gatherOffset` after the scatters.
    private func graph(gatherOffset: Int64, forwarded: Double = 0.97) -> GraphSnapshot {
        var edges = (1...3).map { Edge(src: 0, dst: $0, amount: 10_000, time: 10 * day + Int64($0) * hour) }
        edges += (1...3).map { Edge(src: $0, dst: 4, amount: 10_000 * forwarded, time: 10 * day + gatherOffset + Int64($0) * hour) }
        return makeSnapshot(nodes: 5, edges: edges)
    }

    /// Proves source → three intermediaries → sink, gathered a day later, is found.
    @Test func scatterThenGatherIsFound() throws {
        let found = try ScatterGatherDetector().detect(graph(gatherOffset: day))
        #expect(found.count == 1)
        #expect(found.first?.accounts == [0, 1, 2, 3, 4])
        #expect(found.first?.transfers.count == 6)
        #expect(found.first?.score == 1)
    }

    /// Proves gather transfers made before the scatter transfers are not scatter-gather.
    @Test func gatherBeforeScatterIsNot() throws {
        #expect(try ScatterGatherDetector().detect(graph(gatherOffset: -2 * day)).isEmpty)
    }

    /// Proves gathering too late (after the window) or keeping too much money is not reported.
    @Test func windowAndHopLoss() throws {
        #expect(try ScatterGatherDetector().detect(graph(gatherOffset: 9 * day)).isEmpty)
        #expect(try ScatterGatherDetector().detect(graph(gatherOffset: day, forwarded: 0.5)).isEmpty)
        #expect(try ScatterGatherDetector(options: .init(maxHopLoss: nil)).detect(graph(gatherOffset: day, forwarded: 0.5)).count == 1)
    }

    /// Proves invalid options are refused with an error naming the option.
    @Test func validation() {
        #expect(throws: AlgorithmError.invalidOption(option: "maxHopLoss", requirement: "must be in 0..<1", value: "1.0")) {
            try ScatterGatherOptions(maxHopLoss: 1).validate()
        }
        #expect(throws: AlgorithmError.self) { try ScatterGatherOptions(minIntermediaries: 1).validate() }
    }
}
