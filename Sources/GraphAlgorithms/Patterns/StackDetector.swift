// Stack: money moves through successive layers of accounts (layer 1 pays layer 2, which later
// pays layer 3, ...), each layer a group of mules, so the trail fans over many parallel paths.
public import GraphCore

/// Options of `StackDetector`; every default is a named constant.
public struct StackOptions: Sendable, Hashable {
    /// A stack has at least three layers (two hops), IBM's STACK pattern and AMLSim's `stack`.
    public static let defaultMinLayers = 3
    /// Each layer has at least two accounts; with one it would be a chain or a fan.
    public static let defaultMinLayerWidth = 2
    /// All transfers from one layer to the next happen within two days of each other.
    public static let defaultLayerWindow: Int64 = 2 * 86_400
    /// A layer pays on within four days of the last payment it received.
    public static let defaultMaxLayerDelay: Int64 = 4 * 86_400
    /// Bounds the work: layers stop growing past this many.
    public static let defaultMaxLayers = 8
    /// Accounts with more transfers than this in one window are skipped as busy (a stack layer
    /// has a handful of accounts, so its members make a handful of transfers per layer).
    public static let defaultMaxAccountTransfers = 10
    public static let defaultIgnoreRecurring = true
    /// Layers pass on roughly what they received: an onward transfer between half and twice an
    /// incoming one (checked when both share a currency). AMLSim and IBM's generator vary the
    /// amounts of a layer by a few tens of percent and take a small margin per hop.
    public static let defaultMaxAmountRatio = 2.0
    /// The transfers of one hop (layer to layer) are within a factor 1.6 of the hop's median
    /// amount, and a hop's median is within 1.6 of the previous hop's: a stack passes on slices
    /// of one size (the generator varies them by ±20% around one amount, less a fee of 1-5% per hop).
    public static let defaultMaxHopSpread = 1.6
    /// Report stacks whose score (see `StackDetector`) is at least this.
    public static let defaultMinScore = 0.5

    public var minLayers = defaultMinLayers
    public var minLayerWidth = defaultMinLayerWidth
    /// Longest spread of one layer's outgoing transfers; > 0.
    public var layerWindow = defaultLayerWindow
    /// Longest time from a layer's last incoming transfer to its last outgoing one; > 0.
    public var maxLayerDelay = defaultMaxLayerDelay
    public var maxLayers = defaultMaxLayers
    public var maxAccountTransfers = defaultMaxAccountTransfers
    public var ignoreRecurring = defaultIgnoreRecurring
    /// See `defaultMaxAmountRatio`; >= 1.
    public var maxAmountRatio = defaultMaxAmountRatio
    /// See `defaultMaxHopSpread`; >= 1.
    public var maxHopSpread = defaultMaxHopSpread
    /// In 0...1.
    public var minScore = defaultMinScore
    public var parallel = true

    public init(
        minLayers: Int = defaultMinLayers, minLayerWidth: Int = defaultMinLayerWidth, layerWindow: Int64 = defaultLayerWindow,
        maxLayerDelay: Int64 = defaultMaxLayerDelay, maxLayers: Int = defaultMaxLayers, maxAccountTransfers: Int = defaultMaxAccountTransfers,
        ignoreRecurring: Bool = defaultIgnoreRecurring, maxAmountRatio: Double = defaultMaxAmountRatio, maxHopSpread: Double = defaultMaxHopSpread,
        minScore: Double = defaultMinScore,
        parallel: Bool = true
    ) {
        self.maxAmountRatio = maxAmountRatio
        self.maxHopSpread = maxHopSpread
        self.minScore = minScore
        self.minLayers = minLayers
        self.minLayerWidth = minLayerWidth
        self.layerWindow = layerWindow
        self.maxLayerDelay = maxLayerDelay
        self.maxLayers = maxLayers
        self.maxAccountTransfers = maxAccountTransfers
        self.ignoreRecurring = ignoreRecurring
        self.parallel = parallel
    }

    public func validate() throws(AlgorithmError) {
        guard minLayers >= 3 else { throw .option("minLayers", "must be >= 3", minLayers) }
        guard minLayerWidth >= 1 else { throw .option("minLayerWidth", "must be >= 1", minLayerWidth) }
        try TimeWindow.checkLength(layerWindow, option: "layerWindow")
        try TimeWindow.checkLength(maxLayerDelay, option: "maxLayerDelay")
        guard maxLayers >= minLayers else { throw .option("maxLayers", "must be >= minLayers (\(minLayers))", maxLayers) }
        guard maxAccountTransfers >= 1 else { throw .option("maxAccountTransfers", "must be >= 1", maxAccountTransfers) }
        guard maxAmountRatio >= 1 else { throw .option("maxAmountRatio", "must be >= 1", maxAmountRatio) }
        guard maxHopSpread >= 1 else { throw .option("maxHopSpread", "must be >= 1", maxHopSpread) }
        guard (0...1).contains(minScore) else { throw .option("minScore", "must be in 0...1", minScore) }
    }

    /// Whether `onward` plausibly passes on `incoming` (always true across currencies).
    func passesOn(_ s: GraphSnapshot, _ incoming: Int, _ onward: Int) -> Bool {
        guard s.currency[incoming] == s.currency[onward] else { return true }
        let ratio = s.amount[onward] / max(s.amount[incoming], .leastNonzeroMagnitude)
        return ratio <= maxAmountRatio && ratio >= 1 / maxAmountRatio
    }
}

/// Stack (layering) detection: layers L1, L2, ..., Lk (k >= `minLayers`), each of at least
/// `minLayerWidth` accounts, where every transfer from L(i) to L(i+1) happens after every
/// transfer from L(i-1) to L(i), within `maxLayerDelay`, and each layer's transfers lie within
/// `layerWindow`. Every account of a middle layer passes money on, and the layers pass on slices
/// of one size: each onward transfer is within `maxAmountRatio` of one its sender received, each
/// hop's transfers are within `maxHopSpread` of the hop's median and each hop's median within
/// `maxHopSpread` of the previous hop's (same-currency transfers only).
///
/// Follows the STACK pattern of IBM's AML data generator (Altman et al., NeurIPS 2023,
/// https://arxiv.org/abs/2306.16424) and AMLSim's `stack` typology (https://github.com/IBM/AMLSim).
///
/// Seeds are each account's groups of outgoing transfers whose receivers pay on; the first
/// layer is closed twice under "also pays the second layer in the same window" and, when layer 2
/// is thinner than `minLayerWidth`, under "pays a layer-2 sibling", an account that pays the same layer-3 receivers in the same band
/// (so a first hop that splits into parallel chains joined downstream is one stack), and once
/// more under siblings when layer 1 is still the seed alone; later layers are the receivers of
/// the previous one's onward payments. A layer that would end the stack short of `minLayers` is
/// retried with each onward payment matched to one receipt it follows within `maxLayerDelay`
/// (a mule's unrelated later income must not hide what it already passed on). The hops are then cut at
/// the first one whose amounts do not continue the previous one's, off-size transfers are
/// dropped and the layers rebuilt so that middle-layer accounts still receive and pay on.
/// Busy accounts (more than `maxAccountTransfers` in a window) and recurring pairs are skipped,
/// and the same stack found from several seeds is reported once (the largest).
///
/// Options and defaults (`StackOptions`): `minLayers` 3, `minLayerWidth` 2, `layerWindow` 2 days,
/// `maxLayerDelay` 4 days, `maxLayers` 8, `maxAccountTransfers` 10, `ignoreRecurring` true,
/// `maxAmountRatio` 2, `maxHopSpread` 1.6, `minScore` 0.5.
///
/// **Score**: the share of the stack accounts' transfers, over the stack's time span widened by
/// `layerWindow`, that are stack transfers (`PatternContext.share`); when that is under
/// `minScore`, the larger of it and the same share with the last layer's busy accounts left out
/// (most of their transfers there are not stack transfers), if `minLayerWidth` others remain: a
/// stack that cashes out at a hub paid by hundreds in the same days scored near 0.
///
/// - Complexity: O(E · c³) time in the worst case for c = `maxAccountTransfers` (the sibling
///   step looks at c onward transfers of each of c layer-2 accounts, c co-payers each); O(c²)
///   memory per seed.
public struct StackDetector: Sendable {
    public var options: StackOptions

    public init(options: StackOptions = StackOptions()) { self.options = options }

    public func detect(_ s: GraphSnapshot) throws(AlgorithmError) -> [Finding] {
        try detect(s, context: PatternContext(s, parallel: options.parallel))
    }

    public func detect(_ s: GraphSnapshot, context: PatternContext) throws(AlgorithmError) -> [Finding] {
        try options.validate()
        let o = options
        // Many small chunks: workers pull them as they go, so busy regions spread over the cores.
        let chunks = ParallelChunks(offsets: s.outOffsets, maxChunks: 256)
        let all = chunks.collect(parallel: o.parallel, until: context.deadline, state: { Scratch(accountCount: s.accountCount) }) { scratch, range in
            var found: [Finding] = []
            var outs: [Int] = []
            for seed in range {
                outs.removeAll(keepingCapacity: true)
                for e in s.outgoing(seed) where !skip(e, context) { outs.append(e) }
                var i = 0
                while i < outs.count {
                    // One seed group: transfers within `layerWindow` of the group's first.
                    var j = i + 1
                    while j < outs.count, s.timestamp[outs[j]] - s.timestamp[outs[i]] < o.layerWindow { j += 1 }
                    if j - i <= o.maxAccountTransfers, outs[i..<j].contains(where: { forwards(s, context, $0) }),
                        let f = grow(s, context, seed: seed, group: outs[i..<j].map { Int32($0) }, &scratch)
                    {
                        found.append(f)
                    }
                    i = j
                }
            }
            return found
        }
        return PatternContext.dropOverlapping(all)
    }

    /// One worker's reusable sets (see `AccountMarks`): a seed's search builds several small
    /// account sets, and hashing them was most of the detector's time.
    struct Scratch {
        var first, second, members, receivers, forwarding: AccountMarks
        var sent: [Int32] = []

        init(accountCount: Int) {
            first = AccountMarks(accountCount: accountCount)
            second = first
            members = first
            receivers = first
            forwarding = first
        }
    }

    private func skip(_ e: Int, _ c: PatternContext) -> Bool {
        options.ignoreRecurring && c.isRecurring(e, horizon: options.layerWindow + options.maxLayerDelay)
    }

    /// Appends to `out` the eligible transfers out of `a` in `window`, none when `a` is busy there.
    private func sends(_ s: GraphSnapshot, _ c: PatternContext, _ a: Int32, _ window: TimeWindow, into out: inout [Int32]) {
        let r = window.outgoing(s, Int(a))
        if r.count > options.maxAccountTransfers { return }
        for e in r where !skip(e, c) { out.append(Int32(e)) }
    }

    /// Whether the receiver of `e` pays someone on within the layer delay (cheap seed filter).
    private func forwards(_ s: GraphSnapshot, _ c: PatternContext, _ e: Int) -> Bool {
        // `sends(...).contains { passesOn }` without building the array: this runs for every
        // transfer of every seed group.
        let t = s.timestamp[e]
        let onward = TimeWindow(from: t + 1, to: t + options.layerWindow + options.maxLayerDelay + 1).outgoing(s, Int(s.target[e]))
        if onward.count > options.maxAccountTransfers { return false }
        return onward.contains { !skip($0, c) && options.passesOn(s, e, $0) }
    }

    private func grow(_ s: GraphSnapshot, _ c: PatternContext, seed: Int, group: [Int32], _ x: inout Scratch) -> Finding? {
        let o = options
        let t0 = s.timestamp[Int(group[0])]
        let frame = TimeWindow(from: t0 - o.layerWindow, to: t0 + o.layerWindow)
        // Layer 1 and its transfers to layer 2, closed twice under co-senders in the frame.
        x.first.clear()
        x.first.insert(Int32(seed))
        var hop = group
        for _ in 0..<2 {
            x.second.clear()
            for e in hop { x.second.insert(s.target[Int(e)]) }
            // Siblings are looked for only when layer 2 is too thin on its own (keeps seeds cheap).
            if x.second.count < o.minLayerWidth { addSiblingPayers(s, c, frame: frame, &x) }
            hop = closeFirstLayer(s, c, frame: frame, &x)
        }
        if x.first.count < o.minLayerWidth {
            // Layer 1 is the seed alone but layer 2 is wide: the other layer-1 accounts may pay
            // layer-2 accounts that meet the seed's receivers only downstream, in layer 3 (siblings,
            // as above). Looked for only here, where the seed would otherwise be given up, so
            // stacks found without this step stay as they were.
            x.second.clear()
            for e in hop { x.second.insert(s.target[Int(e)]) }
            guard x.second.count >= o.minLayerWidth else { return nil }
            addSiblingPayers(s, c, frame: frame, &x)
            // Layer 1 only shrinks from here on and must keep `minLayerWidth` accounts.
            if x.first.count < o.minLayerWidth { return nil }
            x.sent.removeAll(keepingCapacity: true)
            for a in x.first.sorted() { sends(s, c, a, frame, into: &x.sent) }
            x.second.clear()
            for e in x.sent where !x.first.contains(s.target[Int(e)]) { x.second.insert(s.target[Int(e)]) }
            hop = closeFirstLayer(s, c, frame: frame, &x)
        }
        var layers: [[Int32]] = [x.first.sorted()]
        var hops: [[Int32]] = []
        x.members.assign(x.first)
        var onward: [Int32] = []
        while layers.count < o.maxLayers {
            x.receivers.clear()
            for e in hop where !x.members.contains(s.target[Int(e)]) { x.receivers.insert(s.target[Int(e)]) }
            hop = hop.filter { x.receivers.contains(s.target[Int($0)]) }
            guard x.receivers.count >= o.minLayerWidth, !hop.isEmpty else { break }
            hops.append(hop)
            let receivers = x.receivers.sorted()
            layers.append(receivers)
            for r in receivers { x.members.insert(r) }
            var passed = passOn(s, c, hop: &hop, receivers: receivers, relaxed: false, &x, into: &onward)
            if !passed && layers.count < o.minLayers {
                // The stack would end too short. Retry with each onward payment matched to one
                // receipt it follows within the delay, and the receipts nobody passes on left out:
                // a layer account's unrelated later income (common for existing customers used as
                // mules) pushed its last receipt past the payments it had already passed on.
                var matched = hop
                if passOn(s, c, hop: &matched, receivers: receivers, relaxed: true, &x, into: &onward) {
                    hops[hops.count - 1] = matched
                    passed = true
                }
            }
            if !passed { break }
            layers[layers.count - 1] = layers[layers.count - 1].filter { x.forwarding.contains($0) }
            hops[hops.count - 1] = hops[hops.count - 1].filter { x.forwarding.contains(s.target[Int($0)]) }
            hop = onward
        }
        guard layers.count >= o.minLayers, layers.allSatisfy({ $0.count >= o.minLayerWidth }) else { return nil }
        // Layer 1 keeps only accounts that pay the (possibly pruned) second layer.
        layers[0] = layers[0].filter { a in hops[0].contains { s.source[Int($0)] == a } }
        guard layers[0].count >= o.minLayerWidth else { return nil }
        guard let consistent = consistentLayers(s, hops) else { return nil }
        layers = consistent.layers
        hops = consistent.hops
        let edges = hops.flatMap { $0 }
        let times = edges.map { s.timestamp[Int($0)] }
        let span = TimeWindow(from: times.min()! - o.layerWindow, to: times.max()! + o.layerWindow)
        let accounts = layers.flatMap { $0 }
        var score = PatternContext.share(s, accounts: accounts, edges: edges.count, window: span)
        if score < o.minScore, let exits = shareWithoutBusyExits(s, lastLayer: layers[layers.count - 1], accounts: accounts, edges: edges, window: span) {
            score = max(score, exits)
        }
        guard score >= o.minScore else { return nil }
        return Finding(.stack, accounts: accounts, transfers: edges, score: score, in: s)
    }

    /// The pooled share (`PatternContext.share`) with the last layer's busy accounts left out (those
    /// whose transfers in `window` are mostly not stack transfers), or nil when none is busy or
    /// fewer than `minLayerWidth` others remain there. A stack often cashes out at a busy account
    /// (an exchange, a merchant, a hub paid by hundreds in the same days) that swamps the pooled
    /// share; only the last layer is let off, since a busy account inside the stack must pass the
    /// money on and is part of what makes a chance stack of ordinary accounts.
    private func shareWithoutBusyExits(
        _ s: GraphSnapshot, lastLayer: [Int32], accounts: [Int32], edges: [Int32], window: TimeWindow
    ) -> Double? {
        var ends: [Int32: Int] = [:]  // stack transfers per account
        for e in edges {
            ends[s.source[Int(e)], default: 0] += 1
            ends[s.target[Int(e)], default: 0] += 1
        }
        @inline(__always) func total(_ a: Int32) -> Int { window.outgoing(s, Int(a)).count + window.incomingSlots(s, Int(a)).count }
        let busy = Set(lastLayer.filter { 2 * (ends[$0] ?? 0) < total($0) })
        guard !busy.isEmpty, lastLayer.count - busy.count >= options.minLayerWidth else { return nil }
        var inStack = 0, all = 0
        for a in accounts where !busy.contains(a) {
            inStack += ends[a] ?? 0
            all += total(a)
        }
        return all == 0 ? nil : Double(inStack) / Double(all)
    }

    /// One closure step of layer 1: the co-senders of layer 2 (`x.second`) in the frame join
    /// `x.first`; returns layer 1's eligible transfers in the frame to accounts outside it.
    private func closeFirstLayer(_ s: GraphSnapshot, _ c: PatternContext, frame: TimeWindow, _ x: inout Scratch) -> [Int32] {
        for r in x.second.members {
            let slots = c.incomingSlots(s, Int(r), in: frame)
            if slots.count > options.maxAccountTransfers { continue }
            for slot in slots where !skip(Int(s.inEdges[slot]), c) { x.first.insert(c.inSender[slot]) }
        }
        x.sent.removeAll(keepingCapacity: true)
        for a in x.first.sorted() { sends(s, c, a, frame, into: &x.sent) }
        return x.sent.filter { !x.first.contains(s.target[Int($0)]) }
    }

    /// The newest layer's (`receivers`, paid by `hop`) onward payments into `onward`, and the
    /// members that pass money on into `x.forwarding`; whether at least `minLayerWidth` do.
    ///
    /// Each member's onward payments come after its receipts, within the delay, and each passes on
    /// (`passesOn`) one the member received; all lie within `layerWindow` of the earliest, and the
    /// next layer's transfers all come after this layer's (times increase by layer). Strict: the
    /// delay runs from the member's last receipt (measured per member so that unrelated receivers
    /// of a busy sender cannot push the band later). Relaxed: each onward payment needs one receipt
    /// it follows within the delay, and receipts that no onward payment passes on leave `hop`.
    private func passOn(
        _ s: GraphSnapshot, _ c: PatternContext, hop: inout [Int32], receivers: [Int32], relaxed: Bool, _ x: inout Scratch,
        into onward: inout [Int32]
    ) -> Bool {
        let o = options
        @inline(__always) func follows(_ g: Int32, _ e: Int32) -> Bool {
            let tg = s.timestamp[Int(g)], te = s.timestamp[Int(e)]
            return tg < te && te <= tg + o.maxLayerDelay && o.passesOn(s, Int(g), Int(e))
        }
        onward.removeAll(keepingCapacity: true)
        for a in receivers {
            var firstIn = Int64.max, lastIn = Int64.min
            for e in hop where s.target[Int(e)] == a {
                firstIn = min(firstIn, s.timestamp[Int(e)])
                lastIn = max(lastIn, s.timestamp[Int(e)])
            }
            x.sent.removeAll(keepingCapacity: true)
            sends(s, c, a, TimeWindow(from: (relaxed ? firstIn : lastIn) + 1, to: lastIn + o.maxLayerDelay + 1), into: &x.sent)
            for e in x.sent where !x.members.contains(s.target[Int(e)]) {
                let ok = relaxed
                    ? hop.contains { s.target[Int($0)] == a && follows($0, e) }
                    : hop.contains { s.target[Int($0)] == a && o.passesOn(s, Int($0), Int(e)) }
                if ok { onward.append(e) }
            }
        }
        guard let firstOut = onward.lazy.map({ s.timestamp[Int($0)] }).min() else { return false }
        onward.removeAll { s.timestamp[Int($0)] >= firstOut + o.layerWindow }
        // Only the members that pass money on stay in a middle layer.
        x.forwarding.clear()
        for e in onward { x.forwarding.insert(s.source[Int(e)]) }
        if relaxed {
            let passed = onward
            hop.removeAll { g in
                let a = s.target[Int(g)]
                return x.forwarding.contains(a) && !passed.contains { s.source[Int($0)] == a && follows(g, $0) }
            }
        }
        var lastIn = Int64.min
        for e in hop where x.forwarding.contains(s.target[Int(e)]) { lastIn = max(lastIn, s.timestamp[Int(e)]) }
        if lastIn == .min { lastIn = .max }
        onward.removeAll { s.timestamp[Int($0)] <= lastIn }
        x.forwarding.clear()
        for e in onward { x.forwarding.insert(s.source[Int(e)]) }
        return x.forwarding.count >= o.minLayerWidth
    }

    /// Layer 2 need not be connected within the first hop (two layer-1 accounts may each pay a
    /// different layer-2 account); its members are joined by paying the same layer-3 accounts.
    /// So the accounts that pay a layer-3 receiver of `second` in the same band, and that were
    /// paid in `frame` an amount they pass on, are layer-2 siblings: their payers join `first`.
    private func addSiblingPayers(_ s: GraphSnapshot, _ c: PatternContext, frame: TimeWindow, _ x: inout Scratch) {
        let o = options
        for r in x.second.sorted() {
            x.sent.removeAll(keepingCapacity: true)
            sends(s, c, r, TimeWindow(from: frame.from + 1, to: frame.to + o.maxLayerDelay + 1), into: &x.sent)
            for e in x.sent {
                let receiver = Int(s.target[Int(e)]), t = s.timestamp[Int(e)]
                let band = c.incomingSlots(s, receiver, in: TimeWindow(from: t - o.layerWindow, to: t + o.layerWindow))
                if band.count > o.maxAccountTransfers { continue }
                for slot in band {
                    let f = Int(s.inEdges[slot])
                    let b = c.inSender[slot]
                    if b == r || x.second.contains(b) || x.first.contains(b) || skip(f, c) { continue }
                    let paid = c.incomingSlots(s, Int(b), in: frame)
                    if paid.count > o.maxAccountTransfers { continue }
                    for g in paid.lazy.map({ Int(s.inEdges[$0]) })
                    where !skip(g, c) && s.timestamp[g] < s.timestamp[f] && o.passesOn(s, g, f) {
                        x.first.insert(s.source[g])
                    }
                }
            }
        }
    }

    /// The longest prefix of `hops` whose amounts are consistent, with its layers, or nil when
    /// fewer than `minLayers` layers of `minLayerWidth` remain.
    ///
    /// A stack hands the same slices of money on: the transfers of one hop are of similar size,
    /// and the next hop's transfers are about as large (less a fee). Each hop keeps the transfers
    /// within `maxHopSpread` of its median (per currency: only the hop's most common currency is
    /// compared; others are kept), a hop whose median moves by more than `maxHopSpread` from the
    /// previous one's ends the stack, and the layers are then rebuilt so that every middle-layer
    /// account still both receives and pays on.
    private func consistentLayers(_ s: GraphSnapshot, _ hops: [[Int32]]) -> (layers: [[Int32]], hops: [[Int32]])? {
        let o = options
        var kept: [[Int32]] = []
        var previous: (currency: UInt8, median: Double)?
        for hop in hops where !hop.isEmpty {
            var perCurrency: [UInt8: Int] = [:]
            for e in hop { perCurrency[s.currency[Int(e)], default: 0] += 1 }
            let currency = perCurrency.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key
            let amounts = hop.filter { s.currency[Int($0)] == currency }.map { s.amount[Int($0)] }.sorted()
            let median = amounts[amounts.count / 2]
            if let p = previous, p.currency == currency, !within(median / p.median, o.maxHopSpread) { break }
            kept.append(hop.filter { s.currency[Int($0)] != currency || within(s.amount[Int($0)] / median, o.maxHopSpread) })
            previous = (currency, median)
        }
        // Middle-layer accounts must both receive (from the hop before) and pay on (in the hop after).
        var changed = true
        while changed && kept.count >= o.minLayers - 1 {
            changed = false
            for k in kept.indices {
                let before = kept[k].count
                let payers = k > 0 ? Set(kept[k - 1].map { s.target[Int($0)] }) : nil
                let payees = k + 1 < kept.count ? Set(kept[k + 1].map { s.source[Int($0)] }) : nil
                kept[k] = kept[k].filter { e in
                    (payers?.contains(s.source[Int(e)]) ?? true) && (payees?.contains(s.target[Int(e)]) ?? true)
                }
                changed = changed || kept[k].count != before
            }
            // A hop that became too thin ends the stack there.
            if let thin = kept.firstIndex(where: { Set($0.map { s.target[Int($0)] }).count < o.minLayerWidth
                || Set($0.map { s.source[Int($0)] }).count < o.minLayerWidth }) {
                kept.removeSubrange(thin...)
                changed = true
            }
        }
        guard kept.count >= o.minLayers - 1 else { return nil }
        var layers = [Array(Set(kept[0].map { s.source[Int($0)] })).sorted()]
        for hop in kept { layers.append(Array(Set(hop.map { s.target[Int($0)] })).sorted()) }
        return (layers, kept)
    }

    @inline(__always) private func within(_ ratio: Double, _ bound: Double) -> Bool { ratio <= bound && ratio >= 1 / bound }
}
