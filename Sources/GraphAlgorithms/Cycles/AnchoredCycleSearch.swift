// The enumeration behind TemporalCycleFinder: each cycle is searched from its highest-ranked
// account only, through lower-ranked accounts (Johnson's vertex order), so hubs are never
// intermediate hops of another account's search.
import CPrefetch
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
/// **Level by level.** The out-transfers are taken in batches of close start times (at most
/// `batchCount`, within `batchSpan`), and each batch's paths are extended one transfer per level
/// instead of depth first: a level holds the path prefixes of all the batch's start transfers,
/// and the prefixes are extended in groups of `group`, each group's list bounds read and every
/// cache line of each short list prefetched one group ahead, while the group before is extended.
/// Those reads are independent, so the processor overlaps their misses (this machine keeps about
/// 16 misses in flight, while a depth-first search waits for each account's list before it knows
/// the next account), and as prefetches they do not hold up the extensions (plain loads, read
/// group by group just before the extensions, ran 2-5% slower). The
/// tables are prepared once per batch, for the union of its start transfers' windows (a superset
/// of each one's, so still a bound). Measured on medium (6 hops, 30 days, two threads,
/// alternated with the depth-first search it replaced): 1.09x by medians, 1.14x by the median of
/// per-round ratios, the same cycles.
///
/// One search per thread: it owns O(accounts) scratch memory, and the path prefixes of one
/// batch, reused between anchors. Some of that scratch lives in class boxes (`ScratchVector`), so
/// a copy of a search would share it: make one per thread, never copy one.
struct AnchoredCycleSearch {
    let graph: GraphSnapshot
    let timeline: IncomingTimeline
    /// The timeline's outgoing lists, held here so the hot loops read them without a class access.
    private let outOffsets: UnsafeMutableBufferPointer<Int32>
    private let outLinks: UnsafeMutableBufferPointer<TimedLink>
    private let outEdges: UnsafeMutableBufferPointer<Int32>
    private var closing: LatestDepartureTable
    private var opening: LatestDepartureTable
    /// How much of `closing`'s raise log `opening` has been seeded with.
    private var logCursor = 0
    /// Scratch for `emit`: the reported path's transfers (snapshot edge numbers), from `e1` on.
    private var path: [Int32] = []
    /// Times of the anchor's incoming transfers from lower-ranked accounts (time order): the
    /// candidates for a cycle's closing transfer. An anchor without any, or an out-transfer with
    /// none within `window` of it (at another time), has no cycle; on medium 72% of the anchors
    /// have no lower-ranked sender or receiver.
    private let closingTimes = ScratchVector<Int64>()

    // Parameters of the running search.
    private var anchor = 0
    private var t1: Int64 = 0
    private var window: Int64 = 0
    private var maxHops = 0
    private var ratio: ClosedRange<Double>? = nil
    private var minAmount = -Double.infinity
    private var hasMinAmount = false
    /// Final hops covered by `opening` (before the wrap) and by `closing` (after it, at least as many).
    private(set) var layers = 0
    private var closingLayers = 0
    private var tablesReady = false

    /// The path prefixes of the current batch, level after level (each names the one it extends).
    /// (Raw memory behind a class, as `groupBounds`: an array held by this struct cost a
    /// uniqueness check per append.)
    private let states = ScratchVector<PathState>()
    /// Scratch: a ring of the list bounds of `ahead + 1` groups' states (the one being extended and
    /// those whose lists are being prefetched).
    /// (Raw memory behind a class: writes into a Swift array held by this struct cost a uniqueness
    /// check each, 2.5% of a run.)
    private let groupBounds = ScratchVector<Int32>(zeros: 2 * AnchoredCycleSearch.group * (AnchoredCycleSearch.ahead + 1))
    /// The batch's start transfers: time, edge and receiver.
    private let batch = ScratchVector<StartTransfer>()
    /// The batch's first and last start time, which the tables are prepared for.
    private var batchFirst: Int64 = 0
    private var batchLast: Int64 = 0

    /// - Parameter timeline: numbered by rank (`TemporalCycleFinder.searchTimeline`), with both
    ///   directions: account numbers here are ranks, and a higher number is a higher rank.
    init(graph: GraphSnapshot, timeline: IncomingTimeline) {
        precondition(timeline.outOffsets.count == graph.accountCount + 1, "the search needs a timeline built with outgoing: true")
        self.graph = graph
        self.timeline = timeline
        outOffsets = timeline.outOffsets
        outLinks = timeline.outLinks
        outEdges = timeline.outEdges
        closing = LatestDepartureTable(accountCount: graph.accountCount, belowTargetOnly: true)
        closing.logsRaises = true
        opening = LatestDepartureTable(accountCount: graph.accountCount, belowTargetOnly: true)
    }

    /// How many final hops the tables cover for `maxHops` when neither side of the anchor is much
    /// wider than the other: at most half, and at most 3 (measured over all anchors at once on
    /// medium: 6 hops ran no faster with 4 layers; 8 hops with the amount band ran 1.6x slower
    /// with 4 layers than with 3, and 8 hops without it ran equally fast).
    static func defaultLayers(maxHops: Int) -> Int { max(1, min(maxHops - 1, 3, maxHops / 2)) }

    /// How many final hops the tables cover for one anchor, from the width of its two sides:
    /// `backward`, the in-degrees summed over the anchor's lower-ranked senders (what the tables'
    /// first two layers scan), and `forward`, the out-degrees summed over its lower-ranked
    /// receivers (what the search's first two levels scan).
    ///
    /// The tables and the search meet in the middle of the cycle, and each side costs about its
    /// branching to the power of its depth, so the depth goes to the narrower side, as in a
    /// bidirectional search: a fan-in hub (wider backward) gets one layer, so the search does
    /// almost all the work; a fan-out hub (forward at least four times wider) gets `maxHops − 1`,
    /// so the tables do; the others get `defaultLayers`. Measured per anchor on medium (6 hops,
    /// 30 days, one thread, every anchor timed at 1...5 layers): 720 ms of search at 3 layers
    /// everywhere, 362 ms with this rule, 314 ms with the best depth of each anchor chosen in
    /// hindsight. The top hub (36,023 lower-ranked senders, 10 receivers) took 46 ms at 3 layers
    /// and 3.6 ms at 1; a fan-out hub (76 senders, 5,802 receivers) 8.6 ms at 3 and 104 ms at 1.
    /// Any depth gives the same cycles (the tests try them all).
    static func layers(maxHops: Int, backward: Int, forward: Int) -> Int {
        if backward > forward { return 1 }
        if forward + 1 >= 4 * (backward + 1) { return max(1, maxHops - 1) }
        return defaultLayers(maxHops: maxHops)
    }

    /// `layers(maxHops:backward:forward:)` for the current anchor, summing only as much of each
    /// side as the rule needs: the side with fewer transfers at the anchor in full, then the other
    /// until the answer is certain (the wider side of a hub is most of its sum, each term a random
    /// read of a degree). Measured on medium, one thread: the full sums drew about 2.5% of a
    /// profile's samples; summed this way, the run has 0.47 M fewer simulated D1 misses (26.53 M
    /// against 26.05 M), with as many instructions.
    private func chooseLayers(maxHops: Int) -> Int {
        let inSlots = Int(timeline.offsets[anchor])..<Int(timeline.offsets[anchor + 1])
        let outSlots = Int(outOffsets[anchor])..<Int(outOffsets[anchor + 1])
        if inSlots.count <= outSlots.count {
            let backward = Self.sideWidth(timeline.links, inSlots, degrees: timeline.offsets, below: anchor, upTo: .max)
            // At 4 × (backward + 1) − 1 the anchor is a fan-out hub, whatever the rest adds.
            let forward = Self.sideWidth(outLinks, outSlots, degrees: outOffsets, below: anchor, upTo: 4 * (backward + 1) - 1)
            return Self.layers(maxHops: maxHops, backward: backward, forward: forward)
        }
        let forward = Self.sideWidth(outLinks, outSlots, degrees: outOffsets, below: anchor, upTo: .max)
        // Past `forward` the anchor is a fan-in hub, whatever the rest adds.
        let backward = Self.sideWidth(timeline.links, inSlots, degrees: timeline.offsets, below: anchor, upTo: forward + 1)
        return Self.layers(maxHops: maxHops, backward: backward, forward: forward)
    }

    /// The degrees (by `degrees`, a list's offsets) summed over the accounts below `anchor` in
    /// `links[slots]`, stopping once the sum reaches `limit`.
    private static func sideWidth(
        _ links: UnsafeMutableBufferPointer<TimedLink>, _ slots: Range<Int>, degrees: UnsafeMutableBufferPointer<Int32>, below anchor: Int, upTo limit: Int
    ) -> Int {
        var sum = 0
        for slot in slots {
            let u = Int(links[slot].account)
            guard u < anchor else { continue }
            sum += Int(degrees[u + 1] - degrees[u])
            if sum >= limit { break }
        }
        return sum
    }

    /// Calls `visit` with every cycle (canonical rotation, snapshot edge numbers) of the options
    /// whose highest-ranked account is `anchor`, over the timeline's transfers.
    ///
    /// - Parameters:
    ///   - layers: final hops `opening` covers (default `layers(maxHops:backward:forward:)`); `closingLayers`
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
        // Every cycle re-enters the anchor from a lower-ranked account: collect those times once.
        closingTimes.removeAll()
        for slot in Int(timeline.offsets[anchor])..<Int(timeline.offsets[anchor + 1]) {
            let link = timeline.links[slot]
            if Int(link.account) < anchor { closingTimes.append(link.time) }
        }
        if closingTimes.count == 0 { return true }
        self.layers = layers ?? chooseLayers(maxHops: options.maxHops)
        self.closingLayers = max(self.layers, closingLayers ?? self.layers)
        return enumerateByLevels(visit: visit)
    }

    /// Longest span of start times one batch holds, and its most start transfers: the tables
    /// are prepared once per batch, for its whole span, which bounds each start transfer's search
    /// a little more loosely than its own window would.
    /// (Measured on medium: 6 h / 64, 1 day / 256 and 1 h / 32 ran alike, and groups of 8, 16 and 32.)
    /// Any values give the same cycles (the tests vary them).
    var batchSpan: Int64 = 6 * 3_600
    var batchCount = 64
    /// Prefixes whose lists are read together before they are extended.
    static let group = 16
    /// How many groups ahead of the one being extended the lists are prefetched.
    /// (Measured on medium: 1, 2 and 4 ran alike.)
    static let ahead = 1
    /// When set, the search stops at this instant (checked every 256 groups) and sets `timedOut`.
    var deadline: ContinuousClock.Instant? {
        didSet { hasDeadline = deadline != nil }
    }
    /// Whether `deadline` is set, read per group instead of the optional itself (an instant's
    /// layout is opaque outside the standard library, so unwrapping one copies it through calls).
    private var hasDeadline = false
    private(set) var timedOut = false
    /// Groups searched since the clock was last read.
    private var groupsSinceClock = 0

    /// The anchor's start transfers, in time order, in batches of close times; each batch is
    /// searched by `searchBatch`.
    private mutating func enumerateByLevels(visit: ([Int32]) -> Bool) -> Bool {
        var closingCursor = 0
        let batchLimit = min(max(1, batchCount), Int(Int16.max))  // a prefix holds its root in 16 bits
        let links = outLinks
        let end = Int(outOffsets[anchor + 1])
        var slot = Int(outOffsets[anchor])
        while slot < end {
            batch.removeAll()
            while slot < end {
                let first = links[slot]
                let next = Int(first.account)
                if next >= anchor { slot += 1; continue }  // also rules out self-transfers
                if batch.count > 0, first.time > temporalSaturatingAdd(batch[0].t1, batchSpan) || batch.count >= batchLimit { break }
                let firstSlot = slot
                slot += 1
                // The closing transfer lies in [t − window, t) (wrapped) or (t, t + window]; the
                // anchor's transfers come in time order, so the cursor only moves forward.
                let t = first.time
                let from = temporalSaturatingAdd(t, -window)
                while closingCursor < closingTimes.count, closingTimes[closingCursor] < from { closingCursor += 1 }
                var closer = closingCursor
                while closer < closingTimes.count, closingTimes[closer] == t { closer += 1 }
                if closer == closingTimes.count || closingTimes[closer] > temporalSaturatingAdd(t, window) { continue }
                batch.append(StartTransfer(t1: t, edge: outEdges[firstSlot], slot: Int32(firstSlot), next: first.account))
            }
            if batch.count == 0 { continue }
            if !searchBatch(visit: visit) { return false }
        }
        return true
    }

    @inline(__always)
    private mutating func addState(parent: Int, account: Int, slot: Int32, time: Int64, root: Int16, wrap: Int8) {
        states.append(
            PathState(
                stamp: UInt32(truncatingIfNeeded: time), parent: Int32(truncatingIfNeeded: parent), account: Int32(truncatingIfNeeded: account),
                slot: slot, root: root, wrap: wrap))
    }

    /// Whether `account` is on the path of state `s` (the anchor is checked by the caller).
    @inline(__always)
    private func onPath(_ account: Int, state s: Int) -> Bool {
        var p = s
        let a = Int32(truncatingIfNeeded: account)
        let st = states.values
        while p >= 0 {
            if st[p].account == a { return true }
            p = Int(st[p].parent)
        }
        return false
    }

    /// Hands the path of state `s` plus the transfer in outgoing slot `last` to `visit`, as
    /// snapshot edge numbers, rotated at `wrap` (or unrotated, -1).
    private mutating func emit(state s: Int, last: Int32, wrap: Int, _ visit: ([Int32]) -> Bool) -> Bool {
        path.removeAll(keepingCapacity: true)
        var p = s
        while p >= 0 {
            path.append(outEdges[Int(states[p].slot)])
            p = Int(states[p].parent)
        }
        path.reverse()
        path.append(outEdges[Int(last)])
        // The visitor keeps the cycle, so it gets an array of its own (see `handedOver`).
        let start = max(0, wrap)
        return visit(.handedOver(path[start...], path[..<start]))
    }

    /// Searches the current batch level by level: level 1 holds each start transfer's receiver,
    /// level `k + 1` the prefixes `extendState` makes from level `k` (at most `maxHops` levels).
    private mutating func searchBatch(visit: ([Int32]) -> Bool) -> Bool {
        batchFirst = batch[0].t1
        batchLast = batch[batch.count - 1].t1
        tablesReady = false
        states.removeAll()
        // Level 1: each start transfer's receiver.
        for r in 0..<batch.count {
            let root = batch.values[r]
            t1 = root.t1
            let next = Int(root.next)
            if maxHops - 1 <= layers, !canFinishOpen(next, at: t1, hops: maxHops - 1) { continue }
            addState(parent: -1, account: next, slot: root.slot, time: t1, root: Int16(r), wrap: -1)
        }
        let lists = (offsets: outOffsets, links: outLinks)
        var levelStart = 0
        var hops = 1
        while levelStart < states.count {
            let levelEnd = states.count
            // A pipeline over the level's groups: while group `g` is extended, the lists of the
            // `ahead` groups after it are on their way (bounds read into a ring of `groupBounds`
            // slots, lines prefetched), and the bounds of the group after those too. Primed here.
            for k in 0..<Self.ahead { Self.readBounds(lists, states, levelStart + k * Self.group, levelEnd, into: groupBounds, slot: k) }
            Self.prefetchBounds(lists, states, levelStart + Self.ahead * Self.group, levelEnd)
            var ring = 0
            var g = levelStart
            while g < levelEnd {
                if hasDeadline {
                    groupsSinceClock += 1
                    if groupsSinceClock >= 256 {
                        groupsSinceClock = 0
                        if let deadline, ContinuousClock.now > deadline {
                            timedOut = true
                            return false
                        }
                    }
                }
                let groupEnd = min(g + Self.group, levelEnd)
                let far = g + Self.ahead * Self.group
                if far < levelEnd {
                    Self.prefetchBounds(lists, states, far + Self.group, levelEnd)
                    Self.readBounds(lists, states, far, levelEnd, into: groupBounds, slot: (ring + Self.ahead) % (Self.ahead + 1))
                }
                let base = 2 * Self.group * ring
                for s in g..<groupEnd {
                    let state = states[s]
                    let i = base + 2 * (s - g)
                    if !extendState(s, state, lo: Int(groupBounds.values[i]), end: Int(groupBounds.values[i + 1]), hops: hops, visit: visit) {
                        return false
                    }
                }
                ring = (ring + 1) % (Self.ahead + 1)
                g = groupEnd
            }
            levelStart = levelEnd
            hops += 1
        }
        return true
    }

    /// The outgoing lists, as `prefetchBounds` and `readBounds` take them.
    private typealias Lists = (offsets: UnsafeMutableBufferPointer<Int32>, links: UnsafeMutableBufferPointer<TimedLink>)

    /// Prefetches the list bounds of the group of states starting at `start` (none past `end`).
    /// (Static, as `readBounds`: a method on the search, called from its mutating `searchBatch`,
    /// copied the whole search, retains and releases of every field, once per group: 5% of a run.)
    @inline(__always)
    private static func prefetchBounds(_ lists: Lists, _ states: ScratchVector<PathState>, _ start: Int, _ end: Int) {
        guard start < end else { return }
        let offsets = lists.offsets.baseAddress!
        let st = states.values
        for s in start..<min(start + group, end) { aml_prefetch(offsets + Int(st[s].account)) }
    }

    /// Reads the list bounds of the group of states starting at `start` (none past `end`) into
    /// ring slot `slot` of `bounds`, and prefetches every cache line of each short list (eight
    /// links per line; the first four lines of a long one: measured on medium, alternated, medians
    /// of 9 calls 136-172 ms on two threads against 144-175 for the first two lines).
    @inline(__always)
    private static func readBounds(_ lists: Lists, _ states: ScratchVector<PathState>, _ start: Int, _ end: Int, into bounds: ScratchVector<Int32>, slot: Int) {
        guard start < end else { return }
        let links = lists.links.baseAddress!
        let outOffsets = lists.offsets
        let base = 2 * group * slot
        let stop = min(start + group, end)
        let st = states.values
        for s in start..<stop {
            let a = Int(st[s].account)
            let lo = outOffsets[a], hi = outOffsets[a + 1]
            bounds.values[base + 2 * (s - start)] = lo
            bounds.values[base + 2 * (s - start) + 1] = hi
            var k = Int(lo)
            let last = min(Int(hi), k + 32)
            while k < last {
                aml_prefetch(links + k)
                k += 8
            }
        }
    }

    /// Extends state `s` (a path of `hops` transfers) by one transfer from its account's list
    /// `lo..<end`: children become states of the next level, paths that re-enter the anchor are
    /// reported. Before the wrap, a transfer in `[time − window, t1)` may wrap (it becomes the
    /// cycle's earliest; the band does not apply to it, as it follows the cycle's latest transfer,
    /// but `minAmount` does), or a later one up to `t1 + window` extends the rising path; after the
    /// wrap, only transfers in `(time, t1)`.
    /// (Both extension steps are marked `@inline(__always)`. The compiler still calls this one from
    /// `searchBatch`, and inlines one of its two calls of `extendBeforeStart`: 35 M fewer
    /// instructions in a one-thread search of medium, 2%.)
    @inline(__always)
    private mutating func extendState(_ s: Int, _ state: PathState, lo: Int, end: Int, hops: Int, visit: ([Int32]) -> Bool) -> Bool {
        let links = outLinks
        let root = state.root
        t1 = batch.values[Int(root)].t1
        let time = state.time
        let wrap = Int(state.wrap)
        let previousSlot = Int(state.slot)
        let firstEdge = Int(batch.values[Int(root)].edge)
        let hopsLeftAfter = maxHops - hops - 1
        if wrap >= 0 {
            // After the wrap: a later transfer, before t1.
            let from = firstLater(in: links, lo, end, than: time)
            return extendBeforeStart(s, state, from: from, end: end, wrap: wrap, after: previousSlot, hopsLeftAfter: hopsLeftAfter, visit) >= 0
        }
        // The wrap: a transfer in [time − window, t1) becomes the cycle's earliest.
        let wrapFrom = firstLater(in: links, lo, end, than: temporalSaturatingAdd(time, -window - 1))
        let wrapEnd = extendBeforeStart(s, state, from: wrapFrom, end: end, wrap: hops, after: nil, hopsLeftAfter: hopsLeftAfter, visit)
        if wrapEnd < 0 { return false }
        // No wrap yet: a later transfer, at most t1 + window (the list up to `wrapEnd` is before
        // t1, so before `time`).
        let deadline = temporalSaturatingAdd(t1, window)
        var edge = firstLater(in: links, wrapEnd, end, than: time)
        while edge < end {
            let link = links[edge]
            let t = link.time
            if t > deadline { break }
            let slot = Int32(truncatingIfNeeded: edge)
            edge += 1
            if let r = ratio, !TimeRespectingWalker.withinBand(r, Int(outEdges[Int(slot)]), after: Int(outEdges[previousSlot]), graph) { continue }
            let w = Int(link.account)
            if w == anchor {
                if hasMinAmount, graph.amount[firstEdge] < minAmount { continue }
                if !emit(state: s, last: slot, wrap: -1, visit) { return false }
            } else if hopsLeftAfter >= 1, w < anchor,
                hopsLeftAfter > layers || canFinishOpen(w, at: t, hops: hopsLeftAfter), !onPath(w, state: s)
            {
                addState(parent: s, account: w, slot: slot, time: t, root: root, wrap: -1)
            }
        }
        return true
    }

    /// The steps of `extendState` that end before `t1`, from slot `from` of the list ending at
    /// `end`: after the wrap (`after` is the previous transfer, for the band; `wrap` the path
    /// index of the wrap transfer), or the wrap itself (`after` nil: the band does not apply to
    /// it, `minAmount` does; `wrap` the index this transfer takes).
    ///
    /// - Returns: the first slot from `from` on at `t1` or later (`end` when none), or -1 when
    ///   `visit` asked to stop.
    @inline(__always)
    private mutating func extendBeforeStart(
        _ s: Int, _ state: PathState, from: Int, end: Int, wrap: Int, after previousSlot: Int?, hopsLeftAfter: Int, _ visit: ([Int32]) -> Bool
    ) -> Int {
        let links = outLinks
        let firstEdge = Int(batch.values[Int(state.root)].edge)
        var edge = from
        while edge < end {
            let link = links[edge]
            let t = link.time
            if t >= t1 { break }
            let slot = Int32(truncatingIfNeeded: edge)
            edge += 1
            if let previousSlot {
                if let r = ratio, !TimeRespectingWalker.withinBand(r, Int(outEdges[Int(slot)]), after: Int(outEdges[previousSlot]), graph) { continue }
            } else if hasMinAmount, graph.amount[Int(outEdges[Int(slot)])] < minAmount {
                continue
            }
            let w = Int(link.account)
            if w == anchor {
                // The band also compares e1 with the closing transfer, which precedes it.
                if let r = ratio, !TimeRespectingWalker.withinBand(r, firstEdge, after: Int(outEdges[Int(slot)]), graph) { continue }
                if !emit(state: s, last: slot, wrap: wrap, visit) { return -1 }
            } else if hopsLeftAfter >= 1, w < anchor,
                hopsLeftAfter > closingLayers || canFinishClosed(w, at: t, hops: hopsLeftAfter), !onPath(w, state: s)
            {
                addState(parent: s, account: w, slot: slot, time: t, root: state.root, wrap: Int8(wrap))
            }
        }
        return edge
    }

    /// Brings both tables to the current batch's start times (they only grow within one anchor).
    private mutating func prepareTables() {
        let first = batchFirst, last = batchLast
        let freshClosing = closing.prepare(
            timeline: timeline, target: anchor, after: temporalSaturatingAdd(first, -window - 1), through: temporalSaturatingAdd(last, -1),
            maxHops: closingLayers, excluded: -1)
        let freshOpening = opening.prepare(
            timeline: timeline, target: anchor, after: first, through: temporalSaturatingAdd(last, window), maxHops: layers, excluded: -1)
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
}

/// A start transfer of a batch: its time, edge and receiver.
struct StartTransfer {
    var t1: Int64
    /// The snapshot edge number, and the slot in the timeline's outgoing lists.
    var edge: Int32
    var slot: Int32
    var next: Int32
}

/// A path prefix of the level-by-level search: its last transfer's time, the prefix it extends
/// (-1 for a start transfer), its last account and transfer, its start transfer (index in the
/// batch), and the path index of its wrap transfer (-1 before the wrap; 8 bits hold it, as a
/// path has at most 12 transfers). 20 bytes: a level of prefixes is read back in order, and
/// every ancestor of one again for the account check (32 bytes with a 64-bit time and root).
struct PathState {
    /// The last transfer's time code (`TimedLink.stamp`).
    var stamp: UInt32
    var parent: Int32
    var account: Int32
    /// The last transfer's slot in the timeline's outgoing lists (`outEdges` has its edge number).
    var slot: Int32
    /// The start transfer's index in the batch (a batch holds at most `Int16.max`).
    var root: Int16
    var wrap: Int8

    @inline(__always) var time: Int64 { Int64(stamp) }
}
