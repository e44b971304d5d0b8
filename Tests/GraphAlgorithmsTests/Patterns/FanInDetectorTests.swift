// Tests of FanInDetector, in smurfing and plain mode.
import GraphAlgorithms
import GraphCore
import Testing

@Suite struct FanInDetectorTests {
    private func ring(amount: Double) -> GraphSnapshot {
        makeSnapshot(nodes: 7, edges: (1...6).map { Edge(src: $0, dst: 0, amount: amount - Double($0), time: Int64($0) * 5 * hour) })
    }

    /// Proves six deposits just under 10,000 into one account within two days are smurfing.
    @Test func smurfingIsFound() throws {
        let found = try FanInDetector().detect(ring(amount: 9_500))
        #expect(found.count == 1)
        #expect(found.first?.accounts.first == 0)
        #expect(found.first.map(accountSet) == Set(0...6))
        #expect(found.first?.typology == .fanIn)
        #expect((found.first?.score ?? 0) > 0.99)
    }

    /// Proves amounts above the threshold are not smurfing, but are a fan-in in `.all` mode.
    @Test func aboveThresholdOnlyInAllMode() throws {
        #expect(try FanInDetector().detect(ring(amount: 20_000)).isEmpty)
        #expect(try FanInDetector(options: .init(mode: .all)).detect(ring(amount: 20_000)).count == 1)
    }

    /// Proves a smurfing burst mixed with out-of-band deposits scores lower than a pure one.
    @Test func bandShareLowersScore() throws {
        var edges = (1...6).map { Edge(src: $0, dst: 0, amount: 9_000, time: Int64($0) * 5 * hour) }
        edges += (7...12).map { Edge(src: $0, dst: 0, amount: 50, time: Int64($0 - 6) * 5 * hour + 60) }
        let mixed = try FanInDetector().detect(makeSnapshot(nodes: 13, edges: edges))
        #expect(mixed.count == 1)
        #expect((mixed.first?.score ?? 1) < 0.9)
    }

    /// Proves invalid options are refused with an error naming the option.
    @Test func validation() {
        #expect(throws: AlgorithmError.invalidOption(option: "bandLow", requirement: "must be in (0,1)", value: "1.5")) {
            try FanInOptions(bandLow: 1.5).validate()
        }
        #expect(throws: AlgorithmError.self) { try FanInOptions(reportingThreshold: 0).validate() }
        #expect(throws: AlgorithmError.self) { try FanInOptions(minCounterparties: 0).validate() }
    }
}
