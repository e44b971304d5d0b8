// Bipartite: a group of senders each paying several of a group of receivers within days, a
// dense block that spreads money over many paths at once.
public import GraphCore

/// Options of `BipartiteDetector`; every default is a named constant.
public struct BipartiteOptions: Sendable, Hashable {
    /// IBM's BIPARTITE pattern and AMLSim's `bipartite` typology use a few senders and receivers;
    /// 3 x 3 is the smallest block that is not a pair of fans.
    public static let defaultMinSenders = 3
    public static let defaultMinReceivers = 3
    /// The block's transfers happen within three days of each other.
    public static let defaultWindow: Int64 = 3 * 86_400
    /// At least half of all sender-receiver pairs of the block transfer.
    public static let defaultMinDensity = 0.5
    /// Accounts with more transfers than this inside one window are skipped as busy; this
    /// bounds the work per seed to c^3 transfers.
    public static let defaultMaxAccountTransfers = 24
    public static let defaultIgnoreRecurring = true
    /// Report blocks whose score (see `BipartiteDetector`) is at least this.
    public static let defaultMinScore = 0.5

    public var minSenders = defaultMinSenders
    public var minReceivers = defaultMinReceivers
    /// Longest time between any two transfers of one block; > 0.
    public var window = defaultWindow
    /// Paying pairs / (senders x receivers); in (0, 1].
    public var minDensity = defaultMinDensity
    /// Work bound (see `defaultMaxAccountTransfers`); >= 2.
    public var maxAccountTransfers = defaultMaxAccountTransfers
    /// Ignore transfers between standing counterparties (see `FanOutOptions.ignoreRecurring`).
    public var ignoreRecurring = defaultIgnoreRecurring
    /// In 0...1.
    public var minScore = defaultMinScore
    public var parallel = true

    public init(
        minSenders: Int = defaultMinSenders, minReceivers: Int = defaultMinReceivers, window: Int64 = defaultWindow,
        minDensity: Double = defaultMinDensity, maxAccountTransfers: Int = defaultMaxAccountTransfers,
        ignoreRecurring: Bool = defaultIgnoreRecurring, minScore: Double = defaultMinScore, parallel: Bool = true
    ) {
        self.minScore = minScore
        self.minSenders = minSenders
        self.minReceivers = minReceivers
        self.window = window
        self.minDensity = minDensity
        self.maxAccountTransfers = maxAccountTransfers
        self.ignoreRecurring = ignoreRecurring
        self.parallel = parallel
    }

    public func validate() throws(AlgorithmError) {
        guard minSenders >= 2 else { throw .option("minSenders", "must be >= 2", minSenders) }
        guard minReceivers >= 2 else { throw .option("minReceivers", "must be >= 2", minReceivers) }
        try TimeWindow.checkLength(window, option: "window")
        guard minDensity > 0, minDensity <= 1 else { throw .option("minDensity", "must be in (0,1]", minDensity) }
        guard maxAccountTransfers >= 2 else { throw .option("maxAccountTransfers", "must be >= 2", maxAccountTransfers) }
        guard (0...1).contains(minScore) else { throw .option("minScore", "must be in 0...1", minScore) }
    }
}

/// Bipartite-block detection: senders S and receivers R, `|S| >= minSenders`,
/// `|R| >= minReceivers`, every transfer within `window`, density (paying pairs / |S||R|) at
/// least `minDensity`.
///
/// Follows the BIPARTITE pattern of IBM's AML data generator (Altman et al., NeurIPS 2023,
/// https://arxiv.org/abs/2306.16424) and AMLSim (https://github.com/IBM/AMLSim).
///
/// Each sender seeds a search over each of its bursts (two or more receivers within `window`):
/// the local graph holds the burst's receivers, every other sender paying them in the time
/// frame, and those senders' receivers. It is pruned until every sender pays >= 2 block
/// receivers, one of them shared, and every receiver is paid by >= 2 block senders or has only
/// ever been paid by block senders (a block's edge receivers are often fresh mules paid once);
/// receivers paid only by block senders within the frame are then added back (unless that
/// dilutes the block below `minDensity` or `minScore`, when the core alone is scored). Busy
/// accounts (more than `maxAccountTransfers` in the frame) are left out, which bounds the work;
/// when that loses the block, it is tried again with each busy sender's payments to the seed's
/// receivers only (existing customers used as senders are often busy). A block that fails the
/// bars is pruned and scored once more without its senders not dedicated to it (fewer than half
/// of their transfers in the frame are block payments): an ordinary business paying two block
/// receivers in the same days otherwise drags its own payees in and the score under the bar.
///
/// **Score**: density times the share of block accounts dedicated to the block in the frame (at
/// least half of their transfers there are block transfers, `PatternContext.dedicatedShare`).
///
/// - Complexity: O(V · c³) worst case for c = `maxAccountTransfers`, O(E log d) in practice.
public struct BipartiteDetector: Sendable {
    public var options: BipartiteOptions

    public init(options: BipartiteOptions = BipartiteOptions()) { self.options = options }

    public func detect(_ s: GraphSnapshot) throws(AlgorithmError) -> [Finding] {
        try detect(s, context: PatternContext(s, parallel: options.parallel))
    }

    public func detect(_ s: GraphSnapshot, context: PatternContext) throws(AlgorithmError) -> [Finding] {
        try options.validate()
        let o = options
        // Many small chunks: workers pull them as they go, so busy regions spread over the cores.
        let chunks = ParallelChunks(offsets: s.outOffsets, maxChunks: 256)
        let all = chunks.collect(parallel: o.parallel, until: context.deadline, state: { Scratch(accountCount: s.accountCount) }) { x, range in
            var found: [Finding] = []
            for seed in range {
                if s.outDegree(seed) < 2 { continue }
                x.times.removeAll(keepingCapacity: true)
                x.parties.removeAll(keepingCapacity: true)
                for e in s.outgoing(seed) where !skip(e, context) {
                    x.times.append(s.timestamp[e])
                    x.parties.append(s.target[e])
                }
                for burst in x.scanner.bursts(times: x.times, parties: x.parties, window: o.window, minDistinct: 2)
                where burst.range.count <= o.maxAccountTransfers {
                    let b = burst.range
                    let frame = TimeWindow(from: x.times[b.upperBound - 1] - o.window, to: x.times[b.lowerBound] + o.window + 1)
                    if let f = block(s, context, seed: seed, receivers: b, frame: frame, busySenders: false, &x) {
                        found.append(f)
                    } else if x.sawBusySender, let f = block(s, context, seed: seed, receivers: b, frame: frame, busySenders: true, &x) {
                        // A block sender may be a busy existing customer (the generator reuses
                        // some): with only its payments to the seed's receivers, the block holds.
                        found.append(f)
                    }
                }
            }
            return found
        }
        return PatternContext.dropOverlapping(all)
    }

    /// One worker's reusable buffers (see `AccountMarks`): each seed's search builds a handful of
    /// small account sets and counters, and hashing them was most of the detector's time.
    struct Scratch {
        var scanner: BurstScanner
        var times: [Int64] = [], parties: [Int32] = []
        var edges: [Int32] = []
        /// The seed burst's distinct receivers that are not busy in the frame.
        var burstReceivers: [Int32] = []
        /// Whether a sender of the last `block` call was too busy to list all its transfers.
        var sawBusySender = false
        /// Distinct (sender, receiver) pairs, packed as `sender << 32 | receiver`, ascending.
        var pairs: [UInt64] = [], core: [UInt64] = [], kept: [UInt64] = []
        var seen, senders, coreSenders, blockReceivers, devoted: AccountMarks
        var inDeg, paid, shared: AccountCounts

        init(accountCount: Int) {
            scanner = BurstScanner(accountCount: accountCount)
            seen = AccountMarks(accountCount: accountCount)
            senders = seen
            coreSenders = seen
            blockReceivers = seen
            devoted = seen
            inDeg = AccountCounts(accountCount: accountCount)
            paid = inDeg
            shared = inDeg
        }
    }

    private func skip(_ e: Int, _ c: PatternContext) -> Bool { options.ignoreRecurring && c.isRecurring(e, horizon: options.window) }

    /// Appends `a`'s eligible in-frame transfers to `out`; false (appending nothing) when `a` is too busy in the frame.
    @discardableResult
    private func sends(_ s: GraphSnapshot, _ c: PatternContext, _ a: Int, _ frame: TimeWindow, into out: inout [Int32]) -> Bool {
        let r = frame.outgoing(s, a)
        if r.count > options.maxAccountTransfers { return false }
        for e in r where !skip(e, c) { out.append(Int32(e)) }
        return true
    }

    @inline(__always) private static func from(_ p: UInt64) -> Int32 { Int32(truncatingIfNeeded: p >> 32) }
    @inline(__always) private static func to(_ p: UInt64) -> Int32 { Int32(truncatingIfNeeded: p) }

    /// Whether every payment `r` ever received (not just in the frame) came from `senders`; false
    /// when `r` has more than `maxAccountTransfers` payments in all.
    private func exclusive(_ s: GraphSnapshot, _ c: PatternContext, _ r: Int32, to senders: AccountMarks) -> Bool {
        let slots = s.incomingSlots(Int(r))
        if slots.count > options.maxAccountTransfers { return false }
        return slots.allSatisfy { senders.contains(c.inSender[$0]) }
    }

    /// The block around `seed`'s burst (`receivers`: indices into `x.parties`) in `frame`, or nil.
    /// A sender too busy in the frame contributes nothing, or with `busySenders` its payments to
    /// the burst's receivers (sets `x.sawBusySender` when there was one).
    private func block(
        _ s: GraphSnapshot, _ c: PatternContext, seed: Int, receivers: Range<Int>, frame: TimeWindow, busySenders: Bool, _ x: inout Scratch
    ) -> Finding? {
        let o = options
        // Senders of the seed's receivers, then all their transfers in the frame.
        x.senders.clear()
        x.senders.insert(Int32(seed))
        x.seen.clear()
        x.burstReceivers.removeAll(keepingCapacity: true)
        x.sawBusySender = false
        for i in receivers where x.seen.insert(x.parties[i]) {
            let slots = c.incomingSlots(s, Int(x.parties[i]), in: frame)
            if slots.count > o.maxAccountTransfers { continue }
            x.burstReceivers.append(x.parties[i])
            for slot in slots where !skip(Int(s.inEdges[slot]), c) { x.senders.insert(c.inSender[slot]) }
        }
        if x.senders.count < o.minSenders { return nil }
        x.edges.removeAll(keepingCapacity: true)
        for a in x.senders.sorted() where !sends(s, c, Int(a), frame, into: &x.edges) {
            x.sawBusySender = true
            guard busySenders else { continue }
            for r in x.burstReceivers {
                for slot in c.incomingSlots(s, Int(r), in: frame) where c.inSender[slot] == a && !skip(Int(s.inEdges[slot]), c) {
                    x.edges.append(s.inEdges[slot])
                }
            }
        }
        // Prune over distinct pairs: a receiver stays while two remaining senders pay it, or while
        // it is exclusive (every payment it ever received, not just in the frame, came from a
        // remaining sender: a block's edge receivers are often fresh mules paid once, while an
        // ordinary account has other payers over the snapshot); a sender stays while it pays two
        // remaining receivers, one of them shared. A plain (2,2)-core lost sparse blocks (3 x 3
        // with six transfers); counting receivers exclusive only within the frame let ordinary
        // accounts, paid once in a few days, pad out chance blocks.
        x.pairs.removeAll(keepingCapacity: true)
        for e in x.edges {
            x.pairs.append(UInt64(UInt32(bitPattern: s.source[Int(e)])) << 32 | UInt64(UInt32(bitPattern: s.target[Int(e)])))
        }
        x.pairs.sort()
        x.pairs.removeDuplicatesFromSorted()
        // The pruning below only removes pairs, so a sender can end in the core only if it already
        // pays two receivers here, one of them paid by two senders. Checking that first skips the
        // receivers' full payment histories for most seeds (the same answer, sooner).
        if !mayHoldBlock(seed: Int32(seed), &x) { return nil }
        x.core.removeAll(keepingCapacity: true)
        for p in x.pairs where Self.from(p) != Self.to(p) { x.core.append(p) }
        pruneCore(s, c, &x)
        guard x.coreSenders.contains(Int32(seed)), x.coreSenders.count >= o.minSenders else { return nil }
        if let f = scoredBlock(s, c, frame: frame, &x) { return f }
        if let f = withoutUndedicatedSenders(s, c, seed: seed, frame: frame, &x) { return f }
        return withDevotedSendersReceivers(s, c, seed: seed, frame: frame, &x)
    }

    /// Retry of a block that failed the bars, without its senders not dedicated to the core.
    private func withoutUndedicatedSenders(_ s: GraphSnapshot, _ c: PatternContext, seed: Int, frame: TimeWindow, _ x: inout Scratch) -> Finding? {
        let o = options
        // The block failed the bars: a core sender may be an ordinary business whose payments in
        // the frame happen to reach two block receivers (and accounts other senders pay once),
        // padding the block with accounts that do not belong. Without the senders that are not
        // dedicated to the core (fewer than half of their transfers in the frame are core
        // payments) the block is pruned and scored again. Runs only where the block failed, so
        // every block found without it stays as it was.
        x.paid.clear()
        for e in x.edges where x.coreSenders.contains(s.source[Int(e)]) {
            let p = UInt64(UInt32(bitPattern: s.source[Int(e)])) << 32 | UInt64(UInt32(bitPattern: s.target[Int(e)]))
            if x.core.contains(p) { x.paid.add(s.source[Int(e)]) }
        }
        x.seen.clear()  // the senders to drop
        for a in x.coreSenders.members {
            let total = frame.outgoing(s, Int(a)).count + c.incomingSlots(s, Int(a), in: frame).count
            if 2 * Int(x.paid[a]) < total { x.seen.insert(a) }
        }
        guard !x.seen.isEmpty, !x.seen.contains(Int32(seed)) else { return nil }
        let dropped = x.seen
        x.core.removeAll { dropped.contains(Self.from($0)) }
        pruneCore(s, c, &x)
        guard x.coreSenders.contains(Int32(seed)), x.coreSenders.count >= o.minSenders else { return nil }
        return scoredBlock(s, c, frame: frame, &x)
    }

    /// Last retry of a block that failed the bars: the core is pruned again from all pairs, and a
    /// receiver paid by one core sender also stays when that sender is *devoted* (every transfer
    /// it ever made or received is one of its payments in this frame: it exists only to pay
    /// these receivers). A block's receiver may be a busy existing account paid by one block
    /// sender (medium seed 381507's P00092: 3 senders x 3 receivers, one receiver with 65
    /// transfers, paid once by a sender whose three transfers are all block payments); the
    /// exclusive rule drops it and leaves 3 x 2, under `minReceivers`. A busy account's payers
    /// are not unusual for it by rate (one payment), so the sender's devotion is the signal.
    private func withDevotedSendersReceivers(_ s: GraphSnapshot, _ c: PatternContext, seed: Int, frame: TimeWindow, _ x: inout Scratch) -> Finding? {
        let o = options
        x.paid.clear()
        for e in x.edges { x.paid.add(s.source[Int(e)]) }
        x.devoted.clear()
        for a in x.senders.members where x.paid[a] == s.outDegree(Int(a)) + s.inDegree(Int(a)) { x.devoted.insert(a) }
        guard !x.devoted.isEmpty else { return nil }
        x.pairs.removeAll(keepingCapacity: true)
        for e in x.edges {
            x.pairs.append(UInt64(UInt32(bitPattern: s.source[Int(e)])) << 32 | UInt64(UInt32(bitPattern: s.target[Int(e)])))
        }
        x.pairs.sort()
        x.pairs.removeDuplicatesFromSorted()
        x.core.removeAll(keepingCapacity: true)
        for p in x.pairs where Self.from(p) != Self.to(p) { x.core.append(p) }
        pruneCore(s, c, admitDevoted: true, &x)
        guard x.coreSenders.contains(Int32(seed)), x.coreSenders.count >= o.minSenders else { return nil }
        return scoredBlock(s, c, frame: frame, &x)
    }

    /// Prunes `x.core` (distinct pairs) until every receiver is paid by two remaining senders or
    /// is exclusive to them, and every sender pays two remaining receivers, one of them shared;
    /// leaves the remaining senders in `x.coreSenders`.
    /// With `admitDevoted`, a pair whose sender is in `x.devoted` also keeps its receiver.
    private func pruneCore(_ s: GraphSnapshot, _ c: PatternContext, admitDevoted: Bool = false, _ x: inout Scratch) {
        while true {
            x.inDeg.clear()
            x.coreSenders.clear()
            for p in x.core {
                x.inDeg.add(Self.to(p))
                x.coreSenders.insert(Self.from(p))
            }
            x.kept.removeAll(keepingCapacity: true)
            for p in x.core
            where x.inDeg[Self.to(p)] >= 2 || (admitDevoted && x.devoted.contains(Self.from(p))) || exclusive(s, c, Self.to(p), to: x.coreSenders) {
                x.kept.append(p)
            }
            x.paid.clear()
            x.shared.clear()
            for p in x.kept {
                x.paid.add(Self.from(p))
                if x.inDeg[Self.to(p)] >= 2 { x.shared.add(Self.from(p)) }
            }
            let before = x.core.count
            x.core.removeAll(keepingCapacity: true)
            for p in x.kept where x.paid[Self.from(p)] >= 2 && x.shared[Self.from(p)] >= 1 { x.core.append(p) }
            if x.core.count == before { break }
        }
        // The last round removed nothing, so `coreSenders` holds exactly the core's senders.
    }

    /// The block of the core (`x.core`, senders `x.coreSenders`) with the receivers paid only by
    /// core senders within the frame added, or the core alone when those dilute it; nil when
    /// neither passes the bars of `finding`.
    private func scoredBlock(_ s: GraphSnapshot, _ c: PatternContext, frame: TimeWindow, _ x: inout Scratch) -> Finding? {
        let o = options
        let coreSenders = x.coreSenders
        x.pairs.removeAll { !coreSenders.contains(Self.from($0)) }
        x.blockReceivers.clear()
        for p in x.core { x.blockReceivers.insert(Self.to(p)) }
        let coreReceivers = x.blockReceivers.count
        x.seen.clear()
        for p in x.pairs {
            let r = Self.to(p)
            guard x.seen.insert(r), !x.blockReceivers.contains(r), !x.coreSenders.contains(r) else { continue }
            let slots = c.incomingSlots(s, Int(r), in: frame)
            if slots.count <= o.maxAccountTransfers, slots.allSatisfy({ x.coreSenders.contains(c.inSender[$0]) }) {
                x.blockReceivers.insert(r)
            }
        }
        if let f = finding(s, frame: frame, &x) { return f }
        guard x.blockReceivers.count > coreReceivers else { return nil }
        // The added receivers diluted the block below the density or score bar: they can be
        // one-off payments of the senders' ordinary business in the frame. The core alone.
        x.blockReceivers.clear()
        for p in x.core { x.blockReceivers.insert(Self.to(p)) }
        return finding(s, frame: frame, &x)
    }

    /// The block of `x.coreSenders` and `x.blockReceivers` (pairs in `x.pairs`, transfers in
    /// `x.edges`) when it is big, dense and dedicated enough.
    private func finding(_ s: GraphSnapshot, frame: TimeWindow, _ x: inout Scratch) -> Finding? {
        let o = options
        guard x.blockReceivers.count >= o.minReceivers else { return nil }
        var blockPairs = 0
        for p in x.pairs where x.blockReceivers.contains(Self.to(p)) { blockPairs += 1 }
        let density = Double(blockPairs) / Double(x.coreSenders.count * x.blockReceivers.count)
        guard density >= o.minDensity else { return nil }
        let blockEdges = x.edges.filter { x.coreSenders.contains(s.source[Int($0)]) && x.blockReceivers.contains(s.target[Int($0)]) }
        let accounts = x.coreSenders.sorted() + x.blockReceivers.sorted()
        let share = PatternContext.dedicatedShare(s, accounts: accounts, edges: blockEdges, window: frame)
        guard density * share >= o.minScore else { return nil }
        return Finding(.bipartite, accounts: accounts, transfers: blockEdges, score: density * share, in: s)
    }
}

extension BipartiteDetector {
    /// Whether `seed` and at least `minSenders - 1` other senders each pay two distinct receivers
    /// among `x.pairs`, one of them paid by two senders: necessary for a core with the seed in it.
    fileprivate func mayHoldBlock(seed: Int32, _ x: inout Scratch) -> Bool {
        x.inDeg.clear()
        for p in x.pairs where Self.from(p) != Self.to(p) { x.inDeg.add(Self.to(p)) }
        x.paid.clear()
        x.seen.clear()  // the senders paying a shared receiver
        for p in x.pairs where Self.from(p) != Self.to(p) {
            x.paid.add(Self.from(p))
            if x.inDeg[Self.to(p)] >= 2 { x.seen.insert(Self.from(p)) }
        }
        guard x.seen.contains(seed), x.paid[seed] >= 2 else { return false }
        var enough = 0
        for a in x.seen.members where x.paid[a] >= 2 { enough += 1 }
        return enough >= options.minSenders
    }
}
