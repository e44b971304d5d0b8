// Tests of IncomingTimeline and the branch-free searches the temporal searches and the pattern
// detectors use to jump to a time: each must agree with a plain linear scan.
@testable import GraphAlgorithms
import GraphCore
import Testing

/// On random sorted runs with ties (empty, one element, long), `firstLater` returns the first
/// index whose time is strictly greater than the bound, for bounds below, inside and above the run.
@Test(arguments: 0..<40)
func firstLaterMatchesALinearScan(seed: Int) {
    var rng = TemporalTestRandom(seed: UInt64(seed) &+ 17)
    let count = rng.int(0...40)
    var times = (0..<count).map { _ in Int64(rng.int(0...20)) }
    times.sort()
    let padded: [Int64] = [-100] + times + [100]  // a range that does not start at 0
    for bound in Int64(-2)...22 {
        let want = (1..<(1 + count)).first { padded[$0] > bound } ?? (1 + count)
        #expect(firstLater(in: padded, 1, 1 + count, than: bound) == want, "seed \(seed) bound \(bound) times \(times)")
    }
}

/// The packed-list search (a front scan up to 16 entries, branch-free halving beyond) agrees with
/// a linear scan on runs of every length from 0 to 60, inside a larger buffer.
@Test(arguments: 0..<40)
func packedFirstLaterMatchesALinearScan(seed: Int) {
    var rng = TemporalTestRandom(seed: UInt64(seed) &+ 23)
    let count = seed < 20 ? seed : rng.int(17...60)
    var times = (0..<count).map { _ in Int64(rng.int(0...20)) }
    times.sort()
    let links = UnsafeMutableBufferPointer<TimedLink>.allocate(capacity: count + 2)
    defer { links.deallocate() }
    // Times from 100 on, between sentinels 0 and 300 that the search must not read.
    for (i, t) in ([0] + times.map { $0 + 100 } + [300]).enumerated() { links[i] = TimedLink(stamp: UInt32(t), account: Int32(i)) }
    for bound in Int64(98)...122 {
        let want = (1..<(1 + count)).first { links[$0].time > bound } ?? (1 + count)
        #expect(firstLater(in: links, 1, 1 + count, than: bound) == want, "seed \(seed) bound \(bound) times \(times)")
    }
}

/// `TimeWindow.lowerBound` (first key >= bound) agrees with a linear scan on the same runs.
@Test(arguments: 0..<40)
func windowLowerBoundMatchesALinearScan(seed: Int) {
    var rng = TemporalTestRandom(seed: UInt64(seed) &+ 71)
    let count = rng.int(0...40)
    var times = (0..<count).map { _ in Int64(rng.int(0...20)) }
    times.sort()
    let start = rng.int(0...5)
    let keys = [Int64](repeating: -100, count: start) + times
    for bound in Int64(-2)...22 {
        let want = (start..<keys.count).first { keys[$0] >= bound } ?? keys.count
        #expect(TimeWindow.lowerBound(start..<keys.count, bound) { keys[$0] } == want, "seed \(seed) bound \(bound) times \(times)")
    }
}

/// The packed lists hold, slot for slot, the time and sender of the snapshot's reverse lists (and,
/// when asked for, edge for edge the time and receiver of the forward lists),
/// and `hasIncoming` answers "any transfer into the account in (after, through]" like a scan.
@Test(arguments: 0..<20)
func incomingTimelineMirrorsTheReverseLists(seed: Int) {
    let g = TemporalTestGraphs.random(seed: UInt64(seed) &* 7_919 &+ 5, timeSpan: 30)
    let timeline = IncomingTimeline(graph: g, outgoing: true)
    #expect(Array(timeline.outOffsets) == g.outOffsets)
    for e in 0..<g.transferCount {
        #expect(timeline.outLinks[e].time == Int64(timeline.encoding.code(g.timestamp[e])) && timeline.outLinks[e].account == g.target[e])
        #expect(timeline.outEdges[e] == Int32(e))
    }
    #expect(IncomingTimeline(graph: g).outLinks.isEmpty)
    for slot in 0..<g.inEdges.count {
        let e = Int(g.inEdges[slot])
        #expect(timeline.time(slot) == Int64(timeline.encoding.code(g.timestamp[e])))
        #expect(timeline.sender(slot) == g.source[e])
        #expect(timeline.edges[slot] == Int32(e))
    }
    for a in 0..<g.accountCount {
        for after in Int64(-1)...31 {
            for through in [after, after + 1, after + 5] {
                let want = g.incomingSlots(a).contains { g.timestamp[Int(g.inEdges[$0])] > after && g.timestamp[Int(g.inEdges[$0])] <= through }
                #expect(timeline.hasIncoming(a, after: after, through: through) == want)
            }
        }
    }
}

/// The rank-numbered search timeline holds, for each account, exactly its kept transfers in time
/// order with the other end renumbered, and numbers accounts by (degree over kept transfers, id).
@Test(arguments: 0..<20)
func rankNumberedTimelineIsARelabelledCopy(seed: Int) {
    let g = TemporalTestGraphs.random(seed: UInt64(seed) &* 131 &+ 7)
    var rng = TemporalTestRandom(seed: UInt64(seed) &+ 5)
    let keep = (0..<g.transferCount).map { _ in rng.int(0...3) != 0 }
    let full = IncomingTimeline(graph: g, outgoing: true)
    let order = TemporalCycleFinder.rankOrder(full, keeping: keep)
    let timeline = TemporalCycleFinder.searchTimeline(full, keeping: keep)
    var degree = [Int](repeating: 0, count: g.accountCount)
    for e in 0..<g.transferCount where keep[e] {
        degree[Int(g.source[e])] += 1
        degree[Int(g.target[e])] += 1
    }
    #expect(Set(order) == Set((0..<g.accountCount).map(Int32.init)))
    for (low, high) in zip(order, order.dropFirst()) {
        #expect(degree[Int(low)] < degree[Int(high)] || (degree[Int(low)] == degree[Int(high)] && low < high))
    }
    for (i, account) in order.enumerated() {
        let a = Int(account)
        let outSlots = Int(timeline.outOffsets[i])..<Int(timeline.outOffsets[i + 1])
        let out = outSlots.map { timeline.outLinks[$0] }
        let wantOut = (0..<g.transferCount).filter { keep[$0] && Int(g.source[$0]) == a }
        #expect(outSlots.map { timeline.outEdges[$0] } == wantOut.map(Int32.init))
        #expect(out.map { order[Int($0.account)] } == wantOut.map { g.target[$0] })
        #expect(out.map(\.time) == wantOut.map { Int64(timeline.encoding.code(g.timestamp[$0])) })
        let inSlots = Int(timeline.offsets[i])..<Int(timeline.offsets[i + 1])
        let incoming = inSlots.map { timeline.links[$0] }
        let inEdges = inSlots.map { Int(timeline.edges[$0]) }
        #expect(Set(inEdges) == Set((0..<g.transferCount).filter { keep[$0] && Int(g.target[$0]) == a }))
        #expect(zip(incoming, inEdges).allSatisfy { link, e in
            order[Int(link.account)] == g.source[e] && link.time == Int64(timeline.encoding.code(g.timestamp[e]))
        })
        #expect(zip(incoming, incoming.dropFirst()).allSatisfy { $0.time <= $1.time })
    }
}

/// Built on two threads (`parallel: true`), both the unfiltered timeline and the rank-numbered
/// copy hold exactly what the one-thread build holds, slot for slot, in both directions.
@Test(arguments: 0..<10)
func parallelTimelineBuildsMatchTheSerialOnes(seed: Int) {
    let g = TemporalTestGraphs.random(seed: UInt64(seed) &* 977 &+ 3)
    var rng = TemporalTestRandom(seed: UInt64(seed) &+ 41)
    let keep = (0..<g.transferCount).map { _ in rng.int(0...3) != 0 }
    func lists(_ t: IncomingTimeline) -> [[Int64]] {
        [
            t.offsets.map(Int64.init), t.links.map(\.time), t.links.map { Int64($0.account) }, t.edges.map(Int64.init),
            t.outOffsets.map(Int64.init), t.outLinks.map(\.time), t.outLinks.map { Int64($0.account) }, t.outEdges.map(Int64.init),
        ]
    }
    let serial = IncomingTimeline(graph: g, outgoing: true)
    let parallel = IncomingTimeline(graph: g, outgoing: true, parallel: true)
    #expect(lists(parallel) == lists(serial))
    #expect(lists(TemporalCycleFinder.searchTimeline(parallel, keeping: keep, parallel: true))
        == lists(TemporalCycleFinder.searchTimeline(serial, keeping: keep)))
    #expect(IncomingTimeline(graph: g, parallel: true).outLinks.isEmpty)
}
