// Tests of CycleEdgeFilter, the peeling pass in front of the temporal cycle search, and of the
// filtered IncomingTimeline the search then reads: the filter must never drop a transfer that
// lies on a cycle, and should drop the dead ends it is meant for.
@testable import GraphAlgorithms
import GraphCore
import Testing

private func survivors(_ g: GraphSnapshot, window: Int64, parallel: Bool = false, exhaustive: Bool = false) -> [Bool] {
    CycleEdgeFilter.survivors(of: g, timeline: IncomingTimeline(graph: g, outgoing: true), window: window, parallel: parallel, exhaustive: exhaustive)
}

/// On a hand-made graph the filter keeps exactly the transfers on cycles: it drops self-transfers,
/// a pair whose only partners share its timestamp, a pair too far apart for the window, a
/// transfer from an account that receives nothing, and a chain that dies only once the transfer
/// after it has been dropped (three steps of peeling, when the passes run until nothing drops;
/// the default stops after the first pass here, as it dropped less than a quarter, and keeps the
/// chain's first transfer).
@Test func filterDropsDeadEndsAndKeepsCycles() throws {
    let edges = [
        TemporalTestEdge(from: 0, to: 1, time: 10), TemporalTestEdge(from: 1, to: 2, time: 20),  // 0, 1: triangle
        TemporalTestEdge(from: 2, to: 0, time: 30),  // 2: triangle
        TemporalTestEdge(from: 1, to: 8, time: 25), TemporalTestEdge(from: 8, to: 1, time: 26),  // 3, 4: 2-cycle
        TemporalTestEdge(from: 3, to: 4, time: 10), TemporalTestEdge(from: 4, to: 3, time: 10),  // 5, 6: tie
        TemporalTestEdge(from: 5, to: 6, time: 0), TemporalTestEdge(from: 6, to: 5, time: 500),  // 7, 8: too far apart
        TemporalTestEdge(from: 7, to: 0, time: 15),  // 9: 7 receives nothing
        TemporalTestEdge(from: 0, to: 13, time: 12), TemporalTestEdge(from: 13, to: 14, time: 5),  // 10, 11: chain
        TemporalTestEdge(from: 14, to: 15, time: 6),  // 12: 15 sends nothing
        TemporalTestEdge(from: 2, to: 2, time: 21),  // 13: self-transfer
    ]
    let g = TemporalTestGraphs.build(accounts: 16, edges)
    // Edge numbers follow the snapshot's order, so compare by (from, to, time).
    func kept(_ keep: [Bool]) -> Set<[Int]> {
        Set((0..<g.transferCount).filter { keep[$0] }.map { [Int(g.source[$0]), Int(g.target[$0]), Int(g.timestamp[$0])] })
    }
    let cycles: Set<[Int]> = [[0, 1, 10], [1, 2, 20], [2, 0, 30], [1, 8, 25], [8, 1, 26]]
    #expect(kept(survivors(g, window: 100, exhaustive: true)) == cycles)
    #expect(kept(survivors(g, window: 100)) == cycles.union([[0, 13, 12]]))
    let oracle = TemporalBruteForce(g).cycles(maxHops: 12, window: 100)
    #expect(oracle.count == 2)
    #expect(Set(try TemporalCycleFinder(graph: g).findCycles(options: .init(maxHops: 12, window: 100)).cycles.map(\.edges)) == oracle)
}

/// The first pass drops a transfer whose only partner in the window is a self-transfer, before
/// or after it, as the later passes do: its quicker check hands such an account to the general one.
/// (Ten triangles keep the drops under a quarter, so the default stops after that first pass.)
@Test func firstPassIgnoresSelfTransfersAsPartners() {
    var edges = (0..<10).flatMap { i -> [TemporalTestEdge] in
        let a = 10 + 3 * i
        return [TemporalTestEdge(from: a, to: a + 1, time: 10), TemporalTestEdge(from: a + 1, to: a + 2, time: 20), TemporalTestEdge(from: a + 2, to: a, time: 30)]
    }
    edges += [
        TemporalTestEdge(from: 2, to: 0, time: 5), TemporalTestEdge(from: 0, to: 1, time: 10),  // 1 sends only to itself, before
        TemporalTestEdge(from: 1, to: 1, time: 8),
        TemporalTestEdge(from: 5, to: 3, time: 5), TemporalTestEdge(from: 3, to: 4, time: 10),  // 4 sends only to itself, after
        TemporalTestEdge(from: 4, to: 4, time: 12),
    ]
    let g = TemporalTestGraphs.build(accounts: 40, edges)
    for parallel in [false, true] {
        let keep = survivors(g, window: 100, parallel: parallel)
        let dropped = Set((0..<g.transferCount).filter { !keep[$0] }.map { [Int(g.source[$0]), Int(g.target[$0])] })
        #expect(dropped == [[2, 0], [0, 1], [1, 1], [5, 3], [3, 4], [4, 4]], "parallel \(parallel)")
    }
}

/// The window bound is inclusive, as in the finder: partners exactly `window` apart keep each
/// other, one second more drops both.
@Test func filterWindowIsInclusive() {
    let g = TemporalTestGraphs.build(accounts: 2, [TemporalTestEdge(from: 0, to: 1, time: 100), TemporalTestEdge(from: 1, to: 0, time: 150)])
    #expect(survivors(g, window: 50) == [true, true])
    #expect(survivors(g, window: 49) == [false, false])
}

/// On random multigraphs with timestamp ties, parallel transfers and self-loops, every transfer
/// of every brute-force cycle (up to 12 hops, several windows) survives the filter, and the
/// filter on two threads keeps exactly what it keeps on one.
@Test(arguments: 0..<40)
func filterKeepsEveryTransferOnACycle(seed: Int) {
    let g = TemporalTestGraphs.random(seed: UInt64(seed) &* 104_729 &+ 3)
    let oracle = TemporalBruteForce(g)
    for window in [1, 3, 8, 30] as [Int64] {
        for exhaustive in [false, true] {
            let keep = survivors(g, window: window, exhaustive: exhaustive)
            #expect(survivors(g, window: window, parallel: true, exhaustive: exhaustive) == keep, "seed \(seed) window \(window)")
            for cycle in oracle.cycles(maxHops: 12, window: window) {
                #expect(cycle.allSatisfy { keep[Int($0)] }, "seed \(seed) window \(window): a transfer of \(cycle) was dropped")
            }
        }
    }
}

/// The per-account counts the filter derives from its drops equal a count of the kept transfers,
/// over one pass or several, on one thread or two.
@Test(arguments: 0..<20)
func filterCountsMatchTheKeptTransfers(seed: Int) {
    let g = TemporalTestGraphs.random(seed: UInt64(seed) &* 7_919 &+ 11)
    let timeline = IncomingTimeline(graph: g, outgoing: true)
    for window in [1, 3, 8, 30] as [Int64] {
        for (parallel, exhaustive) in [(false, false), (true, false), (false, true), (true, true)] {
            let (keep, counts) = CycleEdgeFilter.filter(g, timeline: timeline, window: window, parallel: parallel, exhaustive: exhaustive)
            var outgoing = [Int32](repeating: 0, count: g.accountCount), incoming = outgoing
            for e in 0..<g.transferCount where keep[e] {
                outgoing[Int(g.source[e])] += 1
                incoming[Int(g.target[e])] += 1
            }
            #expect(counts.outgoing == outgoing, "seed \(seed) window \(window)")
            #expect(counts.incoming == incoming, "seed \(seed) window \(window)")
        }
    }
}

/// A filtered timeline holds, per account and direction, exactly the kept transfers of the full
/// one, in the same (time) order, each naming its snapshot edge.
@Test(arguments: 0..<10)
func filteredTimelineKeepsOrderAndEdgeNumbers(seed: Int) {
    let g = TemporalTestGraphs.random(seed: UInt64(seed) &+ 99)
    let full = IncomingTimeline(graph: g, outgoing: true)
    var rng = TemporalTestRandom(seed: UInt64(seed))
    let keep = (0..<g.transferCount).map { _ in rng.int(0...2) > 0 }
    let filtered = IncomingTimeline(full, keeping: keep, numbering: (0..<Int32(g.accountCount)).map { $0 })  // numbers kept
    func code(_ e: Int) -> Int64 { Int64(full.encoding.code(g.timestamp[e])) }
    for a in 0..<g.accountCount {
        let fullInSlots = (Int(full.offsets[a])..<Int(full.offsets[a + 1])).filter { keep[Int(full.edges[$0])] }
        let gotInSlots = Array(Int(filtered.offsets[a])..<Int(filtered.offsets[a + 1]))
        let gotInEdges = gotInSlots.map { Int(filtered.edges[$0]) }
        #expect(gotInEdges == fullInSlots.map { Int(full.edges[$0]) })
        #expect(zip(gotInSlots, gotInEdges).allSatisfy { slot, e in
            g.target[e] == Int32(a) && g.source[e] == filtered.links[slot].account && code(e) == filtered.links[slot].time
        })
        let gotOutSlots = Array(Int(filtered.outOffsets[a])..<Int(filtered.outOffsets[a + 1]))
        let gotOut = gotOutSlots.map { filtered.outLinks[$0] }
        let gotOutEdges = gotOutSlots.map { Int(filtered.outEdges[$0]) }
        #expect(gotOutEdges == g.outgoing(a).filter { keep[$0] })
        #expect(zip(gotOut, gotOutEdges).allSatisfy { link, e in g.target[e] == link.account && code(e) == link.time })
        #expect(zip(gotOut, gotOut.dropFirst()).allSatisfy { $0.time <= $1.time })
    }
}
