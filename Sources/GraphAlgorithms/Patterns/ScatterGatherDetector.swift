// Scatter-gather: a source splits money over several intermediaries that all pass it on to one
// sink, a classic layering shape that breaks the direct source-to-sink link.
public import GraphCore

/// Options of `ScatterGatherDetector`; every default is a named constant.
public struct ScatterGatherOptions: Sendable, Hashable {
    /// IBM's generator and AMLSim both plant scatter-gathers through several intermediaries;
    /// three is the smallest number that is not just two parallel paths.
    public static let defaultMinIntermediaries = 3
    /// A week from each scatter transfer to its gather transfer (IBM's attempts complete in days).
    public static let defaultWindow: Int64 = 7 * 86_400
    /// AMLSim's typologies keep a margin at each hop; an intermediary forwarding between 80% and
    /// 100% (+1% rounding) of what it received "passes the money on".
    public static let defaultMaxHopLoss = 0.2
    /// Intermediaries sending more than this many transfers in one window are busy accounts, not
    /// pass-through mules; skipping them bounds the work per scatter transfer.
    public static let defaultMaxIntermediaryTransfers = 32
    public static let defaultIgnoreRecurring = true

    /// Distinct intermediaries between one source and one sink; >= 2.
    public var minIntermediaries = defaultMinIntermediaries
    /// Longest time from a scatter transfer to the gather transfer that forwards it; > 0.
    public var window = defaultWindow
    /// Largest fraction an intermediary may keep, checked when both transfers share a currency
    /// (nil: amounts are not compared); in 0..<1.
    public var maxHopLoss: Double? = defaultMaxHopLoss
    /// Work bound, see `defaultMaxIntermediaryTransfers`; >= 1.
    public var maxIntermediaryTransfers = defaultMaxIntermediaryTransfers
    /// Ignore transfers between standing counterparties (see `FanOutOptions.ignoreRecurring`).
    public var ignoreRecurring = defaultIgnoreRecurring
    public var parallel = true

    public init(
        minIntermediaries: Int = defaultMinIntermediaries, window: Int64 = defaultWindow, maxHopLoss: Double? = defaultMaxHopLoss,
        maxIntermediaryTransfers: Int = defaultMaxIntermediaryTransfers, ignoreRecurring: Bool = defaultIgnoreRecurring, parallel: Bool = true
    ) {
        self.minIntermediaries = minIntermediaries
        self.window = window
        self.maxHopLoss = maxHopLoss
        self.maxIntermediaryTransfers = maxIntermediaryTransfers
        self.ignoreRecurring = ignoreRecurring
        self.parallel = parallel
    }

    public func validate() throws(AlgorithmError) {
        guard minIntermediaries >= 2 else { throw .option("minIntermediaries", "must be >= 2", minIntermediaries) }
        try TimeWindow.checkLength(window, option: "window")
        if let loss = maxHopLoss, !(loss >= 0 && loss < 1) { throw .option("maxHopLoss", "must be in 0..<1", loss) }
        guard maxIntermediaryTransfers >= 1 else { throw .option("maxIntermediaryTransfers", "must be >= 1", maxIntermediaryTransfers) }
    }

    /// Whether `forwarded` is a plausible onward payment of `received` (same currency only).
    func passesOn(_ s: GraphSnapshot, received e1: Int, forwarded e2: Int) -> Bool {
        guard let loss = maxHopLoss, s.currency[e1] == s.currency[e2] else { return true }
        let a = s.amount[e1], b = s.amount[e2]
        return b >= (1 - loss) * a && b <= 1.01 * a
    }
}

/// Scatter-gather detection: a source pays at least `minIntermediaries` distinct accounts, each
/// of which pays the same sink *after* receiving, within `window` of its own receipt.
///
/// Follows the SCATTER-GATHER pattern of IBM's AML data generator (Altman et al., NeurIPS
/// 2023, https://arxiv.org/abs/2306.16424) and AMLSim's `scatter_gather` typology
/// (https://github.com/IBM/AMLSim), including AMLSim's per-hop margin (`maxHopLoss`).
///
/// **Score**: the mean *dedication* of the intermediaries: 2 divided by the number of transfers
/// the intermediary made or received within `window` around its two pattern transfers, so
/// mules that exist only to pass the money on score 1 and busy accounts near 0.
///
/// **Finding**: accounts = source, intermediaries, sink; transfers = both hops of each path.
///
/// - Complexity: O(E · c · log d) time, c = `maxIntermediaryTransfers`; O(d) memory per source.
public struct ScatterGatherDetector: Sendable {
    public var options: ScatterGatherOptions

    public init(options: ScatterGatherOptions = ScatterGatherOptions()) { self.options = options }

    public func detect(_ s: GraphSnapshot) throws(AlgorithmError) -> [Finding] {
        try detect(s, context: PatternContext(s, parallel: options.parallel))
    }

    public func detect(_ s: GraphSnapshot, context: PatternContext) throws(AlgorithmError) -> [Finding] {
        try options.validate()
        let o = options
        let chunks = ParallelChunks(offsets: s.outOffsets, maxChunks: 16)
        return chunks.collect(parallel: o.parallel, until: context.deadline) { range in
            var found: [Finding] = []
            // (sink, intermediary, scatter edge, gather edge) for the current source.
            var paths: [(d: Int32, m: Int32, e1: Int32, e2: Int32)] = []
            for src in range {
                if s.outDegree(src) < o.minIntermediaries { continue }
                paths.removeAll(keepingCapacity: true)
                for e1 in s.outgoing(src) {
                    if o.ignoreRecurring && context.isRecurring(e1, horizon: o.window) { continue }
                    let m = Int(s.target[e1])
                    if m == src { continue }
                    let t1 = s.timestamp[e1]
                    let onward = TimeWindow(from: t1 + 1, to: t1 + o.window + 1).outgoing(s, m)
                    if onward.count > o.maxIntermediaryTransfers { continue }
                    for e2 in onward {
                        let d = s.target[e2]
                        guard Int(d) != src, Int(d) != m, !(o.ignoreRecurring && context.isRecurring(e2, horizon: o.window)),
                            o.passesOn(s, received: e1, forwarded: e2)
                        else { continue }
                        paths.append((d, Int32(m), Int32(e1), Int32(e2)))
                    }
                }
                if paths.count < o.minIntermediaries { continue }
                paths.sort { ($0.d, $0.m, $0.e1, $0.e2) < ($1.d, $1.m, $1.e1, $1.e2) }
                var i = 0
                while i < paths.count {
                    var j = i
                    var middles: [Int32] = []
                    while j < paths.count, paths[j].d == paths[i].d {
                        if middles.last != paths[j].m { middles.append(paths[j].m) }
                        j += 1
                    }
                    if middles.count >= o.minIntermediaries {
                        let group = paths[i..<j]
                        let edges = Array(Set(group.flatMap { [$0.e1, $0.e2] }))
                        let score = middles.reduce(0.0) { acc, m in acc + dedication(s, Int(m), group) } / Double(middles.count)
                        found.append(Finding(.scatterGather, accounts: [Int32(src)] + middles + [paths[i].d], transfers: edges, score: score, in: s))
                    }
                    i = j
                }
            }
            return found
        }
    }

    /// 2 / (transfers of `m` within `window` of its first pattern transfer), capped at 1.
    private func dedication(_ s: GraphSnapshot, _ m: Int, _ group: ArraySlice<(d: Int32, m: Int32, e1: Int32, e2: Int32)>) -> Double {
        guard let p = group.first(where: { $0.m == Int32(m) }) else { return 0 }
        let t = s.timestamp[Int(p.e1)]
        let w = TimeWindow(from: t - options.window, to: t + options.window)
        let busy = w.outgoing(s, m).count + w.incomingSlots(s, m).count
        return min(1, 2 / Double(max(1, busy)))
    }
}
