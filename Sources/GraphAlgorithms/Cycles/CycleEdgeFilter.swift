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
/// in the first pass. Drops expose more, so the pass repeats. A transfer on a cycle is never dropped, since
/// its cycle neighbours are kept too (by induction over the passes), which makes the filter exact:
/// the finder's output does not change, only the graph it searches. Amount bands and hop limits
/// are ignored here (they only remove more cycles).
///
/// A pass checks, account by account, the transfers into it against those out of it and the
/// other way round, judging by the flags as they were when the pass began (so it can run on two
/// threads, and the result does not depend on how many): on medium (1M transfers, 30 days) the
/// first pass drops 159,541 transfers (16%), a second would drop 20,633 and a third 3,334. Two
/// threads take the whole filter (one pass here, its flags and counts) to about 11 ms: 13.5 before
/// the first pass stopped reading the flags (all set then) and each drop came with its two
/// accounts (medians of 9 calls, 3 alternated rounds). Each pass after the first drops far fewer
/// transfers than it costs to find them: stopping after one pass ran the 6-hop search 5% faster
/// on medium (8 alternated rounds, medians 203 against 215 ms) and the 8-hop detector search as
/// fast, with the same cycles, so another pass runs only while the last one dropped at least a
/// quarter of what it looked at.
///
/// - Complexity: O(passes × (V + E)) time, two merges of each account's time-sorted in- and
///   out-list per pass (one per direction); O(E) memory for the flags. At most `maxPasses` passes; it stops early
///   once a pass drops less than a quarter of the transfers it started with (an early stop only
///   keeps more, so the search's result is the same).
enum CycleEdgeFilter {
    static let maxPasses = 6

    /// One flag per transfer (by edge number): false when it lies on no temporal cycle of span
    /// ≤ `window`. `timeline` must be `graph`'s unfiltered timeline built with `outgoing: true`.
    /// With `parallel`, each pass's accounts are cut into two `ParallelChunks` of about equal
    /// work, on two threads (the result is the same).
    ///
    /// With `exhaustive`, passes run until one drops nothing (the tests check the peeling itself
    /// that way); otherwise they follow the rule above.
    static func survivors(of graph: GraphSnapshot, timeline: IncomingTimeline, window: Int64, parallel: Bool = false, exhaustive: Bool = false) -> [Bool] {
        filter(graph, timeline: timeline, window: window, parallel: parallel, exhaustive: exhaustive).keep
    }

    /// The flags of `survivors(of:timeline:window:parallel:exhaustive:)`, and how many kept
    /// transfers each account sends and receives (its degrees less the drops at either end, so no
    /// pass over the kept transfers is needed to count them: about 2 ms on medium).
    static func filter(
        _ graph: GraphSnapshot, timeline: IncomingTimeline, window: Int64, parallel: Bool = false, exhaustive: Bool = false
    ) -> (keep: [Bool], counts: IncomingTimeline.KeptCounts) {
        var alive = [Bool](repeating: true, count: graph.transferCount)
        var kept = graph.transferCount
        let (inOffsets, outOffsets) = (timeline.offsets, timeline.outOffsets)
        let accounts = timeline.accountCount
        var counts = IncomingTimeline.KeptCounts(
            outgoing: (0..<accounts).map { outOffsets[$0 + 1] - outOffsets[$0] }, incoming: (0..<accounts).map { inOffsets[$0 + 1] - inOffsets[$0] })
        // Work per account: its transfers in both directions.
        let parts = ParallelChunks(
            offsets: (0...timeline.accountCount).lazy.map { inOffsets[$0] &+ outOffsets[$0] }, maxChunks: parallel ? 8 : 1, minimumWork: 1)
        alive.withUnsafeMutableBufferPointer { alive in
            let flags = UncheckedSendable(alive)
            for pass in 0... {
                if !exhaustive, pass == maxPasses { break }
                let dropped = pass == 0
                    ? sweep(timeline, parts: parts, window: window, alive: flags, reading: AllKept(), counts: &counts)
                    : sweep(timeline, parts: parts, window: window, alive: flags, reading: KeptFlags(flags.value), counts: &counts)
                if exhaustive ? dropped == 0 : dropped * 4 < kept { break }
                kept -= dropped
            }
        }
        return (alive, counts)
    }

    /// One pass: for every account, each kept transfer into it is checked against its outgoing
    /// list (a successor) and each kept transfer out of it against its incoming list (a
    /// predecessor), judging by the flags as they were before the pass (each chunk of `parts` on
    /// its own thread); the flags of the transfers that fail are cleared. Both checks of an
    /// account read the same two lists, one after the other, so the second reads them from the
    /// cache. Returns how many flags it cleared, and takes each from `counts` at both ends.
    private static func sweep<Flags: TransferFlags>(
        _ timeline: IncomingTimeline, parts: ParallelChunks, window: Int64, alive: UncheckedSendable<UnsafeMutableBufferPointer<Bool>>,
        reading flags: Flags, counts: inout IncomingTimeline.KeptCounts
    ) -> Int {
        let found = UncheckedSendable(DropLists(count: parts.count))
        let lists = UncheckedSendable((timeline.links, timeline.offsets, timeline.outLinks, timeline.outOffsets, timeline.edges, timeline.outEdges))
        parts.forEach(parallel: true) { part in
            let (inLinks, inOffsets, outLinks, outOffsets, inEdges, outEdges) = lists.value
            var dead: [Drop] = []
            for a in parts.range(part) {
                let ins = Int(inOffsets[a])..<Int(inOffsets[a + 1]), outs = Int(outOffsets[a])..<Int(outOffsets[a + 1])
                if Flags.self == AllKept.self {
                    let mark = dead.count
                    if firstPassDeadEnds(inLinks, inEdges, ins, against: outLinks, outs, account: a, incoming: true, window: window, into: &dead),
                        firstPassDeadEnds(outLinks, outEdges, outs, against: inLinks, ins, account: a, incoming: false, window: window, into: &dead)
                    {
                        continue
                    }
                    dead.removeSubrange(mark...)  // a self-transfer among the partners: the general check
                }
                deadEnds(inLinks, inEdges, ins, against: outLinks, outEdges, outs, account: a, incoming: true, window: window, alive: flags, into: &dead)
                deadEnds(outLinks, outEdges, outs, against: inLinks, inEdges, ins, account: a, incoming: false, window: window, alive: flags, into: &dead)
            }
            found.value.edges[part] = dead
        }
        // A transfer can fail at both of its ends: count each flag once.
        var dropped = 0
        for drops in found.value.edges {
            for drop in drops where alive.value[Int(drop.edge)] {
                alive.value[Int(drop.edge)] = false
                counts.outgoing[Int(drop.sender)] -= 1
                counts.incoming[Int(drop.receiver)] -= 1
                dropped += 1
            }
        }
        return dropped
    }

    /// A dropped transfer and its two accounts (known where it is found, so counting the drop
    /// does not read the snapshot's sender and receiver columns at random: measured on medium,
    /// 4.5 ms for the first pass's drops that way).
    private struct Drop {
        var edge: Int32
        var sender: Int32
        var receiver: Int32

        /// The drop of `link` (snapshot edge `edge`) from account `own`'s incoming or outgoing list.
        @inline(__always)
        init(_ link: TimedLink, edge: Int32, at own: Int32, incoming: Bool) {
            self.edge = edge
            sender = incoming ? link.account : own
            receiver = incoming ? own : link.account
        }
    }

    /// Each part's drops, written by its own thread.
    private final class DropLists {
        var edges: [[Drop]]
        init(count: Int) { edges = Array(repeating: [], count: count) }
    }

    /// Appends to `dead` the kept transfers of `account`'s list `checked[range]` (time order) that
    /// have no kept partner in its list `partners[partnerRange]` at a time in `[t − window, t)` or
    /// `(t, t + window]` (read-only: the caller clears them). Self-transfers (whose other end is
    /// `account`) are dead ends and partner nothing, so the first pass drops them too.
    /// `incoming` says which list `checked` is (the transfers into `account`, or out of it).
    @inline(__always)
    private static func deadEnds<Flags: TransferFlags>(
        _ checked: UnsafeMutableBufferPointer<TimedLink>, _ checkedEdges: UnsafeMutableBufferPointer<Int32>, _ range: Range<Int>,
        against partners: UnsafeMutableBufferPointer<TimedLink>, _ partnerEdges: UnsafeMutableBufferPointer<Int32>, _ partnerRange: Range<Int>,
        account a: Int, incoming: Bool, window: Int64, alive: Flags, into dead: inout [Drop]
    ) {
        let own = Int32(truncatingIfNeeded: a)
        let pEnd = partnerRange.upperBound
        var before = partnerRange.lowerBound  // first partner at a time >= t
        var after = before  // first partner at a time > t
        var lastBefore = Int64.min  // time of the last kept partner before t
        var hasBefore = false
        for i in range {
            let link = checked[i]
            guard alive.kept(checkedEdges[i]) else { continue }
            if link.account == own {
                dead.append(Drop(link, edge: checkedEdges[i], at: own, incoming: incoming))
                continue
            }
            let t = link.time
            while before < pEnd, partners[before].time < t {
                if alive.kept(partnerEdges[before]), partners[before].account != own {
                    lastBefore = partners[before].time
                    hasBefore = true
                }
                before += 1
            }
            if after < before { after = before }
            while after < pEnd, partners[after].time <= t { after += 1 }
            if hasBefore, lastBefore >= temporalSaturatingAdd(t, -window) { continue }
            var next = after
            while next < pEnd, !alive.kept(partnerEdges[next]) || partners[next].account == own { next += 1 }
            if next < pEnd, partners[next].time <= temporalSaturatingAdd(t, window) { continue }
            dead.append(Drop(link, edge: checkedEdges[i], at: own, incoming: incoming))
        }
    }

    /// `deadEnds` for the first pass, when every transfer is kept: the same drops, found with less
    /// work per transfer. A transfer at `t` keeps when the first partner at `t − window` or later
    /// is before `t`, or else when the first partner after `t` is at `t + window` or earlier; two
    /// cursors that only move forward find both. That holds only while those partners are not
    /// self-transfers: on meeting one it returns false, having appended some of the account's
    /// drops, and the caller takes them back and runs `deadEnds` on the account.
    @inline(__always)
    private static func firstPassDeadEnds(
        _ checked: UnsafeMutableBufferPointer<TimedLink>, _ checkedEdges: UnsafeMutableBufferPointer<Int32>, _ range: Range<Int>,
        against partners: UnsafeMutableBufferPointer<TimedLink>, _ partnerRange: Range<Int>,
        account a: Int, incoming: Bool, window: Int64, into dead: inout [Drop]
    ) -> Bool {
        let own = Int32(truncatingIfNeeded: a)
        let pEnd = partnerRange.upperBound
        var from = partnerRange.lowerBound  // first partner at a time >= t − window
        var after = from  // first partner at a time > t
        for i in range {
            let link = checked[i]
            let t = link.time
            if link.account != own {
                let earliest = temporalSaturatingAdd(t, -window)
                while from < pEnd, partners[from].time < earliest { from += 1 }
                if from < pEnd, partners[from].time < t {
                    if partners[from].account == own { return false }
                    continue
                }
                if after < from { after = from }
                while after < pEnd, partners[after].time <= t { after += 1 }
                if after < pEnd, partners[after].time <= temporalSaturatingAdd(t, window) {
                    if partners[after].account == own { return false }
                    continue
                }
            }
            dead.append(Drop(link, edge: checkedEdges[i], at: own, incoming: incoming))
        }
        return true
    }
}

/// How a filter pass reads whether a transfer is still kept. The first pass knows every one is,
/// and skips the reads: the flags of an account's incoming transfers are scattered (edge numbers
/// follow the senders), a cache miss each on a large graph.
private protocol TransferFlags: Sendable {
    func kept(_ edge: Int32) -> Bool
}

/// The first pass: every transfer is kept.
private struct AllKept: TransferFlags {
    @inline(__always)
    func kept(_ edge: Int32) -> Bool { true }
}

/// Later passes: the flags as they were when the pass began.
private struct KeptFlags: TransferFlags, @unchecked Sendable {
    let flags: UnsafeMutableBufferPointer<Bool>
    init(_ flags: UnsafeMutableBufferPointer<Bool>) { self.flags = flags }
    @inline(__always)
    func kept(_ edge: Int32) -> Bool { flags[Int(edge)] }
}
