// Tests of AnchoredCycleSearch, the decomposition behind TemporalCycleFinder: every cycle is
// found from its highest-ranked account only, through a wrap-around of the times when the
// anchor's transfer is not the cycle's earliest, and the union over anchors is brute force's set.
@testable import GraphAlgorithms
import GraphCore
import Testing

/// A random multigraph where about half of the transfers touch one of three hub accounts (so the
/// highest-ranked account of a cycle is usually a hub and most cycles wrap), with timestamp ties.
private func hubGraph(seed: UInt64) -> GraphSnapshot {
    var rng = TemporalTestRandom(seed: seed)
    let n = rng.int(6...20)
    let m = rng.int(20...90)
    let edges = (0..<m).map { _ -> TemporalTestEdge in
        var from = rng.int(0...(n - 1)), to = rng.int(0...(n - 1))
        switch rng.int(0...3) {
        case 0: from = rng.int(0...2)
        case 1: to = rng.int(0...2)
        default: break
        }
        return TemporalTestEdge(from: from, to: to, time: Int64(rng.int(0...25)), amount: Double(rng.int(1...100)))
    }
    return TemporalTestGraphs.build(accounts: n, edges)
}

/// A cycle as "sender>receiver@time" per transfer (the snapshot numbers edges by sender and time,
/// not in the order a test lists them).
private func hops(_ graph: GraphSnapshot, _ edges: [Int32]) -> [String] {
    edges.map { "\(graph.source[Int($0)])>\(graph.target[Int($0)])@\(graph.timestamp[Int($0)])" }
}

/// Each account's rank (0 = lowest) over all of `graph`'s transfers, as the finder numbers them.
private func ranks(_ graph: GraphSnapshot) -> [Int] {
    let order = TemporalCycleFinder.rankOrder(
        IncomingTimeline(graph: graph, outgoing: true), keeping: [Bool](repeating: true, count: graph.transferCount))
    var rank = [Int](repeating: 0, count: graph.accountCount)
    for (i, account) in order.enumerated() { rank[Int(account)] = i }
    return rank
}

/// Runs the search for every anchor over `graph`'s unfiltered timeline numbered by rank; returns
/// each anchor's cycles, indexed by the anchor's snapshot account number.
private func cyclesByAnchor(
    _ graph: GraphSnapshot, _ options: TemporalCycleOptions, layers: Int? = nil, closingLayers: Int? = nil,
    batch: (count: Int, span: Int64)? = nil
) -> [[[Int32]]] {
    let full = IncomingTimeline(graph: graph, outgoing: true)
    let keep = [Bool](repeating: true, count: graph.transferCount)
    let order = TemporalCycleFinder.rankOrder(full, keeping: keep)
    var search = AnchoredCycleSearch(graph: graph, timeline: TemporalCycleFinder.searchTimeline(full, keeping: keep))
    if let batch {
        search.batchCount = batch.count
        search.batchSpan = batch.span
    }
    var byAnchor = [[[Int32]]](repeating: [], count: graph.accountCount)
    for anchor in 0..<graph.accountCount {
        var found: [[Int32]] = []
        _ = search.enumerate(anchor: anchor, options: options, layers: layers, closingLayers: closingLayers) { found.append($0); return true }
        byAnchor[Int(order[anchor])] = found
    }
    return byAnchor
}

/// On random multigraphs (uniform and hub-heavy, with ties and parallel transfers), for every
/// table depth before and after the wrap: each anchor reports only cycles whose highest-ranked
/// account it is, in canonical rotation (times increasing from the first transfer), no cycle
/// twice, and together exactly brute force's cycles, with and without the amount band.
@Test(arguments: 0..<30)
func anchoredSearchEqualsBruteForceAtEveryTableDepth(seed: Int) {
    for graph in [TemporalTestGraphs.random(seed: UInt64(seed) &* 6151 &+ 5), hubGraph(seed: UInt64(seed) &* 3571 &+ 17)] {
        let oracle = TemporalBruteForce(graph)
        let rank = ranks(graph)
        for (maxHops, window) in [(2, 4), (3, 9), (4, 6), (6, 12)] as [(Int, Int64)] {
            for ratio in [nil, 0.5...1.1] as [ClosedRange<Double>?] {
                let minAmount: Double? = ratio == nil ? nil : 20
                let expected = oracle.cycles(maxHops: maxHops, window: window, ratio: ratio, minAmount: minAmount)
                let options = TemporalCycleOptions(maxHops: maxHops, window: window, amountRatio: ratio, minAmount: minAmount)
                for layers in 1...(maxHops - 1) {
                    for closingLayers in layers...(maxHops - 1) {
                        let byAnchor = cyclesByAnchor(graph, options, layers: layers, closingLayers: closingLayers)
                        var all: [[Int32]] = []
                        for (anchor, cycles) in byAnchor.enumerated() {
                            for c in cycles {
                                let accounts = c.map { Int(graph.source[Int($0)]) }
                                #expect(accounts.max { rank[$0] < rank[$1] } == anchor, "seed \(seed): anchor is not the top-ranked account")
                                #expect(zip(c, c.dropFirst()).allSatisfy { graph.timestamp[Int($0)] < graph.timestamp[Int($1)] })
                            }
                            all += cycles
                        }
                        #expect(Set(all) == expected, "seed \(seed) hops \(maxHops) window \(window) layers \(layers)/\(closingLayers) ratio \(String(describing: ratio))")
                        #expect(all.count == expected.count, "a cycle was reported twice")
                    }
                }
            }
        }
    }
}

/// The search takes an anchor's start transfers in batches and prepares its tables once per batch,
/// for the union of the batch's windows; batches of one start transfer, of a few, and ones cut by
/// span (several per anchor, so the tables carry over from batch to batch) all give exactly brute
/// force's cycles, with and without the amount band. (The default batch holds every start
/// transfer of these small graphs.)
@Test(arguments: 0..<30)
func anchoredSearchEqualsBruteForceForEveryBatching(seed: Int) {
    for graph in [TemporalTestGraphs.random(seed: UInt64(seed) &* 7919 &+ 3), hubGraph(seed: UInt64(seed) &* 4093 &+ 11)] {
        let oracle = TemporalBruteForce(graph)
        for (maxHops, window) in [(3, 9), (5, 6), (6, 12)] as [(Int, Int64)] {
            for ratio in [nil, 0.5...1.1] as [ClosedRange<Double>?] {
                let expected = oracle.cycles(maxHops: maxHops, window: window, ratio: ratio, minAmount: nil)
                let options = TemporalCycleOptions(maxHops: maxHops, window: window, amountRatio: ratio)
                for batch in [(1, 0), (2, 0), (3, 4), (4, 1), (64, 7)] as [(Int, Int64)] {
                    let all = cyclesByAnchor(graph, options, batch: batch).flatMap { $0 }
                    #expect(Set(all) == expected && all.count == expected.count, "seed \(seed) hops \(maxHops) batch \(batch)")
                }
            }
        }
    }
}

/// A random multigraph around hub account 0 that mostly receives (`fanIn`) or mostly sends: 70% of
/// the transfers go into (out of) the hub, two the other way, the rest between other accounts.
private func oneSidedHubGraph(seed: UInt64, fanIn: Bool) -> GraphSnapshot {
    var rng = TemporalTestRandom(seed: seed)
    let n = rng.int(10...20)
    let m = rng.int(60...120)
    var edges = (0..<m).map { _ -> (Int, Int) in
        let other = rng.int(1...(n - 1))
        return rng.int(0...99) < 70 ? (other, 0) : (rng.int(1...(n - 1)), other)
    }
    edges += [(0, rng.int(1...(n - 1))), (0, rng.int(1...(n - 1)))]
    return TemporalTestGraphs.build(
        accounts: n,
        edges.map { from, to in TemporalTestEdge(from: fanIn ? from : to, to: fanIn ? to : from, time: Int64(rng.int(0...20))) })
}

/// The tables go deep on the anchor's narrower side: a fan-in hub gets one layer (the search
/// does the work), a fan-out hub `maxHops − 1` (the tables do); either way the hub's cycles, and
/// everyone's, are brute force's.
@Test(arguments: 0..<10)
func tableDepthFollowsTheNarrowerSide(seed: Int) {
    for fanIn in [true, false] {
        let graph = oneSidedHubGraph(seed: UInt64(seed) &* 2_654_435 &+ 7, fanIn: fanIn)
        let full = IncomingTimeline(graph: graph, outgoing: true)
        let keep = [Bool](repeating: true, count: graph.transferCount)
        let order = TemporalCycleFinder.rankOrder(full, keeping: keep)
        let hub = order.firstIndex(of: 0)!
        #expect(hub == graph.accountCount - 1, "the hub ranks highest")
        for (maxHops, window) in [(4, 8), (6, 12)] as [(Int, Int64)] {
            let options = TemporalCycleOptions(maxHops: maxHops, window: window)
            var search = AnchoredCycleSearch(graph: graph, timeline: TemporalCycleFinder.searchTimeline(full, keeping: keep))
            var all: [[Int32]] = []
            for anchor in 0..<graph.accountCount {
                _ = search.enumerate(anchor: anchor, options: options) { all.append($0); return true }
                if anchor == hub {
                    #expect(search.layers == (fanIn ? 1 : maxHops - 1), "seed \(seed) fan-in \(fanIn) hops \(maxHops)")
                }
            }
            let expected = TemporalBruteForce(graph).cycles(maxHops: maxHops, window: window)
            #expect(Set(all) == expected && all.count == expected.count, "seed \(seed) fan-in \(fanIn) hops \(maxHops)")
        }
    }
}

/// The search sums each side of an anchor only as far as the rule needs; its choice is the rule's
/// on the full sums, for every anchor (hubs on either side, and the accounts around them).
@Test(arguments: 0..<10)
func tableDepthIsTheRuleOnTheFullSums(seed: Int) {
    for fanIn in [true, false] {
        for graph in [oneSidedHubGraph(seed: UInt64(seed) &* 31 &+ 3, fanIn: fanIn), hubGraph(seed: UInt64(seed) &* 131 &+ UInt64(fanIn ? 1 : 0))] {
            let full = IncomingTimeline(graph: graph, outgoing: true)
            let keep = [Bool](repeating: true, count: graph.transferCount)
            let timeline = TemporalCycleFinder.searchTimeline(full, keeping: keep)
            var search = AnchoredCycleSearch(graph: graph, timeline: timeline)
            for maxHops in [3, 6, 8] {
                for anchor in 0..<graph.accountCount {
                    var backward = 0, forward = 0, closers = 0
                    for slot in Int(timeline.offsets[anchor])..<Int(timeline.offsets[anchor + 1]) where Int(timeline.links[slot].account) < anchor {
                        let u = Int(timeline.links[slot].account)
                        backward += Int(timeline.offsets[u + 1] - timeline.offsets[u])
                        closers += 1
                    }
                    for slot in Int(timeline.outOffsets[anchor])..<Int(timeline.outOffsets[anchor + 1]) where Int(timeline.outLinks[slot].account) < anchor {
                        let v = Int(timeline.outLinks[slot].account)
                        forward += Int(timeline.outOffsets[v + 1] - timeline.outOffsets[v])
                    }
                    _ = search.enumerate(anchor: anchor, options: TemporalCycleOptions(maxHops: maxHops, window: 10)) { _ in true }
                    // An anchor that nobody lower-ranked pays has no cycle, and no depth is chosen.
                    guard closers > 0 else { continue }
                    let rule = AnchoredCycleSearch.layers(maxHops: maxHops, backward: backward, forward: forward)
                    #expect(search.layers == rule, "seed \(seed) anchor \(anchor) hops \(maxHops): \(backward) back, \(forward) forward")
                }
            }
        }
    }
}

/// The finder on hub-heavy graphs equals brute force with 1 and 2 threads (the filter in front).
@Test(arguments: 0..<20)
func finderOnHubGraphsMatchesBruteForce(seed: Int) throws {
    let graph = hubGraph(seed: UInt64(seed) &* 7727 &+ 29)
    let oracle = TemporalBruteForce(graph)
    for (maxHops, window) in [(3, 5), (5, 10), (8, 25)] as [(Int, Int64)] {
        let expected = oracle.cycles(maxHops: maxHops, window: window)
        for threads in [1, 2] {
            let result = try TemporalCycleFinder(graph: graph).findCycles(options: .init(maxHops: maxHops, window: window, threads: threads))
            #expect(Set(result.cycles.map(\.edges)) == expected && result.cycles.count == expected.count, "seed \(seed) hops \(maxHops)")
        }
    }
}

/// One triangle 1 → 2 → 0 → 1 whose highest-ranked account is 0 (two extra transfers out of 0
/// outside every window give it the largest degree), with 0's transfer first, second or last in
/// time: found once in each case, by anchor 0 only, rotated to start at the earliest transfer.
@Test(arguments: 0..<3)
func anchorTransferMayBeFirstMiddleOrLast(position: Int) throws {
    let (fromAnchor, middle, intoAnchor): (Int64, Int64, Int64) = [(10, 20, 30), (20, 30, 10), (30, 10, 20)][position]
    let graph = TemporalTestGraphs.build(accounts: 4, [
        TemporalTestEdge(from: 0, to: 1, time: fromAnchor), TemporalTestEdge(from: 1, to: 2, time: middle),
        TemporalTestEdge(from: 2, to: 0, time: intoAnchor),
        TemporalTestEdge(from: 0, to: 3, time: 1_000), TemporalTestEdge(from: 0, to: 3, time: 2_000),
    ])
    let byAnchor = cyclesByAnchor(graph, TemporalCycleOptions(maxHops: 3, window: 20))
    #expect(byAnchor[1].isEmpty && byAnchor[2].isEmpty && byAnchor[3].isEmpty)
    let triangle = ["0>1@\(fromAnchor)", "1>2@\(middle)", "2>0@\(intoAnchor)"]
    let earliest = fromAnchor == 10 ? 0 : middle == 10 ? 1 : 2
    #expect(byAnchor[0].map { hops(graph, $0) } == [Array(triangle[earliest...] + triangle[..<earliest])])
    let cycles = try TemporalCycleFinder(graph: graph).findCycles(options: .init(maxHops: 3, window: 20)).cycles
    #expect(cycles.map(\.edges) == byAnchor[0])
    #expect(cycles.first?.startTs == 10 && cycles.first?.endTs == 30)
}

/// With all degrees equal (a ring), the account id breaks the tie: the highest id anchors the
/// cycle, which wraps there, and the cycle is still reported once.
@Test func degreeTiesAreBrokenByAccountID() {
    // Ring 0 → 1 → 2 → 3 → 0 at times 1, 2, 3, 4: every account has degree 2; anchor 3's
    // transfer (3 → 0 at 4) is the latest, so the search wraps to 0 → 1 at 1.
    let graph = TemporalTestGraphs.build(accounts: 4, (0..<4).map { TemporalTestEdge(from: $0, to: ($0 + 1) % 4, time: Int64($0 + 1)) })
    let byAnchor = cyclesByAnchor(graph, TemporalCycleOptions(maxHops: 4, window: 3))
    #expect(byAnchor[0].isEmpty && byAnchor[1].isEmpty && byAnchor[2].isEmpty)
    #expect(byAnchor[3].map { hops(graph, $0) } == [["0>1@1", "1>2@2", "2>3@3", "3>0@4"]])
    // Window 2 is one short of the span 4 − 1 = 3, also across the wrap.
    #expect(cyclesByAnchor(graph, TemporalCycleOptions(maxHops: 4, window: 2)).allSatisfy { $0.isEmpty })
}

/// The span across the wrap is bounded by the window inclusively, and the wrap transfer must be
/// strictly earlier than the anchor's: a tie there is no cycle.
@Test func wrapRespectsWindowAndStrictTimes() {
    // 0 (hub) → 1 at 50, 1 → 0 at 20: the cycle 1 → 0 (20), 0 → 1 (50), span 30.
    let hub = [TemporalTestEdge(from: 0, to: 2, time: 5_000), TemporalTestEdge(from: 0, to: 2, time: 6_000)]
    let graph = TemporalTestGraphs.build(accounts: 3, [TemporalTestEdge(from: 0, to: 1, time: 50), TemporalTestEdge(from: 1, to: 0, time: 20)] + hub)
    #expect(cyclesByAnchor(graph, TemporalCycleOptions(maxHops: 2, window: 30))[0].map { hops(graph, $0) } == [["1>0@20", "0>1@50"]])
    #expect(cyclesByAnchor(graph, TemporalCycleOptions(maxHops: 2, window: 29)).allSatisfy { $0.isEmpty })
    let tie = TemporalTestGraphs.build(accounts: 3, [TemporalTestEdge(from: 0, to: 1, time: 50), TemporalTestEdge(from: 1, to: 0, time: 50)] + hub)
    #expect(cyclesByAnchor(tie, TemporalCycleOptions(maxHops: 2, window: 30)).allSatisfy { $0.isEmpty })
}

/// The anchor's out-transfer is searched only when a lower-ranked account pays the anchor within
/// the window of it at another time: the closing transfer may lie exactly `window` later (no
/// wrap) or earlier (wrap), and a closing transfer at the same time as the anchor's never counts,
/// even with parallel transfers around it.
@Test func closingTransferBoundsAroundTheAnchorsTransfer() {
    let hub = [TemporalTestEdge(from: 0, to: 2, time: 5_000), TemporalTestEdge(from: 0, to: 2, time: 6_000)]
    // 0 → 1 at 50, 1 → 0 at 80 (and a tie at 50): span 30 without a wrap.
    let later = TemporalTestGraphs.build(accounts: 3, [
        TemporalTestEdge(from: 0, to: 1, time: 50), TemporalTestEdge(from: 1, to: 0, time: 50), TemporalTestEdge(from: 1, to: 0, time: 80),
    ] + hub)
    #expect(cyclesByAnchor(later, TemporalCycleOptions(maxHops: 2, window: 30))[0].map { hops(later, $0) } == [["0>1@50", "1>0@80"]])
    #expect(cyclesByAnchor(later, TemporalCycleOptions(maxHops: 2, window: 29)).allSatisfy { $0.isEmpty })
    // Two parallel transfers 0 → 1 at 50 and one 1 → 0 at 20 and at 50: the wrap at 20 closes both.
    let earlier = TemporalTestGraphs.build(accounts: 3, [
        TemporalTestEdge(from: 0, to: 1, time: 50), TemporalTestEdge(from: 0, to: 1, time: 50),
        TemporalTestEdge(from: 1, to: 0, time: 20), TemporalTestEdge(from: 1, to: 0, time: 50),
    ] + hub)
    let found = cyclesByAnchor(earlier, TemporalCycleOptions(maxHops: 2, window: 30))[0].map { hops(earlier, $0) }
    #expect(found == [["1>0@20", "0>1@50"], ["1>0@20", "0>1@50"]])
    #expect(cyclesByAnchor(earlier, TemporalCycleOptions(maxHops: 2, window: 29)).allSatisfy { $0.isEmpty })
    // Only ties and transfers outside the window: nothing, whatever the hop limit.
    let none = TemporalTestGraphs.build(accounts: 4, [
        TemporalTestEdge(from: 0, to: 1, time: 50), TemporalTestEdge(from: 1, to: 3, time: 60), TemporalTestEdge(from: 3, to: 0, time: 50),
        TemporalTestEdge(from: 3, to: 0, time: 200),
    ] + hub)
    #expect(cyclesByAnchor(none, TemporalCycleOptions(maxHops: 4, window: 100)).allSatisfy { $0.isEmpty })
    #expect(TemporalBruteForce(none).cycles(maxHops: 4, window: 100).isEmpty)
}

/// The amount band applies between consecutive transfers of the canonical rotation: across the
/// anchor's closing and outgoing transfers (consecutive in time when the cycle wraps), but not
/// from the cycle's latest transfer back to its earliest, even where the search wraps.
@Test func amountBandFollowsTheCanonicalRotation() throws {
    let hub = [TemporalTestEdge(from: 0, to: 3, time: 5_000), TemporalTestEdge(from: 0, to: 3, time: 6_000)]
    let band = TemporalCycleOptions(maxHops: 3, window: 100, amountRatio: 0.5...1.1)
    // Canonical: 1 → 2 (10, 100), 2 → 0 (20, 95), 0 → 1 (30, 90); the search reads 0 → 1 first
    // and wraps to 1 → 2. The latest-to-earliest pair (90 → 100) is not constrained.
    let kept = TemporalTestGraphs.build(accounts: 4, [
        TemporalTestEdge(from: 0, to: 1, time: 30, amount: 90), TemporalTestEdge(from: 1, to: 2, time: 10, amount: 100),
        TemporalTestEdge(from: 2, to: 0, time: 20, amount: 95),
    ] + hub)
    let canonical = ["1>2@10", "2>0@20", "0>1@30"]
    #expect(cyclesByAnchor(kept, band)[0].map { hops(kept, $0) } == [canonical])
    #expect(try TemporalCycleFinder(graph: kept).findCycles(options: band).cycles.map { hops(kept, $0.edges) } == [canonical])
    // Now 0 → 1 passes on 300 after receiving 95: the pair 2 → 0, 0 → 1 breaks the band.
    let broken = TemporalTestGraphs.build(accounts: 4, [
        TemporalTestEdge(from: 0, to: 1, time: 30, amount: 300), TemporalTestEdge(from: 1, to: 2, time: 10, amount: 100),
        TemporalTestEdge(from: 2, to: 0, time: 20, amount: 95),
    ] + hub)
    #expect(cyclesByAnchor(broken, band).allSatisfy { $0.isEmpty })
    // minAmount applies to the earliest transfer (1 → 2, 100), not to the anchor's.
    #expect(cyclesByAnchor(kept, TemporalCycleOptions(maxHops: 3, window: 100, minAmount: 100))[0].map { hops(kept, $0) } == [canonical])
    #expect(cyclesByAnchor(kept, TemporalCycleOptions(maxHops: 3, window: 100, minAmount: 101)).allSatisfy { $0.isEmpty })
}

/// A deadline stops a search inside a batch, where the clock is read every 256 groups of
/// prefixes: one anchor with 80 receivers that all pay the same 80 accounts, which all pay the
/// anchor back (6,400 three-transfer cycles, 5,120 prefixes in the first batch's second level).
@Test func pastDeadlineStopsTheSearchInsideABatch() {
    var edges: [TemporalTestEdge] = []
    for a in 1...80 { edges.append(TemporalTestEdge(from: 0, to: a, time: 1, amount: 1)) }
    for a in 1...80 {
        for b in 81...160 { edges.append(TemporalTestEdge(from: a, to: b, time: 2, amount: 1)) }
    }
    for b in 81...160 { edges.append(TemporalTestEdge(from: b, to: 0, time: 3, amount: 1)) }
    let graph = TemporalTestGraphs.build(accounts: 161, edges)
    let full = IncomingTimeline(graph: graph, outgoing: true)
    let keep = [Bool](repeating: true, count: graph.transferCount)
    var search = AnchoredCycleSearch(graph: graph, timeline: TemporalCycleFinder.searchTimeline(full, keeping: keep))
    let anchor = graph.accountCount - 1  // account 0, the highest-ranked
    let options = TemporalCycleOptions(maxHops: 3)
    var found = 0
    #expect(search.enumerate(anchor: anchor, options: options) { _ in found += 1; return true })
    #expect(found == 6_400 && !search.timedOut)
    search.deadline = .now + .seconds(600)
    found = 0
    #expect(search.enumerate(anchor: anchor, options: options) { _ in found += 1; return true })
    #expect(found == 6_400 && !search.timedOut)
    search.deadline = .now - .seconds(1)
    found = 0
    #expect(!search.enumerate(anchor: anchor, options: options) { _ in found += 1; return true })
    #expect(search.timedOut && found < 6_400)
}
