// A cheap global pass before the temporal cycle search: peel off the transfers that cannot lie
// on any cycle of the window, so the search and its pruning table scan shorter lists.
import GraphCore

/// Marks the transfers that may lie on a temporal cycle of span ≤ `window`; the others provably
/// lie on none.
///
/// On a temporal cycle every transfer `e = u → w` at time `t` has a successor on the cycle
/// leaving `w` and a predecessor entering `u`, both at a time `≠ t` within `[t − window,
/// t + window]` (the successor is later, or is the cycle's earliest transfer when `e` is its
/// latest; likewise the predecessor). So a transfer is dropped when `w` sends nothing, or `u`
/// receives nothing, at such a time among the transfers still kept; self-transfers are dropped
/// at once. Drops expose more, so the pass repeats. A transfer on a cycle is never dropped, since
/// its cycle neighbours are kept too (by induction over the passes), which makes the filter exact:
/// the finder's output does not change, only the graph it searches. Amount bands and hop limits
/// are ignored here (they only remove more cycles).
///
/// Each sweep judges by the flags as they were when it began (so it can run on two threads, and
/// the result does not depend on how many): on medium (1M transfers, 30 days) the first pass
/// drops 159,541 transfers (16%), a second would drop 20,633 and a third 3,334. Two threads take a
/// pass to about 10 ms. Each pass after the first drops far fewer transfers than it costs to find
/// them: stopping after one pass ran the 6-hop search 5% faster on medium (8 alternated rounds,
/// medians 203 against 215 ms) and the 8-hop detector search as fast, with the same cycles, so
/// another pass runs only while the last one dropped at least a quarter of what it looked at.
///
/// - Complexity: O(passes × (V + E)) time, two merges of each account's time-sorted in- and
///   out-list per pass; O(E) memory for the flags. At most `maxPasses` passes; it stops early
///   once a pass drops less than a quarter of the transfers it started with (an early stop only
///   keeps more, so the search's result is the same).
enum CycleEdgeFilter {
    static let maxPasses = 6

    /// One flag per transfer (by edge number): false when it lies on no temporal cycle of span
    /// ≤ `window`. `timeline` must be `graph`'s unfiltered timeline built with `outgoing: true`.
    /// With `parallel`, each sweep's accounts are cut into two `ParallelChunks` of about equal
    /// work, on two threads (the result is the same).
    ///
    /// With `exhaustive`, passes run until one drops nothing (the tests check the peeling itself
    /// that way); otherwise they follow the rule above.
    static func survivors(of graph: GraphSnapshot, timeline: IncomingTimeline, window: Int64, parallel: Bool = false, exhaustive: Bool = false) -> [Bool] {
        var alive = [Bool](repeating: true, count: graph.transferCount)
        var kept = 0
        for e in 0..<graph.transferCount {
            if graph.source[e] == graph.target[e] { alive[e] = false } else { kept += 1 }
        }
        let inParts = ParallelChunks(offsets: timeline.offsets, maxChunks: parallel ? 2 : 1, minimumWork: 1)
        let outParts = ParallelChunks(offsets: timeline.outOffsets, maxChunks: parallel ? 2 : 1, minimumWork: 1)
        alive.withUnsafeMutableBufferPointer { alive in
            let flags = UncheckedSendable(alive)
            for pass in 0... {
                if !exhaustive, pass == maxPasses { break }
                // Successors: each transfer into w against w's outgoing list; predecessors: each
                // transfer out of u against u's incoming list.
                var dropped = sweep(timeline.links, timeline.offsets, against: timeline.outLinks, timeline.outOffsets, parts: inParts, window: window, alive: flags)
                dropped += sweep(timeline.outLinks, timeline.outOffsets, against: timeline.links, timeline.offsets, parts: outParts, window: window, alive: flags)
                if exhaustive ? dropped == 0 : dropped * 4 < kept { break }
                kept -= dropped
            }
        }
        return alive
    }

    /// For every account, merges its list `checked` (time order) with its list `partners` and
    /// clears the flag of each kept transfer in `checked` at time `t` that has no kept partner at
    /// a time in `[t − window, t)` or `(t, t + window]`, judging by the flags as they were before
    /// the sweep (each chunk of `parts` on its own thread). Returns how many flags it cleared.
    private static func sweep(
        _ checked: UnsafeMutableBufferPointer<TimedLink>, _ checkedOffsets: UnsafeMutableBufferPointer<Int32>,
        against partners: UnsafeMutableBufferPointer<TimedLink>, _ partnerOffsets: UnsafeMutableBufferPointer<Int32>,
        parts: ParallelChunks, window: Int64, alive: UncheckedSendable<UnsafeMutableBufferPointer<Bool>>
    ) -> Int {
        let found = UncheckedSendable(DropLists(count: parts.count))
        let lists = UncheckedSendable((checked, checkedOffsets, partners, partnerOffsets))
        parts.forEach(parallel: true) { part in
            let (checked, checkedOffsets, partners, partnerOffsets) = lists.value
            found.value.edges[part] = deadEnds(
                checked, checkedOffsets, against: partners, partnerOffsets, accounts: parts.range(part), window: window, alive: alive.value)
        }
        var dropped = 0
        for edges in found.value.edges {
            for e in edges { alive.value[Int(e)] = false }
            dropped += edges.count
        }
        return dropped
    }

    /// Each part's drops, written by its own thread.
    private final class DropLists {
        var edges: [[Int32]]
        init(count: Int) { edges = Array(repeating: [], count: count) }
    }

    /// The kept transfers of `checked` in the lists of `accounts` that have no kept partner
    /// within the window (read-only: the caller clears them).
    private static func deadEnds(
        _ checked: UnsafeMutableBufferPointer<TimedLink>, _ checkedOffsets: UnsafeMutableBufferPointer<Int32>,
        against partners: UnsafeMutableBufferPointer<TimedLink>, _ partnerOffsets: UnsafeMutableBufferPointer<Int32>,
        accounts: Range<Int>, window: Int64, alive: UnsafeMutableBufferPointer<Bool>
    ) -> [Int32] {
        var dead: [Int32] = []
        for a in accounts {
            let pEnd = Int(partnerOffsets[a + 1])
            var before = Int(partnerOffsets[a])  // first partner at a time >= t
            var after = before  // first partner at a time > t
            var lastBefore = Int64.min  // time of the last kept partner before t
            var hasBefore = false
            for i in Int(checkedOffsets[a])..<Int(checkedOffsets[a + 1]) {
                let link = checked[i]
                guard alive[Int(link.edge)] else { continue }
                let t = link.time
                while before < pEnd, partners[before].time < t {
                    if alive[Int(partners[before].edge)] {
                        lastBefore = partners[before].time
                        hasBefore = true
                    }
                    before += 1
                }
                if after < before { after = before }
                while after < pEnd, partners[after].time <= t { after += 1 }
                if hasBefore, lastBefore >= temporalSaturatingAdd(t, -window) { continue }
                var next = after
                while next < pEnd, !alive[Int(partners[next].edge)] { next += 1 }
                if next < pEnd, partners[next].time <= temporalSaturatingAdd(t, window) { continue }
                dead.append(link.edge)
            }
        }
        return dead
    }
}
