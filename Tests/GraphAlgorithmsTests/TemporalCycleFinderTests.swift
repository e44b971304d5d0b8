// Tests of TemporalCycleFinder: hand-made cases for each rule of the definition, and property
// tests against brute-force enumeration on random multigraphs with timestamp ties.
import GraphAlgorithms
import GraphCore
import Testing

private func cycleSet(_ result: TemporalCycleResult) -> Set<[Int32]> { Set(result.cycles.map(\.edges)) }

private func find(_ graph: GraphSnapshot, _ options: TemporalCycleOptions = TemporalCycleOptions()) throws -> TemporalCycleResult {
    try TemporalCycleFinder(graph: graph).findCycles(options: options)
}

/// A 3-cycle whose times increase from its earliest transfer is reported once, rotated to start there.
@Test func increasingTriangleIsReportedOnceFromEarliestTransfer() throws {
    let g = TemporalTestGraphs.build(accounts: 3, [
        TemporalTestEdge(from: 1, to: 2, time: 10), TemporalTestEdge(from: 2, to: 0, time: 20),
        TemporalTestEdge(from: 0, to: 1, time: 30),
    ])
    // The only rotation with increasing times is 1→2 (10), 2→0 (20), 0→1 (30).
    let result = try find(g)
    #expect(result.cycles.count == 1)
    let cycle = try #require(result.cycles.first)
    #expect(cycle.accounts == [1, 2, 0])
    #expect(cycle.startTs == 10 && cycle.endTs == 30)
    #expect(cycle.totalAmount == 300)
    #expect(!result.truncated)
}

/// A 3-cycle whose timestamps do not increase in any rotation is not reported.
@Test func nonIncreasingTriangleIsNotReported() throws {
    // 0→1 at 3, 1→2 at 2, 2→0 at 5: rotations give (3,2,5), (2,5,3), (5,3,2); none increases.
    let g = TemporalTestGraphs.build(accounts: 3, [
        TemporalTestEdge(from: 0, to: 1, time: 3), TemporalTestEdge(from: 1, to: 2, time: 2),
        TemporalTestEdge(from: 2, to: 0, time: 5),
    ])
    #expect(try find(g).cycles.isEmpty)
}

/// Equal timestamps do not count as increasing.
@Test func equalTimestampsDoNotChain() throws {
    let g = TemporalTestGraphs.build(accounts: 3, [
        TemporalTestEdge(from: 0, to: 1, time: 1), TemporalTestEdge(from: 1, to: 2, time: 2),
        TemporalTestEdge(from: 2, to: 0, time: 2),
    ])
    #expect(try find(g).cycles.isEmpty)
    let twoHop = TemporalTestGraphs.build(accounts: 2, [
        TemporalTestEdge(from: 0, to: 1, time: 7), TemporalTestEdge(from: 1, to: 0, time: 7),
    ])
    #expect(try find(twoHop).cycles.isEmpty)
}

/// A cycle longer than maxHops is not reported; raising maxHops to its length finds it.
@Test func cycleLongerThanMaxHopsIsSkipped() throws {
    let g = TemporalTestGraphs.build(accounts: 4, (0..<4).map { TemporalTestEdge(from: $0, to: ($0 + 1) % 4, time: Int64($0)) })
    #expect(try find(g, TemporalCycleOptions(maxHops: 3)).cycles.isEmpty)
    #expect(try find(g, TemporalCycleOptions(maxHops: 4)).cycles.count == 1)
}

/// The window bounds first-to-last span inclusively: span == window is in, window − 1 is out.
@Test func windowIsInclusiveOfItsBound() throws {
    let g = TemporalTestGraphs.build(accounts: 2, [
        TemporalTestEdge(from: 0, to: 1, time: 100), TemporalTestEdge(from: 1, to: 0, time: 150),
    ])
    #expect(try find(g, TemporalCycleOptions(window: 50)).cycles.count == 1)
    #expect(try find(g, TemporalCycleOptions(window: 49)).cycles.isEmpty)
}

/// Only simple cycles: a figure-eight through one account twice is reported as its two loops.
@Test func accountsAreNotRepeated() throws {
    // 0→1→0 (times 1,2) then 0→2→0 (times 3,4): the 4-transfer walk repeats account 0.
    let g = TemporalTestGraphs.build(accounts: 3, [
        TemporalTestEdge(from: 0, to: 1, time: 1), TemporalTestEdge(from: 1, to: 0, time: 2),
        TemporalTestEdge(from: 0, to: 2, time: 3), TemporalTestEdge(from: 2, to: 0, time: 4),
    ])
    let result = try find(g)
    #expect(result.cycles.map(\.hopCount) == [2, 2])
}

/// Parallel transfers make distinct cycles, and self-transfers are never cycles.
@Test func parallelTransfersAreDistinctCyclesAndSelfLoopsAreNot() throws {
    let g = TemporalTestGraphs.build(accounts: 2, [
        TemporalTestEdge(from: 0, to: 1, time: 1), TemporalTestEdge(from: 0, to: 1, time: 2),
        TemporalTestEdge(from: 1, to: 0, time: 3), TemporalTestEdge(from: 0, to: 0, time: 4),
    ])
    let result = try find(g)
    #expect(result.cycles.count == 2)
    #expect(Set(result.cycles.map(\.edges)).count == 2)
}

/// The amount band drops a hop that passes on too much, and minAmount filters the first hop.
@Test func amountBandAndMinAmount() throws {
    let g = TemporalTestGraphs.build(accounts: 3, [
        TemporalTestEdge(from: 0, to: 1, time: 1, amount: 1000), TemporalTestEdge(from: 1, to: 2, time: 2, amount: 950),
        TemporalTestEdge(from: 2, to: 0, time: 3, amount: 900), TemporalTestEdge(from: 2, to: 0, time: 4, amount: 2000),
    ])
    #expect(try find(g).cycles.count == 2)
    let banded = try find(g, TemporalCycleOptions(amountRatio: 0.5...1.1))
    #expect(banded.cycles.map(\.totalAmount) == [2850])
    #expect(try find(g, TemporalCycleOptions(minAmount: 1001)).cycles.isEmpty)
    #expect(try find(g, TemporalCycleOptions(minAmount: 1000)).cycles.count == 2)
}

/// Ten disjoint 2-cycles over 20 accounts.
private func tenTwoCycles() -> GraphSnapshot {
    var edges: [TemporalTestEdge] = []
    for i in 0..<10 {
        edges.append(TemporalTestEdge(from: 2 * i, to: 2 * i + 1, time: Int64(i)))
        edges.append(TemporalTestEdge(from: 2 * i + 1, to: 2 * i, time: Int64(i + 1)))
    }
    return TemporalTestGraphs.build(accounts: 20, edges)
}

/// maxCycles stops the search with exactly maxCycles cycles and `truncated`, on 1 and 2 threads.
@Test func maxCyclesTruncates() throws {
    let g = tenTwoCycles()
    for threads in [1, 2] {
        let cut = try find(g, TemporalCycleOptions(maxCycles: 4, threads: threads))
        #expect(cut.truncated && cut.cycles.count == 4)
        let exact = try find(g, TemporalCycleOptions(maxCycles: 10, threads: threads))
        #expect(!exact.truncated && exact.cycles.count == 10)
    }
}

/// A deadline that has passed stops the search with `timedOut` (a query's time budget holds
/// inside `aml.cycles`); a later one changes nothing, on 1 and 2 threads.
@Test func deadlineStopsTheSearch() throws {
    let g = tenTwoCycles()
    for threads in [1, 2] {
        var late = TemporalCycleOptions(threads: threads)
        late.deadline = .now + .seconds(600)
        let full = try find(g, late)
        #expect(!full.timedOut && full.cycles.count == 10)
        var past = TemporalCycleOptions(threads: threads)
        past.deadline = .now - .seconds(1)
        let stopped = try find(g, past)
        #expect(stopped.timedOut && stopped.cycles.isEmpty)
    }
}

/// Invalid options throw the error that names them, and validate() accepts the defaults.
@Test func invalidOptionsAreRejected() throws {
    let g = TemporalTestGraphs.build(accounts: 2, [])
    try TemporalCycleOptions().validate()
    #expect(throws: CycleSearchError.maxHopsOutOfRange(1)) { try find(g, TemporalCycleOptions(maxHops: 1)) }
    #expect(throws: CycleSearchError.maxHopsOutOfRange(13)) { try find(g, TemporalCycleOptions(maxHops: 13)) }
    #expect(throws: CycleSearchError.nonPositiveWindow(0)) { try find(g, TemporalCycleOptions(window: 0)) }
    #expect(throws: CycleSearchError.nonPositiveWindow(-5)) { try find(g, TemporalCycleOptions(window: -5)) }
    #expect(throws: CycleSearchError.invalidAmountRatio(lower: -1, upper: 1)) { try find(g, TemporalCycleOptions(amountRatio: -1...1)) }
    #expect(throws: CycleSearchError.nonPositiveMaxCycles(0)) { try find(g, TemporalCycleOptions(maxCycles: 0)) }
    #expect(throws: CycleSearchError.negativeThreads(-1)) { try find(g, TemporalCycleOptions(threads: -1)) }
    #expect(CycleSearchError.maxHopsOutOfRange(1).description.contains("maxHops"))
}

/// On random multigraphs with timestamp ties, the finder's cycles equal brute-force enumeration
/// exactly, for several maxHops and windows, with and without the amount band and minAmount,
/// and one and two threads give the same output, sorted by (start time, edges).
@Test(arguments: 0..<40)
func cyclesMatchBruteForce(seed: Int) throws {
    let g = TemporalTestGraphs.random(seed: UInt64(seed) &* 7919 &+ 11)
    let oracle = TemporalBruteForce(g)
    for (maxHops, window) in [(2, 5), (3, 10), (5, 8), (8, 12), (12, 30)] as [(Int, Int64)] {
        for ratio in [nil, 0.5...1.1] as [ClosedRange<Double>?] {
            let minAmount: Double? = ratio == nil ? nil : 20
            let expected = oracle.cycles(maxHops: maxHops, window: window, ratio: ratio, minAmount: minAmount)
            let options = TemporalCycleOptions(maxHops: maxHops, window: window, amountRatio: ratio, minAmount: minAmount, threads: 1)
            let single = try find(g, options)
            #expect(cycleSet(single) == expected, "seed \(seed) maxHops \(maxHops) window \(window) ratio \(String(describing: ratio))")
            #expect(single.cycles.count == expected.count, "a cycle was reported twice")
            var parallel = options
            parallel.threads = 2
            #expect(try find(g, parallel) == single)
            #expect(zip(single.cycles, single.cycles.dropFirst()).allSatisfy { a, b in
                a.startTs != b.startTs ? a.startTs < b.startTs : a.edges.lexicographicallyPrecedes(b.edges)
            }, "not sorted by (startTs, edges)")
            for c in single.cycles {
                #expect(c.accounts == c.edges.map { g.source[Int($0)] })
                #expect(c.startTs == g.timestamp[Int(c.edges[0])] && c.endTs == g.timestamp[Int(c.edges.last!)])
            }
        }
    }
}

/// With more than 4,096 cycles the found paths are described by both threads, each a share: the
/// two-thread result equals the one-thread one, cycle for cycle, with every field from the snapshot.
@Test func manyCyclesAreDescribedAlikeOnTwoThreads() throws {
    // 2,500 pairs, each with two 2-cycles: a → b → a and b → a → b at later times.
    let edges = (0..<2_500).flatMap { i -> [TemporalTestEdge] in
        let a = 2 * i, b = 2 * i + 1, t = Int64(i % 50) * 10
        return [
            TemporalTestEdge(from: a, to: b, time: t, amount: Double(i)), TemporalTestEdge(from: b, to: a, time: t + 1, amount: 1),
            TemporalTestEdge(from: a, to: b, time: t + 2, amount: 2),
        ]
    }
    let g = TemporalTestGraphs.build(accounts: 5_000, edges)
    let single = try find(g, TemporalCycleOptions(maxHops: 2, window: 5, threads: 1))
    #expect(single.cycles.count == 5_000)
    #expect(try find(g, TemporalCycleOptions(maxHops: 2, window: 5, threads: 2)) == single)
    for c in single.cycles {
        #expect(c.accounts == c.edges.map { g.source[Int($0)] })
        #expect(c.totalAmount == c.edges.reduce(0) { $0 + g.amount[Int($1)] })
        #expect(c.startTs == g.timestamp[Int(c.edges[0])] && c.endTs == g.timestamp[Int(c.edges.last!)])
    }
}

/// The amount band compares only hops in the same currency: a cycle whose amount "jumps" at a
/// currency change (EUR 1,000 → USD 1,080 → USD 300) is cut where the currency stays the same,
/// and kept when the jump is the conversion itself.
@Test func amountBandSkipsCurrencyChanges() throws {
    let converted = TemporalTestGraphs.build(accounts: 3, [
        TemporalTestEdge(from: 0, to: 1, time: 1, amount: 1_000, currency: 0),
        TemporalTestEdge(from: 1, to: 2, time: 2, amount: 108_000, currency: 1),
        TemporalTestEdge(from: 2, to: 0, time: 3, amount: 105_000, currency: 1),
    ])
    let band = TemporalCycleOptions(amountRatio: 0.5...1.1)
    #expect(try TemporalCycleFinder(graph: converted).findCycles(options: band).cycles.count == 1)
    let drained = TemporalTestGraphs.build(accounts: 3, [
        TemporalTestEdge(from: 0, to: 1, time: 1, amount: 1_000, currency: 0),
        TemporalTestEdge(from: 1, to: 2, time: 2, amount: 108_000, currency: 1),
        TemporalTestEdge(from: 2, to: 0, time: 3, amount: 300, currency: 1),
    ])
    #expect(try TemporalCycleFinder(graph: drained).findCycles(options: band).cycles.isEmpty)
}


/// Each reported cycle holds an array of its own length. The search once handed the visitor its
/// scratch array and then cleared it, which reallocated the scratch at its old capacity for every
/// later cycle: after a 12-transfer cycle, every 2-transfer cycle carried room for 12 or more (and
/// malloc's rounding kept raising it; on a medium store the kept cycles grew to 3 KB each).
@Test func reportedCyclesHoldOnlyTheirOwnLength() throws {
    // The ring's accounts have the highest ids, so with equal degrees they rank highest and the
    // 12-transfer cycle is found first; then twenty 2-transfer cycles between lower accounts.
    var edges = (0..<12).map { TemporalTestEdge(from: 100 + $0, to: 100 + ($0 + 1) % 12, time: Int64(1 + $0)) }
    for k in 0..<20 {
        edges.append(TemporalTestEdge(from: 2 * k, to: 2 * k + 1, time: 5))
        edges.append(TemporalTestEdge(from: 2 * k + 1, to: 2 * k, time: 6))
    }
    let g = TemporalTestGraphs.build(accounts: 112, edges)
    let found = try TemporalCycleFinder(graph: g).findCycles(options: .init(maxHops: 12, window: 100, threads: 1)).cycles
    #expect(found.count == 21 && found.filter { $0.edges.count == 12 }.count == 1)
    for cycle in found {
        #expect(cycle.edges.capacity < cycle.edges.count + 8, "\(cycle.edges.count) transfers held in room for \(cycle.edges.capacity)")
    }
}

/// Dense random multigraphs (8-12 accounts, 150-220 transfers in a short time span) give levels of
/// hundreds of path prefixes, so the search's pipeline over groups of prefixes (the next group's
/// lists prefetched while one is extended) runs across many groups and level ends; the cycles
/// still equal brute force's.
@Test(arguments: 0..<6)
func denseGraphsMatchBruteForce(seed: Int) throws {
    var rng = TemporalTestRandom(seed: UInt64(seed) &* 104_729 &+ 7)
    let n = rng.int(8...12)
    let edges = (0..<rng.int(150...220)).map { _ in
        TemporalTestEdge(from: rng.int(0...(n - 1)), to: rng.int(0...(n - 1)), time: Int64(rng.int(0...60)))
    }
    let g = TemporalTestGraphs.build(accounts: n, edges)
    let expected = TemporalBruteForce(g).cycles(maxHops: 4, window: 20)
    let found = try find(g, TemporalCycleOptions(maxHops: 4, window: 20, threads: 2))
    #expect(cycleSet(found) == expected, "seed \(seed)")
    #expect(try find(g, TemporalCycleOptions(maxHops: 4, window: 20, threads: 1)) == found)
    #expect(found.cycles.count == expected.count)
    #expect(expected.count > 100)
}
