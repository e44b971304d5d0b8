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

    /// Proves a busy hub (paid and paying every third day) moving money from three fresh senders
    /// to three fresh receivers is reported through its exclusive counterparties, and the same
    /// burst between busy counterparties is not.
    @Test func busyHubWithFreshCounterpartiesIsFound() throws {
        // Hub 0's routine: 20 senders (7...26) pay it once each and 20 receivers (27...46) are
        // paid once each, every third day over 60 days; all of them also deal with account 47,
        // so none exists only for the hub.
        var routine: [Edge] = []
        for k in 0..<20 {
            let t = Int64(3 * k) * day
            routine += [Edge(src: 7 + k, dst: 0, amount: 500, time: t + 2 * hour), Edge(src: 7 + k, dst: 47, amount: 90, time: t + 4 * day),
                        Edge(src: 0, dst: 27 + k, amount: 400, time: t + 3 * hour), Edge(src: 27 + k, dst: 47, amount: 80, time: t + 5 * day)]
        }
        let burst = (1...3).map { Edge(src: $0, dst: 0, amount: 9_000, time: 31 * day + Int64($0) * hour) }
            + (4...6).map { Edge(src: 0, dst: $0, amount: 8_800, time: 32 * day + Int64($0) * hour) }
        let found = try GatherScatterDetector().detect(makeSnapshot(nodes: 48, edges: routine + burst))
        #expect(found.contains { f in f.accounts.first == 0 && Set(1...6).isSubset(of: accountSet(f)) })
        // The same burst when 1...6 are busy too (each pays account 47 every day).
        let busy = (1...6).flatMap { a in (0..<60).map { d in Edge(src: a, dst: 47, amount: 300, time: Int64(d) * day + Int64(a) * 60) } }
        let quiet = try GatherScatterDetector().detect(makeSnapshot(nodes: 48, edges: routine + burst + busy))
        #expect(!quiet.contains { f in Set(1...6).isSubset(of: accountSet(f)) })
    }

    /// Proves a pattern through a hub whose routine receipts (one a day for 60 days) chain its
    /// gathering burst over the whole period is still reported: three fresh senders in ten
    /// hours, three fresh receivers the next day (small seed 529276's P00012 in miniature). The
    /// widest split takes the burst from day 0 and fails both bars; the split cut to its own
    /// stretch is exclusive enough. With 1...6 busy elsewhere, nothing holds them.
    @Test func patternInsideBusyHubsLongBurstIsFound() throws {
        // Routine: sender 8 + d pays hub 0 at noon of day d and pays account 7 later; every third
        // day hub 0 pays receiver 68 + k, which also pays account 7: nobody exists only for the hub.
        var routine: [Edge] = []
        for d in 0..<60 {
            routine += [Edge(src: 8 + d, dst: 0, amount: 300, time: Int64(d) * day + 12 * hour),
                        Edge(src: 8 + d, dst: 7, amount: 50, time: Int64(d) * day + 14 * hour)]
        }
        for k in 0..<20 {
            let t = Int64(3 * k) * day + 15 * hour
            routine += [Edge(src: 0, dst: 68 + k, amount: 400, time: t), Edge(src: 68 + k, dst: 7, amount: 60, time: t + 2 * hour)]
        }
        let pattern = (1...3).map { Edge(src: $0, dst: 0, amount: 9_500, time: 40 * day + Int64(4 * $0 - 2) * hour) }
            + (4...6).map { Edge(src: 0, dst: $0, amount: 9_000, time: 41 * day + Int64($0) * hour) }
        let found = try GatherScatterDetector().detect(makeSnapshot(nodes: 88, edges: routine + pattern))
        let hit = found.first { f in f.accounts.first == 0 && Set(1...6).isSubset(of: accountSet(f)) }
        #expect(hit != nil)
        #expect((hit?.accounts.count ?? 0) <= 10, "the finding is the pattern's stretch, not the whole burst")
        let busy = (1...6).flatMap { a in (0..<60).map { d in Edge(src: a, dst: 7, amount: 300, time: Int64(d) * day + Int64(a) * 60) } }
        let quiet = try GatherScatterDetector().detect(makeSnapshot(nodes: 88, edges: routine + pattern + busy))
        #expect(!quiet.contains { f in Set(1...6).isSubset(of: accountSet(f)) })
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
