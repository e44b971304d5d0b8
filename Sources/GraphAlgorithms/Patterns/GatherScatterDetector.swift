// Gather-scatter: many accounts pay one hub, which then pays many others: the hub pools and
// redistributes money so no sender is linked to any receiver.
public import GraphCore

/// Options of `GatherScatterDetector`; every default is a named constant.
public struct GatherScatterOptions: Sendable, Hashable {
    public static let defaultMinSources = 3
    public static let defaultMinDestinations = 3
    /// Five days for the gathering and five for the scattering, as for fans (`FanOutOptions.defaultWindow`).
    public static let defaultWindow: Int64 = 5 * 86_400
    public static let defaultIgnoreRecurring = true
    /// Both halves must be unusual for the hub: surprise >= 0.99 (see `PatternContext.surprise`).
    public static let defaultMinSurprise = 0.99
    /// A hub that is a busy existing account hides any burst (its surprise stays low), but the
    /// pattern still shows in its counterparties: when at least half of them exist only for it
    /// (every transfer they ever made is one of the finding's), it is reported anyway. Background
    /// accounts that made a single transfer are about 1% of the generator's data, so a busy hub
    /// rarely gathers and scatters through a majority of them by chance.
    public static let defaultMinExclusiveShare = 0.5

    /// Distinct senders into the hub before the split time; >= 2.
    public var minSources = defaultMinSources
    /// Distinct receivers paid by the hub after the split time; >= 2.
    public var minDestinations = defaultMinDestinations
    /// Length of the gathering window and, after it, of the scattering window; > 0.
    public var window = defaultWindow
    /// Ignore transfers between standing counterparties (see `FanOutOptions.ignoreRecurring`).
    public var ignoreRecurring = defaultIgnoreRecurring
    /// Minimum surprise of the gathering and of the scattering; in 0...1.
    public var minSurprise = defaultMinSurprise
    /// Share of senders and receivers that exist only for the finding; in 0...1 (see the default).
    public var minExclusiveShare = defaultMinExclusiveShare
    public var parallel = true

    public init(
        minSources: Int = defaultMinSources, minDestinations: Int = defaultMinDestinations, window: Int64 = defaultWindow,
        ignoreRecurring: Bool = defaultIgnoreRecurring, minSurprise: Double = defaultMinSurprise,
        minExclusiveShare: Double = defaultMinExclusiveShare, parallel: Bool = true
    ) {
        self.minExclusiveShare = minExclusiveShare
        self.minSources = minSources
        self.minDestinations = minDestinations
        self.window = window
        self.ignoreRecurring = ignoreRecurring
        self.minSurprise = minSurprise
        self.parallel = parallel
    }

    public func validate() throws(AlgorithmError) {
        guard minSources >= 2 else { throw .option("minSources", "must be >= 2", minSources) }
        guard minDestinations >= 2 else { throw .option("minDestinations", "must be >= 2", minDestinations) }
        try TimeWindow.checkLength(window, option: "window")
        guard (0...1).contains(minSurprise) else { throw .option("minSurprise", "must be in 0...1", minSurprise) }
        guard (0...1).contains(minExclusiveShare) else { throw .option("minExclusiveShare", "must be in 0...1", minExclusiveShare) }
    }
}

/// Gather-scatter detection: a hub receives from at least `minSources` distinct accounts, then
/// pays at least `minDestinations` distinct accounts, every payment out coming after every
/// payment in that it is grouped with, all within two consecutive windows.
///
/// Follows the GATHER-SCATTER pattern of IBM's AML data generator (Altman et al., NeurIPS 2023,
/// https://arxiv.org/abs/2306.16424) and AMLSim (https://github.com/IBM/AMLSim).
///
/// The gathering is a maximal fan-in burst of the hub (see `BurstScanner`); the split time is
/// the gathering transfer's time that maximizes senders-before plus receivers-after.
///
/// **Score**: the smaller of the gathering's and the scattering's surprise
/// (`PatternContext.surprise`), so a hub that routinely receives or pays many scores low; when
/// that is below `minSurprise`, the share of senders and receivers that exist only for the
/// finding, if at least `minExclusiveShare` (a busy hub moving money between fresh mules).
/// When the widest split fails both, every split is tried again with the gathering cut to the
/// one window before it, and the one with the largest exclusive share (at least
/// `minExclusiveShare`) is reported, scored by that share: a busy hub's routine receipts chain
/// its bursts over weeks and would otherwise bury a five-day pattern (see `windowedSplit`).
///
/// **Finding**: accounts = hub, senders, receivers; transfers = gathering then scattering.
///
/// - Complexity: O(E log d) time with the context; O(V) scratch per worker thread.
public struct GatherScatterDetector: Sendable {
    public var options: GatherScatterOptions

    public init(options: GatherScatterOptions = GatherScatterOptions()) { self.options = options }

    public func detect(_ s: GraphSnapshot) throws(AlgorithmError) -> [Finding] {
        try detect(s, context: PatternContext(s, parallel: options.parallel))
    }

    public func detect(_ s: GraphSnapshot, context: PatternContext) throws(AlgorithmError) -> [Finding] {
        try options.validate()
        let o = options
        let chunks = ParallelChunks(offsets: s.inOffsets, maxChunks: 16)
        return chunks.collect(parallel: o.parallel, until: context.deadline) { range in
            var scanner = BurstScanner(accountCount: s.accountCount)
            var found: [Finding] = []
            for hub in range {
                if s.inDegree(hub) < o.minSources || s.outDegree(hub) < o.minDestinations { continue }
                let ins = s.incoming(hub).filter { !(o.ignoreRecurring && context.isRecurring(Int($0), horizon: o.window)) }
                let outs = s.outgoing(hub).filter { !(o.ignoreRecurring && context.isRecurring($0, horizon: o.window)) }.map { Int32($0) }
                let inTimes = ins.map { s.timestamp[Int($0)] }
                let senders = ins.map { s.source[Int($0)] }
                for b in scanner.bursts(times: inTimes, parties: senders, window: o.window, minDistinct: o.minSources) {
                    guard let f = split(s, context, hub: hub, gather: Array(ins[b.range]), ins: ins.count, outs: outs) else { continue }
                    found.append(f)
                }
            }
            return found
        }
    }

    /// Picks the split time inside one gathering burst and builds the finding, if both halves qualify.
    private func split(_ s: GraphSnapshot, _ context: PatternContext, hub: Int, gather: [Int32], ins: Int, outs: [Int32]) -> Finding? {
        let o = options
        let first = s.timestamp[Int(gather[0])], last = s.timestamp[Int(gather[gather.count - 1])]
        let candidates = outs.filter { let t = s.timestamp[Int($0)]; return t > first && t <= last + o.window }
        guard candidates.count >= o.minDestinations else { return nil }
        if let f = widestSplit(s, context, hub: hub, gather: gather, ins: ins, outs: outs, candidates: candidates) { return f }
        return windowedSplit(s, context, hub: hub, gather: gather, candidates: candidates)
    }

    /// The split with the most senders before plus receivers after, the gathering being the
    /// whole burst up to it; nil when it fails both the surprise and the exclusive-share bar.
    private func widestSplit(
        _ s: GraphSnapshot, _ context: PatternContext, hub: Int, gather: [Int32], ins: Int, outs: [Int32], candidates: [Int32]
    ) -> Finding? {
        let o = options
        let first = s.timestamp[Int(gather[0])]
        // Distinct receivers in candidates[j...], for every j.
        var suffix = [Int](repeating: 0, count: candidates.count + 1)
        var seen = Set<Int32>()
        for j in stride(from: candidates.count - 1, through: 0, by: -1) {
            seen.insert(s.target[Int(candidates[j])])
            suffix[j] = seen.count
        }
        seen.removeAll()
        var best: (gain: Int, g: Int, j: Int)? = nil
        var j = 0
        for g in 0..<gather.count {
            seen.insert(s.source[Int(gather[g])])
            let t = s.timestamp[Int(gather[g])]
            if g + 1 < gather.count, s.timestamp[Int(gather[g + 1])] == t { continue }
            while j < candidates.count, s.timestamp[Int(candidates[j])] <= t { j += 1 }
            let before = seen.count, after = suffix[j]
            if before >= o.minSources, after >= o.minDestinations, best == nil || before + after > best!.gain {
                best = (before + after, g, j)
            }
        }
        guard let best else { return nil }
        let splitTime = s.timestamp[Int(gather[best.g])]
        let gathered = Array(gather[...best.g])
        let scattered = candidates[best.j...].filter { s.timestamp[Int($0)] <= splitTime + o.window }
        var from: [Int32] = [], to: [Int32] = []
        var seenFrom = Set<Int32>(), seenTo = Set<Int32>()
        for e in gathered where seenFrom.insert(s.source[Int(e)]).inserted { from.append(s.source[Int(e)]) }
        for e in scattered where seenTo.insert(s.target[Int(e)]).inserted { to.append(s.target[Int(e)]) }
        guard from.count >= o.minSources, to.count >= o.minDestinations else { return nil }
        let inSurprise = context.surprise(
            count: from.count, outside: ins - gathered.count, burstDuration: splitTime - first, window: o.window)
        let outSurprise = context.surprise(
            count: to.count, outside: outs.count - scattered.count,
            burstDuration: s.timestamp[Int(scattered.last!)] - s.timestamp[Int(scattered[0])], window: o.window)
        var score = min(inSurprise, outSurprise)
        if score < o.minSurprise {
            score = exclusiveShare(s, counterparties: from + to, edges: gathered + scattered)
            guard score >= o.minExclusiveShare else { return nil }
        }
        return Finding(.gatherScatter, accounts: [Int32(hub)] + from + to, transfers: gathered + scattered, score: score, in: s)
    }

    /// Retry for a burst whose widest split failed: every split time is tried with the gathering
    /// cut to a stretch of at most one `window` ending at it (each start is tried) and the
    /// scattering to the window after it; the split whose counterparties are most often exclusive
    /// to it (at least `minExclusiveShare`; ties to the wider one) is reported, scored by that share.
    ///
    /// A busy hub's routine receipts chain its bursts over weeks (small seed 529276's P00012: a hub
    /// receiving 0.8 payments a day, whose burst ran 40 days), so the widest split lies among
    /// routine counterparties and the burst's start dilutes any split's exclusive share; the
    /// pattern itself (three senders and four receivers that never transfer otherwise, within
    /// five days) is plain once the gathering is cut to its own stretch. Only the exclusive share
    /// is used here: judging every split by its surprise (the multiple testing of many split
    /// times) reported chance splits of ordinary hubs. Counterparties that could be exclusive at
    /// all are counted first (after a hash-free check of each one's first and last transfer time), so
    /// most hubs cost one pass over the burst.
    ///
    /// - Complexity: O(g · w) for g gathering transfers and w of them in one window, when the
    ///   burst has enough possibly exclusive counterparties; O(g + c) otherwise.
    private func windowedSplit(_ s: GraphSnapshot, _ context: PatternContext, hub: Int, gather: [Int32], candidates: [Int32]) -> Finding? {
        let o = options
        let needed = max(1, Int((o.minExclusiveShare * Double(o.minSources + o.minDestinations)).rounded(.up)))
        func degree(_ a: Int32) -> Int { s.outDegree(Int(a)) + s.inDegree(Int(a)) }
        // An exclusive counterparty transfers only inside the burst's time span: checking its first
        // and last transfer (both lists are time-sorted) rules out most accounts without hashing.
        let spanStart = s.timestamp[Int(gather[0])]
        let spanEnd = max(s.timestamp[Int(gather[gather.count - 1])], candidates.last.map { s.timestamp[Int($0)] } ?? spanStart)
        func inSpan(_ a: Int32) -> Bool {
            let out = s.outgoing(Int(a)), slots = s.incomingSlots(Int(a))
            if !out.isEmpty, s.timestamp[out.lowerBound] < spanStart || s.timestamp[out.upperBound - 1] > spanEnd { return false }
            if !slots.isEmpty, context.inTime[slots.lowerBound] < spanStart || context.inTime[slots.upperBound - 1] > spanEnd { return false }
            return true
        }
        var inSpanEdges = 0
        for e in gather where inSpan(s.source[Int(e)]) { inSpanEdges += 1 }
        for e in candidates where inSpan(s.target[Int(e)]) { inSpanEdges += 1 }
        guard inSpanEdges >= needed else { return nil }
        var touches: [Int32: Int] = [:]
        for e in gather { touches[s.source[Int(e)], default: 0] += 1 }
        for e in candidates { touches[s.target[Int(e)], default: 0] += 1 }
        touches[Int32(hub)] = nil
        guard touches.reduce(0, { n, kv in n + (degree(kv.key) == kv.value ? 1 : 0) }) >= needed else { return nil }

        var best: (share: Double, width: Int, lo: Int, g: Int, j: Int, end: Int)? = nil
        var j = 0
        for g in 0..<gather.count {
            let t = s.timestamp[Int(gather[g])]
            if g + 1 < gather.count, s.timestamp[Int(gather[g + 1])] == t { continue }
            while j < candidates.count, s.timestamp[Int(candidates[j])] <= t { j += 1 }
            var end = j
            while end < candidates.count, s.timestamp[Int(candidates[end])] <= t + o.window { end += 1 }
            // The scattering's receivers, then the gathering grown backwards from the split.
            var touch: [Int32: Int] = [:]
            var receivers = Set<Int32>(), senders = Set<Int32>()
            var exclusive = 0
            func add(_ a: Int32) {
                if Int(a) == hub { return }
                let n = touch[a, default: 0] + 1
                touch[a] = n
                if n == degree(a) { exclusive += 1 }
            }
            for e in candidates[j..<end] {
                receivers.insert(s.target[Int(e)])
                add(s.target[Int(e)])
            }
            if receivers.count < o.minDestinations { continue }
            var lo = g
            while lo >= 0, s.timestamp[Int(gather[lo])] > t - o.window {
                senders.insert(s.source[Int(gather[lo])])
                add(s.source[Int(gather[lo])])
                let start = s.timestamp[Int(gather[lo])]
                lo -= 1
                if lo >= 0, s.timestamp[Int(gather[lo])] == start { continue }
                guard senders.count >= o.minSources else { continue }
                let share = Double(exclusive) / Double(touch.count)
                guard share >= o.minExclusiveShare else { continue }
                let width = senders.count + receivers.count
                if best == nil || share > best!.share || (share == best!.share && width > best!.width) {
                    best = (share, width, lo + 1, g, j, end)
                }
            }
        }
        guard let best else { return nil }
        let gathered = Array(gather[best.lo...best.g]), scattered = Array(candidates[best.j..<best.end])
        let from = gathered.map { s.source[Int($0)] }.uniquedInOrder(), to = scattered.map { s.target[Int($0)] }.uniquedInOrder()
        return Finding(.gatherScatter, accounts: [Int32(hub)] + from + to, transfers: gathered + scattered, score: best.share, in: s)
    }

    /// Share of `counterparties` all of whose transfers, over the whole snapshot, are in `edges`.
    private func exclusiveShare(_ s: GraphSnapshot, counterparties: [Int32], edges: [Int32]) -> Double {
        var touches: [Int32: Int] = [:]
        for e in edges {
            touches[s.source[Int(e)], default: 0] += 1
            touches[s.target[Int(e)], default: 0] += 1
        }
        let exclusive = counterparties.filter { a in s.outDegree(Int(a)) + s.inDegree(Int(a)) == touches[a] ?? 0 }
        return Double(exclusive.count) / Double(max(1, counterparties.count))
    }
}
