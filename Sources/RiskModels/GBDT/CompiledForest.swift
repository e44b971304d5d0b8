// Batch scoring of a boosted forest: each row's features become small integer ranks once, then
// 8-byte nodes are walked tree by tree over blocks of rows that stay in the first-level cache.
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
/// A model this layout cannot hold (more than 255 thresholds on one feature, more than 32,767
/// nodes in a tree, a NaN threshold from a hand-made file) scores by walking the float trees.
///
/// - Complexity: per row O(U log T) to rank (U used features, T thresholds per feature) plus
///   O(Σ path length) to walk; memory 8 bytes per node, 8 per leaf, U bytes per row of a block.
struct CompiledForest: Sendable {
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
    private(set) var nodes: [Node] = []
    private(set) var leaves: [Double] = []
    /// Per tree: first node and first leaf (a tree without nodes is its one leaf).
    private(set) var nodeStart: [Int] = []
    private(set) var leafStart: [Int] = []
    private(set) var nodeCounts: [Int] = []
    /// False when the trees do not fit the layout; `trees` then score directly.
    let compiled: Bool
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
    }

    /// Adds every tree's output to `out[r]` for the rows of the `matrix` values in `rows`,
    /// blocks on up to `threads` workers (0 = all cores).
    func accumulate(rows count: Int, x: UnsafePointer<Float>, columns width: Int, into out: UnsafeMutablePointer<Double>, threads: Int) {
        let blocks = (count + Self.blockRows - 1) / Self.blockRows
        let shared = UncheckedSendable((x, out))
        let run: @Sendable (Int) -> Void = { b in
            let (x, out) = shared.value
            let lo = b * Self.blockRows
            self.accumulate(block: lo..<min(count, lo + Self.blockRows), x: x, columns: width, into: out)
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

    private func accumulate(block: Range<Int>, x: UnsafePointer<Float>, columns width: Int, into out: UnsafeMutablePointer<Double>) {
        guard compiled else {
            for r in block {
                let row = x + r * width
                for t in trees { out[r] += t.leafValue[t.leaf(row)] }
            }
            return
        }
        let u = columns.count
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, block.count * u)) { ranks in
            rank(block: block, x: x, columns: width, into: ranks.baseAddress!)
            walk(block: block, ranks: ranks.baseAddress!, into: out)
        }
    }

    /// Ranks of the block's rows, row-major, one byte per used feature.
    @inline(__always)
    private func rank(block: Range<Int>, x: UnsafePointer<Float>, columns width: Int, into ranks: UnsafeMutablePointer<UInt8>) {
        let u = columns.count
        columns.withUnsafeBufferPointer { cols in
            thresholdStart.withUnsafeBufferPointer { starts in
                thresholds.withUnsafeBufferPointer { ts in
                    for (i, r) in block.enumerated() {
                        let row = x + r * width
                        let dst = ranks + i * u
                        for f in 0..<u {
                            let v = row[cols[f]]
                            // Lower bound: the number of thresholds below v (NaN compares false: 0).
                            var lo = starts[f], len = starts[f + 1] - lo
                            let base = lo
                            while len > 0 {
                                let half = len >> 1
                                if ts[lo + half] < v {
                                    lo += half + 1
                                    len -= half + 1
                                } else {
                                    len = half
                                }
                            }
                            dst[f] = UInt8(truncatingIfNeeded: lo - base)
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private func walk(block: Range<Int>, ranks: UnsafePointer<UInt8>, into out: UnsafeMutablePointer<Double>) {
        let u = columns.count
        nodes.withUnsafeBufferPointer { allNodes in
            leaves.withUnsafeBufferPointer { allLeaves in
                for t in 0..<nodeStart.count {
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
