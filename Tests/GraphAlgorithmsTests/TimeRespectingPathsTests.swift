// Tests of TimeRespectingPaths: earliest arrival, all time-respecting paths and fewest hops,
// against brute force on random multigraphs, plus hand-made edge cases and option errors.
import GraphAlgorithms
import GraphCore
import Testing

/// A later departure that arrives earlier wins, and equal timestamps do not chain.
@Test func earliestArrivalPrefersEarlierArrivalAndNeedsStrictlyLaterHops() throws {
    let g = TemporalTestGraphs.build(accounts: 4, [
        TemporalTestEdge(from: 0, to: 1, time: 1), TemporalTestEdge(from: 1, to: 3, time: 50),
        TemporalTestEdge(from: 0, to: 2, time: 5), TemporalTestEdge(from: 2, to: 3, time: 5),
        TemporalTestEdge(from: 2, to: 3, time: 9),
    ])
    let paths = TimeRespectingPaths(graph: g)
    let best = try #require(try paths.earliestArrival(from: 0, to: 3))
    #expect(best.accounts == [0, 2, 3] && best.endTs == 9)
    // From time 6 on nothing leaves account 0; the deadline notBefore + window is inclusive.
    #expect(try paths.earliestArrival(from: 0, to: 3, notBefore: 6) == nil)
    #expect(try paths.earliestArrival(from: 0, to: 3, notBefore: 1, window: 8)?.endTs == 9)
    #expect(try paths.earliestArrival(from: 0, to: 3, notBefore: 1, window: 7) == nil)
}

/// All paths respects strict time order, the window, and the hop limit.
@Test func allPathsOnASmallGraph() throws {
    let g = TemporalTestGraphs.build(accounts: 4, [
        TemporalTestEdge(from: 0, to: 1, time: 1), TemporalTestEdge(from: 1, to: 3, time: 2),
        TemporalTestEdge(from: 1, to: 3, time: 1), TemporalTestEdge(from: 0, to: 3, time: 4),
        TemporalTestEdge(from: 1, to: 2, time: 3), TemporalTestEdge(from: 2, to: 3, time: 20),
    ])
    let paths = TimeRespectingPaths(graph: g)
    let all = try paths.allPaths(from: 0, to: 3)
    #expect(all.paths.map(\.accounts) == [[0, 1, 3], [0, 1, 2, 3], [0, 3]])
    #expect(try paths.allPaths(from: 0, to: 3, options: TemporalPathOptions(maxHops: 2)).paths.count == 2)
    #expect(try paths.allPaths(from: 0, to: 3, options: TemporalPathOptions(window: 18)).paths.count == 2)
    let capped = try paths.allPaths(from: 0, to: 3, options: TemporalPathOptions(maxPaths: 1))
    #expect(capped.truncated && capped.paths.count == 1)
    // A deadline that has passed stops the search; a later one changes nothing.
    var past = TemporalPathOptions()
    past.deadline = .now - .seconds(1)
    let stopped = try paths.allPaths(from: 0, to: 3, options: past)
    #expect(stopped.timedOut && stopped.paths.isEmpty)
    var late = TemporalPathOptions()
    late.deadline = .now + .seconds(600)
    #expect(try paths.allPaths(from: 0, to: 3, options: late) == all)
}

/// Bad arguments throw errors naming the option or parameter.
@Test func invalidPathArgumentsAreRejected() throws {
    let paths = TimeRespectingPaths(graph: TemporalTestGraphs.build(accounts: 3, []))
    #expect(throws: PathSearchError.nonPositiveMaxHops(0)) { try paths.allPaths(from: 0, to: 1, options: TemporalPathOptions(maxHops: 0)) }
    #expect(throws: PathSearchError.nonPositiveMaxHops(-2)) { try paths.allPaths(from: 0, to: 1, options: TemporalPathOptions(maxHops: -2)) }
    #expect(throws: PathSearchError.tooManyHops(33, limit: 32)) { try paths.allPaths(from: 0, to: 1, options: TemporalPathOptions(maxHops: 33)) }
    #expect(throws: PathSearchError.nonPositiveWindow(0)) { try paths.allPaths(from: 0, to: 1, options: TemporalPathOptions(window: 0)) }
    #expect(throws: PathSearchError.nonPositiveWindow(0)) { try paths.earliestArrival(from: 0, to: 1, window: 0) }
    #expect(throws: PathSearchError.nonPositiveMaxPaths(0)) { try paths.allPaths(from: 0, to: 1, options: TemporalPathOptions(maxPaths: 0)) }
    #expect(throws: PathSearchError.emptyTimeRange(notBefore: 5, notAfter: 4)) {
        try paths.allPaths(from: 0, to: 1, options: TemporalPathOptions(notBefore: 5, notAfter: 4))
    }
    #expect(throws: PathSearchError.unknownAccount(parameter: "from", account: 3, accountCount: 3)) { try paths.fewestHops(from: 3, to: 1) }
    #expect(throws: PathSearchError.unknownAccount(parameter: "to", account: -1, accountCount: 3)) { try paths.earliestArrival(from: 0, to: -1) }
    #expect(throws: PathSearchError.sameAccount(2)) { try paths.allPaths(from: 2, to: 2) }
    #expect(PathSearchError.nonPositiveMaxHops(0).description.contains("maxHops"))
    #expect(PathSearchError.nonPositiveWindow(0).description.contains("window"))
}

/// Checks that `p` is a connected path from `from` to `to` with consistent accounts and times.
private func expectWellFormed(_ p: TransferPath, _ g: GraphSnapshot, from: Int, to: Int, timeRespecting: Bool) {
    #expect(p.accounts.first == Int32(from) && p.accounts.last == Int32(to))
    #expect(p.accounts.count == p.edges.count + 1 && Set(p.accounts).count == p.accounts.count)
    for (i, e) in p.edges.enumerated() {
        #expect(g.source[Int(e)] == p.accounts[i] && g.target[Int(e)] == p.accounts[i + 1])
        if timeRespecting, i > 0 { #expect(g.timestamp[Int(e)] > g.timestamp[Int(p.edges[i - 1])]) }
    }
    #expect(p.startTs == g.timestamp[Int(p.edges[0])] && p.endTs == g.timestamp[Int(p.edges.last!)])
}

/// On random multigraphs: allPaths equals brute force as a set of edge sequences, earliest
/// arrival equals the minimum arrival over brute-force paths, fewest hops equals the
/// Floyd–Warshall distance, for several account pairs, hop limits, windows and time bounds.
@Test(arguments: 0..<40)
func pathsMatchBruteForce(seed: Int) throws {
    let g = TemporalTestGraphs.random(seed: UInt64(seed) &* 104_729 &+ 3)
    let oracle = TemporalBruteForce(g)
    let paths = TimeRespectingPaths(graph: g)
    let distances = oracle.hopDistances()
    var rng = TemporalTestRandom(seed: UInt64(seed))
    let n = g.accountCount
    for _ in 0..<6 {
        let a = rng.int(0...(n - 1))
        var b = rng.int(0...(n - 1))
        if b == a { b = (a + 1) % n }
        for (maxHops, window, bounds) in [(1, 5, 0...30), (3, 8, 0...30), (6, 12, 4...25), (10, 30, 0...30)] as [(Int, Int64, ClosedRange<Int64>)] {
            let options = TemporalPathOptions(maxHops: maxHops, window: window, notBefore: bounds.lowerBound, notAfter: bounds.upperBound)
            let result = try paths.allPaths(from: a, to: b, options: options)
            let expected = oracle.paths(from: a, to: b, maxHops: maxHops, window: window, bounds: bounds)
            #expect(Set(result.paths.map(\.edges)) == expected, "seed \(seed) \(a)→\(b) maxHops \(maxHops) window \(window)")
            #expect(result.paths.count == expected.count && !result.truncated)
        }
        for (notBefore, window) in [(Int64.min, nil), (0, 10), (7, 5), (12, 30)] as [(Int64, Int64?)] {
            let lower = notBefore
            let upper = window.map { notBefore + $0 } ?? .max
            let reachable = oracle.paths(from: a, to: b, maxHops: n, window: .max, bounds: lower...upper)
            let bestArrival = reachable.map { g.timestamp[Int($0.last!)] }.min()
            let found = try paths.earliestArrival(from: a, to: b, notBefore: notBefore, window: window)
            #expect(found?.endTs == bestArrival, "seed \(seed) \(a)→\(b) from \(notBefore)")
            if let p = found {
                expectWellFormed(p, g, from: a, to: b, timeRespecting: true)
                #expect(p.startTs >= lower && p.endTs <= upper)
            }
        }
        let hop = try paths.fewestHops(from: a, to: b)
        let distance = distances[a][b]
        #expect((hop?.hopCount ?? Int.max / 4) == distance, "seed \(seed) \(a)→\(b)")
        if let p = hop { expectWellFormed(p, g, from: a, to: b, timeRespecting: false) }
    }
}

/// Each reported path holds an array of its own length (the walker once handed over its scratch
/// path, so after a 10-transfer path every later one-transfer path carried room for ten or more).
@Test func reportedPathsHoldOnlyTheirOwnLength() throws {
    // 0 → 1 → … → 9 → 10 at times 1…10, then direct transfers 0 → 10 at times 20…29.
    var edges = (0..<10).map { TemporalTestEdge(from: $0, to: $0 + 1, time: Int64(1 + $0)) }
    for t in 20..<30 { edges.append(TemporalTestEdge(from: 0, to: 10, time: Int64(t))) }
    let g = TemporalTestGraphs.build(accounts: 11, edges)
    let found = try TimeRespectingPaths(graph: g).allPaths(from: 0, to: 10, options: TemporalPathOptions(maxHops: 12)).paths
    #expect(found.count == 11 && found[0].edges.count == 10)
    for path in found {
        #expect(path.edges.capacity < path.edges.count + 8, "\(path.edges.count) transfers held in room for \(path.edges.capacity)")
    }
}
