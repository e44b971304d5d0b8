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
        guard window > 0 else { throw .option("window", "must be > 0 seconds", window) }
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
/// receivers paid only by block senders within the frame are then added back. Busy accounts (more
/// than `maxAccountTransfers` in the frame) are left out, which bounds the work.
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
        let chunks = ParallelChunks(offsets: s.outOffsets, maxChunks: 16)
        let all = chunks.collect(parallel: o.parallel) { range in
            var scanner = BurstScanner(accountCount: s.accountCount)
            var found: [Finding] = []
            for seed in range {
                if s.outDegree(seed) < 2 { continue }
                let outs = s.outgoing(seed).filter { !skip($0, context) }
                let times = outs.map { s.timestamp[$0] }
                let parties = outs.map { s.target[$0] }
                for burst in scanner.bursts(times: times, parties: parties, window: o.window, minDistinct: 2)
                where burst.range.count <= o.maxAccountTransfers {
                    let b = burst.range
                    let frame = TimeWindow(from: times[b.upperBound - 1] - o.window, to: times[b.lowerBound] + o.window + 1)
                    if let f = block(s, context, seed: seed, receivers: Set(parties[b]), frame: frame) { found.append(f) }
                }
            }
            return found
        }
        return PatternContext.dropOverlapping(all)
    }

    private func skip(_ e: Int, _ c: PatternContext) -> Bool { options.ignoreRecurring && c.isRecurring(e, horizon: options.window) }

    /// Eligible in-frame transfers out of `a`, or nil when `a` is too busy in the frame.
    private func sends(_ s: GraphSnapshot, _ c: PatternContext, _ a: Int, _ frame: TimeWindow) -> [Int32]? {
        let r = frame.outgoing(s, a)
        if r.count > options.maxAccountTransfers { return nil }
        return r.filter { !skip($0, c) }.map { Int32($0) }
    }

    private func block(_ s: GraphSnapshot, _ c: PatternContext, seed: Int, receivers: Set<Int32>, frame: TimeWindow) -> Finding? {
        let o = options
        // Senders of the seed's receivers, then all their transfers in the frame.
        var senders = Set([Int32(seed)])
        for r in receivers {
            let slots = frame.incomingSlots(s, Int(r))
            if slots.count > o.maxAccountTransfers { continue }
            for slot in slots where !skip(Int(s.inEdges[slot]), c) { senders.insert(s.source[Int(s.inEdges[slot])]) }
        }
        if senders.count < o.minSenders { return nil }
        var edges: [Int32] = []
        for a in senders.sorted() { edges += sends(s, c, Int(a), frame) ?? [] }
        // Prune over distinct pairs: a receiver stays while two remaining senders pay it, or while
        // it is exclusive (every payment it ever received, not just in the frame, came from a
        // remaining sender: a block's edge receivers are often fresh mules paid once, while an
        // ordinary account has other payers over the snapshot); a sender stays while it pays two
        // remaining receivers, one of them shared. A plain (2,2)-core lost sparse blocks (3 x 3
        // with six transfers); counting receivers exclusive only within the frame let ordinary
        // accounts, paid once in a few days, pad out chance blocks.
        var pairs = Set(edges.map { Pair(s.source[Int($0)], s.target[Int($0)]) })
        // The pruning below only removes pairs, so a sender can end in the core only if it already
        // pays two receivers here, one of them paid by two senders. Checking that first skips the
        // receivers' full payment histories for most seeds (the same answer, sooner).
        if !mayHoldBlock(pairs, seed: Int32(seed)) { return nil }
        var payers: [Int32: Set<Int32>?] = [:]
        for r in Set(pairs.map(\.to)) {
            let slots = s.incomingSlots(Int(r))
            payers[r] = slots.count > o.maxAccountTransfers ? nil : Set(slots.map { s.source[Int(s.inEdges[$0])] })
        }
        var core = pairs.filter { $0.from != $0.to }
        while true {
            var inDeg: [Int32: Int] = [:]
            for p in core { inDeg[p.to, default: 0] += 1 }
            let senders = Set(core.map(\.from))
            let kept = core.filter { p in
                inDeg[p.to]! >= 2 || (payers[p.to].flatMap { $0 }.map { $0.isSubset(of: senders) } ?? false)
            }
            var paid: [Int32: Int] = [:], shared: [Int32: Int] = [:]
            for p in kept {
                paid[p.from, default: 0] += 1
                if inDeg[p.to]! >= 2 { shared[p.from, default: 0] += 1 }
            }
            let next = kept.filter { paid[$0.from]! >= 2 && shared[$0.from, default: 0] >= 1 }
            if next.count == core.count { break }
            core = next
        }
        let blockSenders = Set(core.map(\.from))
        guard blockSenders.contains(Int32(seed)), blockSenders.count >= o.minSenders else { return nil }
        // Receivers paid only by core senders within the frame join the block.
        pairs = pairs.filter { blockSenders.contains($0.from) }
        var blockReceivers = Set(core.map(\.to))
        for r in Set(pairs.map(\.to)) where !blockReceivers.contains(r) && !blockSenders.contains(r) {
            let slots = frame.incomingSlots(s, Int(r))
            if slots.count <= o.maxAccountTransfers, slots.allSatisfy({ blockSenders.contains(s.source[Int(s.inEdges[$0])]) }) {
                blockReceivers.insert(r)
            }
        }
        guard blockReceivers.count >= o.minReceivers else { return nil }
        let blockPairs = pairs.filter { blockReceivers.contains($0.to) }
        let density = Double(blockPairs.count) / Double(blockSenders.count * blockReceivers.count)
        guard density >= o.minDensity else { return nil }
        let blockEdges = edges.filter { blockSenders.contains(s.source[Int($0)]) && blockReceivers.contains(s.target[Int($0)]) }
        let accounts = blockSenders.sorted() + blockReceivers.sorted()
        let share = PatternContext.dedicatedShare(s, accounts: accounts, edges: blockEdges, window: frame)
        guard density * share >= o.minScore else { return nil }
        return Finding(.bipartite, accounts: accounts, transfers: blockEdges, score: density * share, in: s)
    }
}

extension BipartiteDetector {
    /// Whether `seed` and at least `minSenders - 1` other senders each pay two distinct receivers
    /// among `pairs`, one of them paid by two senders: necessary for a core with the seed in it.
    fileprivate func mayHoldBlock(_ pairs: Set<Pair>, seed: Int32) -> Bool {
        var inDeg: [Int32: Int] = [:]
        for p in pairs where p.from != p.to { inDeg[p.to, default: 0] += 1 }
        var paid: [Int32: Int] = [:], shared = Set<Int32>()
        for p in pairs where p.from != p.to {
            paid[p.from, default: 0] += 1
            if inDeg[p.to]! >= 2 { shared.insert(p.from) }
        }
        guard shared.contains(seed), paid[seed]! >= 2 else { return false }
        return shared.lazy.filter { paid[$0]! >= 2 }.count >= options.minSenders
    }
}

/// A sender-receiver pair of a bipartite block.
private struct Pair: Hashable {
    var from: Int32, to: Int32
    init(_ from: Int32, _ to: Int32) { self.from = from; self.to = to }
}
