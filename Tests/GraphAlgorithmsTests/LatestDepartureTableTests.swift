// Tests of LatestDepartureTable, the shared backward bound behind the temporal searches' pruning:
// after any sequence of growing deadlines its answers equal a from-scratch dynamic program.
@testable import GraphAlgorithms
import GraphCore
import Testing

/// The latest departure from each account reaching `target` within `k` transfers (k = 0...maxHops),
/// with strictly increasing times in `(after, through]`, computed from scratch by hop layers over
/// the raw edge columns; `excluded` and `target` never depart.
private func bruteLatest(
    _ g: GraphSnapshot, target: Int, excluded: Int, after: Int64, through: Int64, maxHops: Int
) -> [[Int64]] {
    var layer = [Int64](repeating: .min, count: g.accountCount)
    layer[target] = .max
    var table = [layer]
    for _ in 1...maxHops {
        var next = layer
        next[target] = .min
        for e in 0..<g.transferCount {
            let x = Int(g.source[e]), y = Int(g.target[e]), t = g.timestamp[e]
            guard x != target, x != excluded, t > after, t <= through, t < layer[y] else { continue }
            next[x] = max(next[x], t)
        }
        next[target] = .max
        layer = next
        table.append(layer)
    }
    return table
}

/// On random multigraphs, a table advanced through a sequence of non-decreasing `(after, through)`
/// pairs (as the searches of one target use it) answers "can `x` still depart after `t` and arrive
/// within `k` hops" exactly as a fresh computation does, for every `t` after the current start;
/// switching target or hop budget starts afresh.
@Test(arguments: 0..<60)
func latestDepartureTableMatchesFreshComputation(seed: Int) {
    let g = TemporalTestGraphs.random(seed: UInt64(seed) &* 104_729 &+ 3, timeSpan: 40)
    var rng = TemporalTestRandom(seed: UInt64(seed) &+ 99)
    let timeline = IncomingTimeline(graph: g)
    var table = LatestDepartureTable(accountCount: g.accountCount)
    for _ in 0..<3 {
        let target = rng.int(0...(g.accountCount - 1))
        let excluded = rng.int(0...1) == 0 ? -1 : rng.int(0...(g.accountCount - 1))
        let maxHops = rng.int(1...4)
        var after = Int64(rng.int(-2...10))
        var through = after + Int64(rng.int(1...12))
        for _ in 0..<6 {
            table.prepare(timeline: timeline, target: target, after: after, through: through, maxHops: maxHops, excluded: excluded == target ? -1 : excluded)
            let fresh = bruteLatest(g, target: target, excluded: excluded == target ? -1 : excluded, after: after, through: through, maxHops: maxHops)
            for x in 0..<g.accountCount where x != target {
                for k in 1...maxHops {
                    // Values at or before `after` are never consulted (a search is past them).
                    let got = table.latest(x, withinHops: k), want = fresh[k][x]
                    #expect((got > after ? got : .min) == (want > after ? want : .min),
                            "seed \(seed) target \(target) x \(x) k \(k) after \(after) through \(through)")
                }
            }
            after += Int64(rng.int(0...5))
            through = max(through, after) + Int64(rng.int(0...6))
        }
    }
}

/// The deadline bounds only the last transfer into the target; a table for a later deadline sees
/// a path the earlier one could not, and moving the start later drops departures before it.
@Test func latestDepartureTableGrowsWithTheDeadline() {
    // 0 → 1 at 5, 1 → 2 at 8, 2 → 3 (target) at 20.
    let g = TemporalTestGraphs.build(accounts: 4, [
        TemporalTestEdge(from: 0, to: 1, time: 5), TemporalTestEdge(from: 1, to: 2, time: 8), TemporalTestEdge(from: 2, to: 3, time: 20),
    ])
    let timeline = IncomingTimeline(graph: g)
    var table = LatestDepartureTable(accountCount: 4)
    table.prepare(timeline: timeline, target: 3, after: 0, through: 19, maxHops: 3, excluded: -1)
    #expect(table.latest(0, withinHops: 3) == .min)
    table.prepare(timeline: timeline, target: 3, after: 0, through: 20, maxHops: 3, excluded: -1)
    #expect(table.latest(2, withinHops: 1) == 20)
    #expect(table.latest(1, withinHops: 1) == .min && table.latest(1, withinHops: 2) == 8)
    #expect(table.latest(0, withinHops: 2) == .min && table.latest(0, withinHops: 3) == 5)
    // Excluding account 1 as an intermediate hop cuts 0 off.
    table.prepare(timeline: timeline, target: 3, after: 0, through: 20, maxHops: 3, excluded: 1)
    #expect(table.latest(0, withinHops: 3) == .min && table.latest(2, withinHops: 1) == 20)
}
