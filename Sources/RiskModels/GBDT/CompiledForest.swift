// Batch scoring of a boosted forest: each row's features become small integer ranks once, then
// the trees are evaluated tree by tree over blocks of rows that stay in the first-level cache,
// by an AVX-512 kernel where the CPU has one, else by walking 8-byte nodes.
import CForestKernels
import Dispatch

/// The trees of a `GBDTModel` compiled for batch scoring.
///
/// **Ranks instead of floats.** Every split is `x > t` for one of the few thresholds the model
/// uses on that feature. Sorting those thresholds per feature, a row's value becomes its rank
/// `r(x) = #{t : t < x}` (0 for NaN, which always goes left), and the node on the `j`-th
/// threshold sends the row right exactly when `r(x) > j`. A block of rows is ranked once (one
/// short binary search per used feature, independent across features), after which a row is one
/// byte per used feature and a node is 8 bytes (feature, threshold rank, two tree-local child
/// indices): a 31-leaf tree is 240 bytes, so the block's rows and the current tree stay in L1.
///
/// **Walk.** For each block of `blockRows` rows, tree by tree, eight rows walk the tree in
/// lockstep: one walk is a chain of dependent loads (node → rank → next node), and eight
/// independent chains keep the core busy while each load is in flight. Blocks run on all cores.
/// Each row adds the trees' leaves in tree order from the base score, as `GBDTModel.margin`
/// does, so batch and single-row margins are identical for any thread count.
///
/// **Vector kernel.** On CPUs with AVX-512 (F, BW, VBMI), when the trees use at most 64
/// features, runs of consecutive trees with at most 32 leaves (the default 31-leaf trees) are
/// scored without walking: two trees at a time, one byte permute gathers the rank of every
/// node's feature, one byte compare gives all 64 node outcomes, and each tree's leaf is the one
/// whose root path (nodes on it, directions taken) agrees with those bits (`CForestKernels`).
/// The work per row and tree is a fixed dozen instructions with no chain of dependent loads.
/// Larger trees in between are walked. Both paths pick the same leaves and add them in tree
/// order, so margins are bit-identical whichever runs (`Kernel.walk` forces the walk).
///
/// A model this layout cannot hold (more than 255 thresholds on one feature, more than 32,767
/// nodes in a tree, a NaN threshold from a hand-made file) scores by walking the float trees.
///
/// - Complexity: per row O(U log T) to rank (U used features, T thresholds per feature) plus
///   O(Σ path length) to walk, or O(trees) vector steps; memory 8 bytes per node, 8 per leaf,
///   U (kernel: 64) bytes per row of a block, and 320 bytes per tree in the kernel's layout.
struct CompiledForest: Sendable {
    /// How batch scoring evaluates the trees.
    enum Kernel: Sendable {
        /// The vector kernel where the CPU and the model allow it, else the walk.
        case automatic
        /// Always the portable walk (for comparisons and tests).
        case walk
    }

    /// Runs of trees in the order they are added: pairs of small trees for the vector kernel,
    /// or trees to walk.
    enum Segment: Sendable, Equatable {
        case pairs(Range<Int>)
        case trees(Range<Int>)
    }

    /// The trees in the layout of `amlgraph_forest_accumulate_avx512` (see CForestKernels.h).
    struct VectorPlan: Sendable {
        var nodeFeature: [UInt8] = []
        var nodeThreshold: [UInt8] = []
        var pathMask: [UInt32] = []
        var pathBits: [UInt32] = []
        var leafOffset: [Int32] = []
        var segments: [Segment] = []
    }

    /// Whether this CPU runs the vector kernel.
    static let vectorKernelAvailable = amlgraph_forest_avx512_available() != 0

    struct Node {
        var feature: UInt16
        var rank: UInt8
        var unused: UInt8 = 0
        /// `>= 0`: a node of the same tree; `< 0`: leaf `~child` of the same tree.
        var left: Int16
        var right: Int16
    }

    static let blockRows = 256
    private static let lanes = 8

    /// Model columns the trees split on; a node's `feature` indexes this list.
    private(set) var columns: [Int] = []
    /// Sorted distinct thresholds of used feature `u`: `thresholds[thresholdStart[u]..<thresholdStart[u + 1]]`.
    private(set) var thresholdStart: [Int] = [0]
    private(set) var thresholds: [Float] = []
    /// `columns` and `thresholdStart` as the C ranking routine takes them.
    private var rankColumns: [Int32] = []
    private var rankStarts: [Int32] = []
    private(set) var nodes: [Node] = []
    private(set) var leaves: [Double] = []
    /// Per tree: first node and first leaf (a tree without nodes is its one leaf).
    private(set) var nodeStart: [Int] = []
    private(set) var leafStart: [Int] = []
    private(set) var nodeCounts: [Int] = []
    /// False when the trees do not fit the layout; `trees` then score directly.
    let compiled: Bool
    /// The vector kernel's layout; nil when the model or the CPU cannot use it.
    private(set) var vector: VectorPlan?
    private let trees: [RegressionTree]

    init(_ trees: [RegressionTree]) {
        self.trees = trees
        var used: [Int: [Float]] = [:]
        var fits = true
        for t in trees {
            if t.nodeCount > Int(Int16.max) || t.leafCount > Int(Int16.max) { fits = false }
            for k in 0..<t.nodeCount {
                if t.threshold[k].isNaN { fits = false }
                used[Int(t.feature[k]), default: []].append(t.threshold[k])
            }
        }
        let features = used.keys.sorted()
        var compact: [Int: (index: Int, sorted: [Float])] = [:]
        for f in features {
            let sorted = Array(Set(used[f]!.filter { !$0.isNaN })).sorted()
            if sorted.count > 255 || features.count > Int(UInt16.max) { fits = false }
            compact[f] = (columns.count, sorted)
            columns.append(f)
            thresholds += sorted
            thresholdStart.append(thresholds.count)
        }
        compiled = fits
        guard fits else { return }
        rankColumns = columns.map { Int32($0) }
        rankStarts = thresholdStart.map { Int32($0) }
        for t in trees {
            nodeStart.append(nodes.count)
            leafStart.append(leaves.count)
            nodeCounts.append(t.nodeCount)
            for k in 0..<t.nodeCount {
                let (index, sorted) = compact[Int(t.feature[k])]!
                let rank = sorted.firstIndex(of: t.threshold[k])!
                nodes.append(Node(feature: UInt16(index), rank: UInt8(rank), left: Int16(t.left[k]), right: Int16(t.right[k])))
            }
            leaves += t.leafValue
        }
        if Self.vectorKernelAvailable && columns.count <= Int(AMLGRAPH_FOREST_RANK_STRIDE) { vector = makeVectorPlan() }
    }

    /// Pairs up consecutive trees of at most 32 leaves; larger trees become walked segments.
    private func makeVectorPlan() -> VectorPlan {
        var plan = VectorPlan()
        var pairCount = 0
        var t = 0
        let fits = { (t: Int) in self.nodeCounts[t] < 32 }  // at most 31 nodes, 32 leaves
        while t < trees.count {
            if !fits(t) {
                let start = t
                while t < trees.count && !fits(t) { t += 1 }
                plan.segments.append(.trees(start..<t))
                continue
            }
            let firstPair = pairCount
            while t < trees.count && fits(t) {
                let second = t + 1 < trees.count && fits(t + 1)
                appendPair(&plan, first: t, second: second ? t + 1 : nil)
                pairCount += 1
                t += second ? 2 : 1
            }
            plan.segments.append(.pairs(firstPair..<pairCount))
        }
        return plan
    }

    /// Appends one pair record: node slots 0-31 and leaf slots 0-31 for `first`, 32-63 for `second`.
    private func appendPair(_ plan: inout VectorPlan, first: Int, second: Int?) {
        var feature = [UInt8](repeating: 0, count: 64)
        var threshold = [UInt8](repeating: 255, count: 64)
        var mask = [UInt32](repeating: 0, count: 64)
        var bits = [UInt32](repeating: .max, count: 64)
        for (half, t) in [first, second].enumerated() {
            guard let t else {
                plan.leafOffset.append(-1)
                continue
            }
            for k in 0..<nodeCounts[t] {
                let n = nodes[nodeStart[t] + k]
                feature[32 * half + k] = UInt8(n.feature)
                threshold[32 * half + k] = n.rank
            }
            // Every leaf's root path: the nodes on it (mask) and where it went right (bits).
            if nodeCounts[t] == 0 {
                mask[32 * half] = 0
                bits[32 * half] = 0
            } else {
                var stack: [(node: Int, mask: UInt32, bits: UInt32)] = [(0, 0, 0)]
                while let top = stack.popLast() {
                    let (k, m, b) = top
                    let n = nodes[nodeStart[t] + k]
                    for (child, right) in [(Int(n.left), false), (Int(n.right), true)] {
                        let cm = m | 1 << k, cb = right ? b | 1 << k : b
                        if child < 0 {
                            mask[32 * half + ~child] = cm
                            bits[32 * half + ~child] = cb
                        } else {
                            stack.append((child, cm, cb))
                        }
                    }
                }
            }
            plan.leafOffset.append(Int32(leafStart[t]))
        }
        plan.nodeFeature += feature
        plan.nodeThreshold += threshold
        plan.pathMask += mask
        plan.pathBits += bits
    }

    /// Adds every tree's output to `out[r]` for the rows of the `matrix` values in `rows`,
    /// blocks on up to `threads` workers (0 = all cores).
    func accumulate(rows count: Int, x: UnsafePointer<Float>, columns width: Int, into out: UnsafeMutablePointer<Double>, threads: Int,
                    kernel: Kernel = .automatic) {
        let blocks = (count + Self.blockRows - 1) / Self.blockRows
        let shared = UncheckedSendable((x, out))
        let run: @Sendable (Int) -> Void = { b in
            let (x, out) = shared.value
            let lo = b * Self.blockRows
            self.accumulate(block: lo..<min(count, lo + Self.blockRows), x: x, columns: width, into: out, kernel: kernel)
        }
        if threads == 1 || blocks < 2 {
            for b in 0..<blocks { run(b) }
            return
        }
        // A few blocks per work item keep dispatch overhead small and cores evenly loaded.
        let group = 4
        DispatchQueue.concurrentPerform(iterations: (blocks + group - 1) / group) { g in
            for b in (g * group)..<min(blocks, (g + 1) * group) { run(b) }
        }
    }

    private func accumulate(block: Range<Int>, x: UnsafePointer<Float>, columns width: Int, into out: UnsafeMutablePointer<Double>,
                            kernel: Kernel) {
        guard compiled else {
            for r in block {
                let row = x + r * width
                for t in trees { out[r] += t.leafValue[t.leaf(row)] }
            }
            return
        }
        let plan = kernel == .automatic ? vector : nil
        // The kernel reads 64 bytes per row; the walk only the used features.
        let stride = plan == nil ? columns.count : Int(AMLGRAPH_FOREST_RANK_STRIDE)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, block.count * stride)) { ranks in
            let ranks = ranks.baseAddress!
            if stride > columns.count { ranks.update(repeating: 0, count: block.count * stride) }
            rank(block: block, x: x, columns: width, into: ranks, stride: stride)
            guard let plan else {
                walk(trees: 0..<nodeStart.count, block: block, ranks: ranks, stride: stride, into: out)
                return
            }
            for segment in plan.segments {
                switch segment {
                case .trees(let range):
                    walk(trees: range, block: block, ranks: ranks, stride: stride, into: out)
                case .pairs(let range):
                    plan.nodeFeature.withUnsafeBufferPointer { nf in
                        plan.nodeThreshold.withUnsafeBufferPointer { nt in
                            plan.pathMask.withUnsafeBufferPointer { pm in
                                plan.pathBits.withUnsafeBufferPointer { pb in
                                    plan.leafOffset.withUnsafeBufferPointer { lo in
                                        leaves.withUnsafeBufferPointer { lv in
                                            let p = range.lowerBound
                                            amlgraph_forest_accumulate_avx512(
                                                range.count, nf.baseAddress! + 64 * p, nt.baseAddress! + 64 * p, pm.baseAddress! + 64 * p,
                                                pb.baseAddress! + 64 * p, lo.baseAddress! + 2 * p, lv.baseAddress!, ranks, block.count,
                                                out + block.lowerBound)
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

    /// Ranks of the block's rows, row-major, one byte per used feature, rows `stride` bytes apart
    /// (`amlgraph_forest_rank`, a branch-free search per used feature).
    @inline(__always)
    private func rank(block: Range<Int>, x: UnsafePointer<Float>, columns width: Int, into ranks: UnsafeMutablePointer<UInt8>, stride: Int) {
        rankColumns.withUnsafeBufferPointer { cols in
            rankStarts.withUnsafeBufferPointer { starts in
                thresholds.withUnsafeBufferPointer { ts in
                    amlgraph_forest_rank(
                        x + block.lowerBound * width, width, block.count, cols.baseAddress!, cols.count, starts.baseAddress!, ts.baseAddress!,
                        ranks, stride)
                }
            }
        }
    }

    /// Walks `trees` for the block's rows (ranks `stride` bytes apart), adding their leaves.
    @inline(__always)
    private func walk(trees: Range<Int>, block: Range<Int>, ranks: UnsafePointer<UInt8>, stride u: Int, into out: UnsafeMutablePointer<Double>) {
        nodes.withUnsafeBufferPointer { allNodes in
            leaves.withUnsafeBufferPointer { allLeaves in
                for t in trees {
                    let tn = allNodes.baseAddress! + nodeStart[t]
                    let tl = allLeaves.baseAddress! + leafStart[t]
                    if nodeCounts[t] == 0 {
                        for r in block { out[r] += tl[0] }
                        continue
                    }
                    // One step of a walk, branch-free: a finished walk (a leaf, < 0) stays put.
                    @inline(__always) func step(_ c: Int, _ row: UnsafePointer<UInt8>) -> Int {
                        let n = tn[max(c, 0)]
                        let next = Int(row[Int(n.feature)] > n.rank ? n.right : n.left)
                        return c < 0 ? c : next
                    }
                    var i = 0
                    while i + Self.lanes <= block.count {
                        let r0 = ranks + i * u
                        let r1 = r0 + u, r2 = r1 + u, r3 = r2 + u, r4 = r3 + u, r5 = r4 + u, r6 = r5 + u, r7 = r6 + u
                        var c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0
                        // All eight walks are done when every cursor is a leaf (sign bit set).
                        while (c0 & c1 & c2 & c3 & c4 & c5 & c6 & c7) >= 0 {
                            c0 = step(c0, r0)
                            c1 = step(c1, r1)
                            c2 = step(c2, r2)
                            c3 = step(c3, r3)
                            c4 = step(c4, r4)
                            c5 = step(c5, r5)
                            c6 = step(c6, r6)
                            c7 = step(c7, r7)
                        }
                        let o = out + block.lowerBound + i
                        o[0] += tl[~c0]
                        o[1] += tl[~c1]
                        o[2] += tl[~c2]
                        o[3] += tl[~c3]
                        o[4] += tl[~c4]
                        o[5] += tl[~c5]
                        o[6] += tl[~c6]
                        o[7] += tl[~c7]
                        i += Self.lanes
                    }
                    while i < block.count {
                        var c = 0
                        while c >= 0 { c = step(c, ranks + i * u) }
                        out[block.lowerBound + i] += tl[~c]
                        i += 1
                    }
                }
            }
        }
    }

    /// Mean number of nodes a row passes per tree over `rows` rows of `x` (for benchmarks: the
    /// walk's cost is proportional to it).
    func meanPathLength(rows: Int, x: UnsafePointer<Float>, columns width: Int) -> Double {
        guard rows > 0, !trees.isEmpty else { return 0 }
        var total = 0
        for r in 0..<rows {
            let row = x + r * width
            for t in trees where t.nodeCount > 0 {
                var n = 0
                while true {
                    total += 1
                    let c = row[Int(t.feature[n])] > t.threshold[n] ? t.right[n] : t.left[n]
                    if c < 0 { break }
                    n = Int(c)
                }
            }
        }
        return Double(total) / Double(rows * trees.count)
    }
}
