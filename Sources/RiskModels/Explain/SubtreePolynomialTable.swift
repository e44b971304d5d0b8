// What TreeSHAP needs of every tree, flattened once per model so a row costs one pass down and
// one pass up each tree with short polynomial vectors (Linear TreeSHAP's sharing of work
// between the leaves of a subtree), instead of work per leaf and path feature.

/// Every node and leaf of every tree as an *entry* in depth-first pre-order (a parent before
/// its children, a left child right after its parent), with what the two passes of `accumulate`
/// read. Immutable after `init`.
struct SubtreePolynomialTable: Sendable {
    /// One node or leaf. For the entry `e` reached from node `p` split on feature `i`:
    /// - `zero` is `a`, the product of the cover fractions of the branches taken on `i` from
    ///   the root down to and including `p → e`;
    /// - `prior` is the entry above `e` whose factor for `i` this one replaces (the last split
    ///   on `i` above `p`), -1 when `p` is the first split on `i` of the path;
    /// - the `rebuild` list (only when `prior` ≥ 0) holds the entries whose factors make up the
    ///   polynomial at `p` except `prior`'s, so `e`'s polynomial is rebuilt without dividing;
    /// - the `subtract` list holds the topmost entries below `e` that split on `i` again (their
    ///   leaves take their factor for `i` from there), and `resplits` says that `e` itself
    ///   splits on `i` (then none of its leaves take their factor from `e`).
    /// Entry indices are tree-local.
    struct Entry {
        var zero = 1.0
        /// A leaf's value (0 for a node).
        var value = 0.0
        var threshold: Float = 0
        /// The split feature; -1 for a leaf.
        var feature: Int32 = -1
        /// The parent's split feature (-1 for the root).
        var pathFeature: Int32 = -1
        var parent: Int32 = -1
        /// The right child (the left one is the next entry); -1 for a leaf.
        var right: Int32 = -1
        var prior: Int32 = -1
        var rebuild: (start: Int32, end: Int32) = (0, 0)
        var subtract: (start: Int32, end: Int32) = (0, 0)
        var isRight = false
        var resplits = false
    }

    /// Entries of tree `k` are `entryStart[k] ..< entryStart[k + 1]` (trees with one leaf have
    /// no path and are left out).
    var entryStart: [Int32] = [0]
    var entries: [Entry] = []
    /// Tree-local entry lists (see `Entry`).
    var rebuild: [Int32] = []
    var subtract: [Int32] = []
    /// Per tree: its quadrature rule's first chunk in `points`, `weights`, `coldWeights`, and
    /// its number of chunks (two nodes per chunk; a padding node has weight 0).
    var ruleStart: [Int32] = []
    var ruleChunks: [Int32] = []
    /// Per tree: its quadrature rule's number of nodes (without the padding node).
    var ruleNodes: [Int32] = []
    var points: [SIMD2<Double>] = []
    var weights: [SIMD2<Double>] = []
    /// `weight / (1 − point)`: the integral against `a (1 − t)`, the factor of an unmet branch.
    var coldWeights: [SIMD2<Double>] = []
    /// The most entries of one tree and the most chunks of one rule (scratch sizes).
    var maxEntries = 0
    var maxChunks = 0

    init(_ trees: [RegressionTree]) {
        for tree in trees where tree.nodeCount > 0 { add(tree) }
    }

    var treeCount: Int { entryStart.count - 1 }

    private mutating func add(_ t: RegressionTree) {
        func cover(_ c: Int32) -> Double { c < 0 ? t.leafCover[Int(~c)] : t.nodeCover[Int(c)] }
        var list: [Entry] = []
        var code: [Int32] = []  // entry → tree code (node index or ~leaf)
        var maxDistinct = 0
        // `current` maps a feature to the entry holding its factor on the path to the new entry.
        func visit(_ c: Int32, parent p: Int, right: Bool, current: [Int32: Int]) {
            let e = list.count
            var entry = Entry()
            var current = current
            if p >= 0 {
                let node = Int(code[p]), i = t.feature[node], parentCover = t.nodeCover[node]
                let before = current[i]
                entry.parent = Int32(p)
                entry.isRight = right
                entry.pathFeature = i
                entry.zero = (before.map { list[$0].zero } ?? 1) * (parentCover > 0 ? cover(c) / parentCover : 0)
                if let before {
                    entry.prior = Int32(before)
                    entry.rebuild.start = Int32(rebuild.count)
                    rebuild += current.values.filter { $0 != before }.sorted().map { Int32($0) }
                    entry.rebuild.end = Int32(rebuild.count)
                }
                current[i] = e
            }
            maxDistinct = max(maxDistinct, current.count)
            if c < 0 {
                entry.value = t.leafValue[Int(~c)]
            } else {
                entry.feature = t.feature[Int(c)]
                entry.threshold = t.threshold[Int(c)]
            }
            list.append(entry)
            code.append(c)
            guard c >= 0 else { return }
            visit(t.left[Int(c)], parent: e, right: false, current: current)
            list[e].right = Int32(list.count)
            visit(t.right[Int(c)], parent: e, right: true, current: current)
        }
        visit(0, parent: -1, right: false, current: [:])
        // Below entry e (path feature i), the topmost entries splitting on i.
        for e in list.indices.dropFirst() {
            let i = list[e].pathFeature
            list[e].resplits = list[e].feature == i
            list[e].subtract.start = Int32(subtract.count)
            if list[e].feature >= 0 && list[e].feature != i {
                var stack = [e + 1, Int(list[e].right)]
                while let m = stack.popLast() {
                    if list[m].feature == i {
                        subtract.append(Int32(m))
                    } else if list[m].feature >= 0 {
                        stack += [m + 1, Int(list[m].right)]
                    }
                }
            }
            list[e].subtract.end = Int32(subtract.count)
        }
        // A leaf's polynomial has one factor per distinct path feature; dividing out one factor
        // leaves degree ≤ maxDistinct − 1, which ⌈maxDistinct / 2⌉ Gauss–Legendre nodes
        // integrate exactly.
        let (t0, w0) = GaussLegendre.compute((maxDistinct + 1) / 2)
        let chunks = max(1, (t0.count + 1) / 2)
        ruleStart.append(Int32(points.count))
        ruleChunks.append(Int32(chunks))
        ruleNodes.append(Int32(t0.count))
        for c in 0..<chunks {
            var p = SIMD2<Double>(repeating: 0.5), w = SIMD2<Double>(repeating: 0)
            for lane in 0..<2 where 2 * c + lane < t0.count {
                p[lane] = t0[2 * c + lane]
                w[lane] = w0[2 * c + lane]
            }
            points.append(p)
            weights.append(w)
            coldWeights.append(w / (1 - p))
        }
        entries += list
        entryStart.append(Int32(entries.count))
        maxEntries = max(maxEntries, list.count)
        maxChunks = max(maxChunks, chunks)
    }

    /// Adds every tree's contributions for row `x` to `phi` (indexed by feature).
    ///
    /// Down each tree, entry `e` gets its factor `f_e(t) = a (1 − t) + b t` (`b` whether `x`
    /// meets every condition on the feature along the path) and its polynomial `P_e`, the
    /// product of the path's factors, as values at the rule's nodes. Up the tree, `G_e` sums
    /// `v P_leaf` over the leaves below `e`, and the entry adds
    /// `(b − a) ∫₀¹ (G_e − Σ_subtract G_m) / f_e dt` to its feature: every leaf's term
    /// `v (b − a) ∫ P_leaf / f_e`, added once for all leaves sharing the factor.
    func accumulate(_ x: UnsafeBufferPointer<Float>, into phi: UnsafeMutableBufferPointer<Double>) {
        let stride = max(1, maxEntries * maxChunks)
        withUnsafeTemporaryAllocation(of: SIMD2<Double>.self, capacity: 3 * stride) { buffer in
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: max(1, maxEntries)) { met in
                entries.withUnsafeBufferPointer { entries in
                    rebuild.withUnsafeBufferPointer { rebuild in
                        subtract.withUnsafeBufferPointer { subtract in
                            points.withUnsafeBufferPointer { points in
                                weights.withUnsafeBufferPointer { weights in
                                    coldWeights.withUnsafeBufferPointer { coldWeights in
                                        let base = buffer.baseAddress!
                                        var pass = Pass(
                                            x: x.baseAddress!, phi: phi.baseAddress!, P: base, F: base + stride, G: base + 2 * stride,
                                            met: met.baseAddress!, entries: entries.baseAddress!, rebuild: rebuild.baseAddress,
                                            subtract: subtract.baseAddress, points: points.baseAddress!, weights: weights.baseAddress!,
                                            coldWeights: coldWeights.baseAddress!, count: 0)
                                        for tree in 0..<treeCount {
                                            let r = Int(ruleStart[tree])
                                            pass.entries = entries.baseAddress! + Int(entryStart[tree])
                                            pass.count = Int(entryStart[tree + 1] - entryStart[tree])
                                            pass.points = points.baseAddress! + r
                                            pass.weights = weights.baseAddress! + r
                                            pass.coldWeights = coldWeights.baseAddress! + r
                                            // Rules of up to 8 nodes (paths of up to 16 distinct
                                            // features) get loops of a fixed length.
                                            switch ruleChunks[tree] {
                                            case 1: pass.run(chunks: ChunkCount<One>.self)
                                            case 2: pass.run(chunks: ChunkCount<Two>.self)
                                            case 3: pass.run(chunks: ChunkCount<Three>.self)
                                            case 4: pass.run(chunks: ChunkCount<Four>.self)
                                            default: pass.run(chunks: Int(ruleChunks[tree]))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The two passes over one tree, on raw pointers (the arrays are fixed for the call).
    private struct Pass {
        let x: UnsafePointer<Float>
        let phi: UnsafeMutablePointer<Double>
        /// Per entry, `chunks` values each: path polynomial, factor, subtree sum.
        let P: UnsafeMutablePointer<SIMD2<Double>>
        let F: UnsafeMutablePointer<SIMD2<Double>>
        let G: UnsafeMutablePointer<SIMD2<Double>>
        let met: UnsafeMutablePointer<Bool>
        var entries: UnsafePointer<Entry>
        let rebuild: UnsafePointer<Int32>?
        let subtract: UnsafePointer<Int32>?
        var points: UnsafePointer<SIMD2<Double>>
        var weights: UnsafePointer<SIMD2<Double>>
        var coldWeights: UnsafePointer<SIMD2<Double>>
        var count: Int

        @inline(__always) func run<N: FixedCount>(chunks _: ChunkCount<N>.Type) { run(chunks: N.value) }

        @inline(__always) func run(chunks c: Int) {
            let n = count
            // Down: factors and path polynomials (the root's is 1).
            for k in 0..<c { P[k] = SIMD2(repeating: 1) }
            met[0] = true
            for e in 1..<n {
                let entry = entries[e]
                let p = Int(entry.parent)
                let split = entries[p]
                let goesRight = x[Int(split.feature)] > split.threshold
                let before = Int(entry.prior)
                let b = goesRight == entry.isRight && (before < 0 || met[before])
                met[e] = b
                let a = entry.zero, lift = b ? 1.0 : 0.0
                let fe = F + e * c, pe = P + e * c
                for k in 0..<c {
                    let t = points[k]
                    fe[k] = a * (1 - t) + lift * t
                }
                if before < 0 {
                    let pp = P + p * c
                    for k in 0..<c { pe[k] = pp[k] * fe[k] }
                } else {
                    for k in 0..<c { pe[k] = fe[k] }
                    for j in Int(entry.rebuild.start)..<Int(entry.rebuild.end) {
                        let f = F + Int(rebuild![j]) * c
                        for k in 0..<c { pe[k] *= f[k] }
                    }
                }
            }
            // Up: subtree sums and each entry's share of its feature.
            for e in stride(from: n - 1, through: 0, by: -1) {
                let entry = entries[e]
                let ge = G + e * c
                if entry.feature < 0 {
                    let v = entry.value, pe = P + e * c
                    for k in 0..<c { ge[k] = v * pe[k] }
                } else {
                    let left = G + (e + 1) * c, right = G + Int(entry.right) * c
                    for k in 0..<c { ge[k] = left[k] + right[k] }
                }
                if e == 0 || entry.resplits { continue }
                let a = entry.zero, b = met[e]
                // b − a = 0: nothing to add.
                if b ? a == 1 : a == 0 { continue }
                var sum = SIMD2<Double>(repeating: 0)
                let from = Int(entry.subtract.start), to = Int(entry.subtract.end)
                if b {
                    for k in 0..<c {
                        var h = ge[k]
                        for j in from..<to { h -= G[Int(subtract![j]) * c + k] }
                        let t = points[k]
                        sum += weights[k] * h / (a * (1 - t) + t)
                    }
                } else {
                    for k in 0..<c {
                        var h = ge[k]
                        for j in from..<to { h -= G[Int(subtract![j]) * c + k] }
                        sum += coldWeights[k] * h
                    }
                }
                // Unmet: (0 − a) ∫ H / (a (1 − t)) = −∫ H / (1 − t).
                let total = sum[0] + sum[1]
                phi[Int(entry.pathFeature)] += b ? (1 - a) * total : -total
            }
        }
    }

    /// A rule's number of chunks as a type, so `Pass.run` is compiled once per common size
    /// with loops of constant length.
    private enum ChunkCount<N: FixedCount> {}
    private protocol FixedCount { static var value: Int { get } }
    private enum One: FixedCount { static var value: Int { 1 } }
    private enum Two: FixedCount { static var value: Int { 2 } }
    private enum Three: FixedCount { static var value: Int { 3 } }
    private enum Four: FixedCount { static var value: Int { 4 } }
}
