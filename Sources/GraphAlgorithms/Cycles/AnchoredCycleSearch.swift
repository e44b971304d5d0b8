// The depth-first enumeration behind TemporalCycleFinder: each cycle is searched from its
// highest-ranked account only, through lower-ranked accounts (Johnson's vertex order), so hubs
// are never intermediate hops of another account's search.
import GraphCore

/// Enumerates the temporal cycles whose highest-ranked account (by degree, then id) is a given
/// anchor. The timeline numbers accounts by rank, so "ranked below the anchor" is `w < anchor`:
/// no rank lookup in the innermost loops, and the hubs' lists sit together at the end.
///
/// Read from the anchor's out-transfer `e1` (time `t1`), a cycle's times rise, drop once at its
/// earliest transfer (the *wrap*; no drop when `e1` is the earliest) and rise again, ending into
/// the anchor before `t1`. So a search that has not wrapped may take a transfer later than its
/// current time `t` and at most `t1 + window`, or wrap with one in `[t − window, t1)`; after the
/// wrap it may take only transfers in `(t, t1)`. A found path is rotated to start at its
/// earliest transfer, the finder's canonical form; each cycle has one anchor and one path from
/// it, so it is reported once.
///
/// Two `LatestDepartureTable`s into the anchor, restricted to lower-ranked accounts, prune the
/// last `layers` hops, and are shared by the anchor's out-transfers in time order:
/// - `closing` (after the wrap): transfers in `[t1 − window, t1)`; an account reached at `σ` with
///   `k` hops left can finish only if its value for `k` is `> σ`.
/// - `opening` (before the wrap): transfers in `(t1, t1 + window]`, plus, for every value `τ` of
///   `closing`, the seed `τ + window + 1` (wrapping at the account's next transfer is possible
///   while the arrival `t` satisfies `t − window ≤ τ`). An account reached at `t` before the wrap
///   with `k` hops left can finish, wrapped or not, only if its value for `k` is `> t`.
/// Both over-approximate (they allow repeated accounts and ignore amount bands), so pruning with
/// them loses no cycle.
///
/// One search per thread: it owns O(accounts) scratch memory reused between anchors.
struct AnchoredCycleSearch {
    let graph: GraphSnapshot
    let timeline: IncomingTimeline
    private var closing: LatestDepartureTable
    private var opening: LatestDepartureTable
    /// How much of `closing`'s raise log `opening` has been seeded with.
    private var logCursor = 0
    private var onPath: [Bool]
    /// The transfers of the current path (snapshot edge numbers), from `e1` on.
    private var path: [Int32] = []
    /// The path rotated to its canonical form, handed to the visitor.
    private var rotated: [Int32] = []
    /// Times of the anchor's incoming transfers from lower-ranked accounts (time order): the
    /// candidates for a cycle's closing transfer. An anchor without any, or an out-transfer with
    /// none within `window` of it (at another time), has no cycle; on medium 72% of the anchors
    /// have no lower-ranked sender or receiver.
    private var closingTimes: [Int64] = []
    /// Index in `path` of the wrap transfer (the cycle's earliest), or -1 before the wrap.
    private var wrapIndex = -1

    // Parameters of the running search.
    private var anchor = 0
    private var t1: Int64 = 0
    private var window: Int64 = 0
    private var maxHops = 0
    private var ratio: ClosedRange<Double>? = nil
    private var minAmount = -Double.infinity
    private var hasMinAmount = false
    /// A sink for `warm`'s reads, so the optimizer keeps them.
    private var warmed = 0
    /// Final hops covered by `opening` (before the wrap) and by `closing` (after it, at least as many).
    private var layers = 0
    private var closingLayers = 0
    private var tablesReady = false

    /// - Parameter timeline: numbered by rank (`TemporalCycleFinder.searchTimeline`), with both
    ///   directions: account numbers here are ranks, and a higher number is a higher rank.
    init(graph: GraphSnapshot, timeline: IncomingTimeline) {
        precondition(timeline.outOffsets.count == graph.accountCount + 1, "the search needs a timeline built with outgoing: true")
        self.graph = graph
        self.timeline = timeline
        closing = LatestDepartureTable(accountCount: graph.accountCount, belowTargetOnly: true)
        closing.logsRaises = true
        opening = LatestDepartureTable(accountCount: graph.accountCount, belowTargetOnly: true)
        onPath = [Bool](repeating: false, count: graph.accountCount)
    }

    /// How many final hops the tables cover for `maxHops`: at most half, and at most 3. The tables of
    /// a hub anchor cover most of the graph, so deeper ones cost more than they save (measured on
    /// medium: 6 hops ran no faster with 4 layers; 8 hops with the amount band ran 1.6x slower
    /// with 4 layers than with 3, and 8 hops without it ran equally fast).
    static func defaultLayers(maxHops: Int) -> Int { max(1, min(maxHops - 1, 3, maxHops / 2)) }

    /// Calls `visit` with every cycle (canonical rotation, snapshot edge numbers) of the options
    /// whose highest-ranked account is `anchor`, over the timeline's transfers.
    ///
    /// - Parameters:
    ///   - layers: final hops `opening` covers (default `defaultLayers(maxHops:)`); `closingLayers`
    ///     (at least `layers`, default the same) those `closing` covers. Any values give the same
    ///     cycles; they only move work between the search and the tables (the tests try them all).
    /// - Returns: false when `visit` returned false (asked to stop), true otherwise.
    mutating func enumerate(
        anchor: Int, options: TemporalCycleOptions, layers: Int? = nil, closingLayers: Int? = nil, visit: ([Int32]) -> Bool
    ) -> Bool {
        self.anchor = anchor
        window = options.window
        maxHops = options.maxHops
        ratio = options.amountRatio
        minAmount = options.minAmount ?? -.infinity
        hasMinAmount = options.minAmount != nil
        self.layers = layers ?? Self.defaultLayers(maxHops: options.maxHops)
        self.closingLayers = max(self.layers, closingLayers ?? self.layers)
        // Every cycle re-enters the anchor from a lower-ranked account: collect those times once.
        closingTimes.removeAll(keepingCapacity: true)
        for slot in Int(timeline.offsets[anchor])..<Int(timeline.offsets[anchor + 1]) where Int(timeline.links[slot].account) < anchor {
            closingTimes.append(timeline.links[slot].time)
        }
        if closingTimes.isEmpty { return true }
        var closingCursor = 0
        let links = timeline.outLinks
        for slot in Int(timeline.outOffsets[anchor])..<Int(timeline.outOffsets[anchor + 1]) {
            let first = links[slot]
            let next = Int(first.account)
            if next >= anchor { continue }  // also rules out self-transfers
            t1 = first.time
            // The closing transfer lies in [t1 − window, t1) (wrapped) or (t1, t1 + window]; the
            // anchor's transfers come in time order, so the cursor only moves forward.
            let from = temporalSaturatingAdd(t1, -window)
            while closingCursor < closingTimes.count, closingTimes[closingCursor] < from { closingCursor += 1 }
            var closer = closingCursor
            while closer < closingTimes.count, closingTimes[closer] == t1 { closer += 1 }
            if closer == closingTimes.count || closingTimes[closer] > temporalSaturatingAdd(t1, window) { continue }
            tablesReady = false
            path.removeAll(keepingCapacity: true)
            path.append(first.edge)
            wrapIndex = -1
            if maxHops - 1 <= self.layers, !canFinishOpen(next, at: t1, hops: maxHops - 1) { continue }
            onPath[anchor] = true
            onPath[next] = true
            let completed = extendOpen(from: next, at: t1, hops: 1, previousEdge: Int(first.edge), visit: visit)
            onPath[anchor] = false
            onPath[next] = false
            if !completed { return false }
        }
        return true
    }

    /// Brings both tables to the current `t1` (they only grow within one anchor).
    private mutating func prepareTables() {
        let freshClosing = closing.prepare(
            timeline: timeline, target: anchor, after: temporalSaturatingAdd(t1, -window - 1), through: temporalSaturatingAdd(t1, -1),
            maxHops: closingLayers, excluded: -1)
        let freshOpening = opening.prepare(
            timeline: timeline, target: anchor, after: t1, through: temporalSaturatingAdd(t1, window), maxHops: layers, excluded: -1)
        if freshClosing || freshOpening { logCursor = 0 }
        opening.seed(fromLogOf: closing, from: logCursor, shift: temporalSaturatingAdd(window, 1), upToHops: layers, timeline: timeline)
        logCursor = closing.raiseLog.count
        tablesReady = true
    }

    /// Whether `account`, reached at `time` before the wrap, can still close within `hops`.
    @inline(__always)
    private mutating func canFinishOpen(_ account: Int, at time: Int64, hops: Int) -> Bool {
        if !tablesReady { prepareTables() }
        return opening.latest(account, withinHops: hops) > time
    }

    /// Whether `account`, reached at `time` after the wrap, can still close within `hops`.
    @inline(__always)
    private mutating func canFinishClosed(_ account: Int, at time: Int64, hops: Int) -> Bool {
        if !tablesReady { prepareTables() }
        return closing.latest(account, withinHops: hops) > time
    }

    /// Hands the current path to `visit`, rotated to start at its earliest transfer.
    @inline(__always)
    private mutating func emit(_ visit: ([Int32]) -> Bool) -> Bool {
        let start = max(0, wrapIndex)
        rotated.removeAll(keepingCapacity: true)
        rotated.append(contentsOf: path[start...])
        rotated.append(contentsOf: path[..<start])
        return visit(rotated)
    }

    /// Extends a path that has not wrapped; it ends at `account` at time `time` (its latest so
    /// far) after `hops` transfers, the last of them `previousEdge`.
    private mutating func extendOpen(from account: Int, at time: Int64, hops: Int, previousEdge: Int, visit: ([Int32]) -> Bool) -> Bool {
        let links = timeline.outLinks
        let lo = Int(timeline.outOffsets[account]), end = Int(timeline.outOffsets[account + 1])
        let hopsLeftAfter = maxHops - hops - 1

        // The wrap: a transfer in [time − window, t1) becomes the cycle's earliest. The band does
        // not apply to it (it follows the cycle's latest transfer), but minAmount does.
        var edge = firstLater(in: links, lo, end, than: temporalSaturatingAdd(time, -window - 1))
        if hopsLeftAfter > closingLayers { warm(links, from: edge, to: end, before: t1) }
        while edge < end {
            let link = links[edge]
            let sigma = link.time
            if sigma >= t1 { break }
            edge += 1
            if hasMinAmount, graph.amount[Int(link.edge)] < minAmount { continue }
            let w = Int(link.account)
            if w == anchor {
                // Closing by the wrap: the band compares e1 with this transfer, its predecessor.
                if let r = ratio, !TimeRespectingWalker.withinBand(r, Int(path[0]), after: Int(link.edge), graph) { continue }
                wrapIndex = path.count
                path.append(link.edge)
                let keepGoing = emit(visit)
                path.removeLast()
                wrapIndex = -1
                if !keepGoing { return false }
            } else if hopsLeftAfter >= 1, w < anchor, !onPath[w],
                hopsLeftAfter > closingLayers || canFinishClosed(w, at: sigma, hops: hopsLeftAfter)
            {
                onPath[w] = true
                wrapIndex = path.count
                path.append(link.edge)
                let completed = extendClosed(from: w, at: sigma, hops: hops + 1, previousEdge: Int(link.edge), visit: visit)
                path.removeLast()
                wrapIndex = -1
                onPath[w] = false
                if !completed { return false }
            }
        }

        // No wrap yet: a later transfer, at most t1 + window.
        let deadline = temporalSaturatingAdd(t1, window)
        edge = firstLater(in: links, lo, end, than: time)
        if hopsLeftAfter > layers { warm(links, from: edge, to: end, before: deadline == .max ? .max : deadline + 1) }
        while edge < end {
            let link = links[edge]
            let t = link.time
            if t > deadline { break }
            edge += 1
            if let r = ratio, !TimeRespectingWalker.withinBand(r, Int(link.edge), after: previousEdge, graph) { continue }
            let w = Int(link.account)
            if w == anchor {
                // Closing without a wrap: e1 is the earliest transfer.
                if hasMinAmount, graph.amount[Int(path[0])] < minAmount { continue }
                path.append(link.edge)
                let keepGoing = emit(visit)
                path.removeLast()
                if !keepGoing { return false }
            } else if hopsLeftAfter >= 1, w < anchor, !onPath[w],
                hopsLeftAfter > layers || canFinishOpen(w, at: t, hops: hopsLeftAfter)
            {
                onPath[w] = true
                path.append(link.edge)
                let completed = extendOpen(from: w, at: t, hops: hops + 1, previousEdge: Int(link.edge), visit: visit)
                path.removeLast()
                onPath[w] = false
                if !completed { return false }
            }
        }
        return true
    }

    /// Extends a path after its wrap: only transfers later than `time` and before `t1`.
    private mutating func extendClosed(from account: Int, at time: Int64, hops: Int, previousEdge: Int, visit: ([Int32]) -> Bool) -> Bool {
        let links = timeline.outLinks
        let end = Int(timeline.outOffsets[account + 1])
        var edge = firstLater(in: links, Int(timeline.outOffsets[account]), end, than: time)
        let hopsLeftAfter = maxHops - hops - 1
        if hopsLeftAfter > closingLayers { warm(links, from: edge, to: end, before: t1) }
        while edge < end {
            let link = links[edge]
            let t = link.time
            if t >= t1 { break }
            edge += 1
            if let r = ratio, !TimeRespectingWalker.withinBand(r, Int(link.edge), after: previousEdge, graph) { continue }
            let w = Int(link.account)
            if w == anchor {
                // The band also compares e1 with the closing transfer, which precedes it.
                if let r = ratio, !TimeRespectingWalker.withinBand(r, Int(path[0]), after: Int(link.edge), graph) { continue }
                path.append(link.edge)
                let keepGoing = emit(visit)
                path.removeLast()
                if !keepGoing { return false }
            } else if hopsLeftAfter >= 1, w < anchor, !onPath[w],
                hopsLeftAfter > closingLayers || canFinishClosed(w, at: t, hops: hopsLeftAfter)
            {
                onPath[w] = true
                path.append(link.edge)
                let completed = extendClosed(from: w, at: t, hops: hops + 1, previousEdge: Int(link.edge), visit: visit)
                path.removeLast()
                onPath[w] = false
                if !completed { return false }
            }
        }
        return true
    }

    /// Touches, for each transfer in `from..<to` before `limit`, the receiver's list bounds and
    /// first entry, before the loop that recurses into them: independent reads, so the processor
    /// overlaps their cache misses (as `TimeRespectingWalker.warm`). Used only where receivers
    /// are entered without a table check.
    @inline(__always)
    private mutating func warm(_ links: UnsafeMutableBufferPointer<TimedLink>, from: Int, to end: Int, before limit: Int64) {
        let offsets = timeline.outOffsets
        var sum = 0
        var edge = from
        while edge < end {
            let link = links[edge]
            if link.time >= limit { break }
            let w = Int(link.account)
            let lo = Int(offsets[w])
            sum &+= lo &+ (lo < Int(offsets[w + 1]) ? Int(truncatingIfNeeded: links[lo].time) : 0)
            edge += 1
        }
        warmed &+= sum
    }
}
