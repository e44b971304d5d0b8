// Grows one regression tree on binned data from gradients and hessians: histogram split
// finding, leaf-wise growth, the histogram subtraction trick, multi-threaded histograms.
import Dispatch
import Foundation

/// Leaf-wise (best-first) tree growth on histograms, as in LightGBM (Ke et al., NeurIPS 2017,
/// https://papers.nips.cc/paper/6907).
///
/// Every leaf owns a contiguous segment of `order` (row numbers). Splitting a leaf partitions
/// its segment stably, builds the histogram of the smaller child by scanning its rows, and
/// gets the larger child's as parent − smaller. The leaf with the largest gain splits next,
/// until `maxLeaves` leaves or no split gains more than `minGain`. The gain of a split is
/// `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)` and a leaf's value `−G/(H+λ) × learningRate`
/// (T. Chen, C. Guestrin, "XGBoost", KDD 2016, https://doi.org/10.1145/2939672.2939785).
///
/// A histogram bin is one 32-byte vector (gradient sum, hessian sum, row count, unused) and a
/// row's contribution `(g, h, 1, 0)` is packed once per round, so adding a row to a feature's
/// bin is a single vector add (a third of the scalar read-modify-writes).
///
/// Histograms of leaves with at least `minRowsPerThreadedBuild` rows are built on several
/// threads, each summing all the leaf's rows into its own share of the features. Every bin is
/// summed over the same rows in the same order whatever the thread count, so the tree does not
/// depend on it.
///
/// - Complexity: O(n × F) for the root histogram, then per split O(min child × F) plus
///   O(total bins) for the split search; memory one histogram (32 bytes × total bins) per leaf.
final class HistogramTreeLearner {
    /// (gradient, hessian, count, 0) of a row or the sums of a bin.
    typealias Sums = SIMD4<Double>

    let bins: UnsafePointer<UInt8>
    let featureCount: Int
    let binCounts: [Int]
    let offsets: [Int]
    let totalBins: Int
    let params: GBDTParameters
    /// Threads a histogram build may use (feature shares), at most one per feature.
    let workers: Int
    private var pool: [UnsafeMutablePointer<Sums>] = []
    /// Below this many rows one thread builds the histogram (dispatch would cost more).
    private static let minRowsPerThreadedBuild = 1_024

    init(bins: UnsafePointer<UInt8>, binCounts: [Int], params: GBDTParameters) {
        self.bins = bins
        self.featureCount = binCounts.count
        self.binCounts = binCounts
        var offsets: [Int] = []
        var total = 0
        for c in binCounts {
            offsets.append(total)
            total += c
        }
        self.offsets = offsets
        self.totalBins = total
        self.params = params
        let threads = params.threads == 0 ? ProcessInfo.processInfo.activeProcessorCount : params.threads
        self.workers = max(1, min(threads, binCounts.count))
    }

    deinit {
        for h in pool { h.deallocate() }
    }

    private struct Split {
        var gain = 0.0
        var feature = -1
        var bin = 0
        var leftG = 0.0, leftH = 0.0, leftCount = 0
    }

    private struct Leaf {
        var lo: Int, hi: Int
        var g: Double, h: Double
        var depth: Int
        var histogram: UnsafeMutablePointer<Sums>
        var best: Split
        /// Internal node whose child pointer is this leaf, and on which side; -1 for the root.
        var parent: Int
        var isLeft: Bool
    }

    /// Grows a tree over `order` (rows in use; permuted in place so each leaf's rows are
    /// contiguous); `rows[r]` is row `r`'s (gradient, hessian, 1, 0). `allowed` marks the
    /// features this tree may split on. Returns the tree and each leaf's row segment in `order`.
    func grow(order: UnsafeMutablePointer<Int32>, count: Int, rows gh: UnsafePointer<Sums>, allowed: [Bool])
        -> (RegressionTree, [Range<Int>])
    {
        var tree = RegressionTree()
        var g = 0.0, h = 0.0
        for i in 0..<count {
            let r = Int(order[i])
            g += gh[r][0]
            h += gh[r][1]
        }
        let rootHist = takeHistogram()
        build(rootHist, order: order, range: 0..<count, rows: gh)
        var leaves = [Leaf(lo: 0, hi: count, g: g, h: h, depth: 0, histogram: rootHist, best: Split(), parent: -1, isLeft: true)]
        leaves[0].best = bestSplit(leaves[0], allowed: allowed)
        let temp = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, count))
        defer { temp.deallocate() }

        while leaves.count < params.maxLeaves {
            // The splittable leaf with the largest gain (first on ties: deterministic).
            var pick = -1
            for (i, leaf) in leaves.enumerated() where leaf.best.feature >= 0 {
                if pick < 0 || leaf.best.gain > leaves[pick].best.gain { pick = i }
            }
            if pick < 0 { break }
            let parent = leaves[pick]
            let s = parent.best
            // Stable partition of the segment: left rows first.
            var l = parent.lo, r = 0
            let off = s.feature
            for i in parent.lo..<parent.hi {
                let row = order[i]
                if bins[Int(row) * featureCount + off] <= UInt8(s.bin) {
                    order[l] = row
                    l += 1
                } else {
                    temp[r] = row
                    r += 1
                }
            }
            (order + l).update(from: temp, count: r)
            let mid = l

            let node = tree.feature.count
            tree.feature.append(Int32(s.feature))
            tree.thresholdBin.append(UInt8(s.bin))
            tree.threshold.append(0)  // raw thresholds are filled in by the trainer from the binner
            tree.gain.append(Float(s.gain))
            tree.nodeCover.append(Double(parent.hi - parent.lo))
            let rightLeaf = leaves.count
            tree.left.append(~Int32(pick))
            tree.right.append(~Int32(rightLeaf))
            if parent.parent >= 0 {
                if parent.isLeft { tree.left[parent.parent] = Int32(node) } else { tree.right[parent.parent] = Int32(node) }
            }

            // Smaller child scanned, larger = parent − smaller (in the parent's buffer).
            let leftSmaller = mid - parent.lo <= parent.hi - mid
            let small = takeHistogram()
            build(small, order: order, range: leftSmaller ? parent.lo..<mid : mid..<parent.hi, rows: gh)
            let big = parent.histogram
            for i in 0..<totalBins { big[i] -= small[i] }
            var left = Leaf(
                lo: parent.lo, hi: mid, g: s.leftG, h: s.leftH, depth: parent.depth + 1, histogram: leftSmaller ? small : big,
                best: Split(), parent: node, isLeft: true)
            var right = Leaf(
                lo: mid, hi: parent.hi, g: parent.g - s.leftG, h: parent.h - s.leftH, depth: parent.depth + 1,
                histogram: leftSmaller ? big : small, best: Split(), parent: node, isLeft: false)
            left.best = bestSplit(left, allowed: allowed)
            right.best = bestSplit(right, allowed: allowed)
            leaves[pick] = left
            leaves.append(right)
        }
        for leaf in leaves {
            tree.leafValue.append(-leaf.g / (leaf.h + params.lambdaL2) * params.learningRate)
            tree.leafCover.append(Double(leaf.hi - leaf.lo))
            pool.append(leaf.histogram)
        }
        return (tree, leaves.map { $0.lo..<$0.hi })
    }

    private func takeHistogram() -> UnsafeMutablePointer<Sums> {
        pool.popLast() ?? .allocate(capacity: max(1, totalBins))
    }

    /// Sums (gradient, hessian, count) per bin of every feature over `order[range]`: one thread,
    /// or `workers` threads on disjoint shares of the features.
    private func build(_ hist: UnsafeMutablePointer<Sums>, order: UnsafeMutablePointer<Int32>, range: Range<Int>, rows gh: UnsafePointer<Sums>) {
        let parts = range.count >= Self.minRowsPerThreadedBuild ? workers : 1
        if parts == 1 {
            fill(hist, features: 0..<featureCount, order: order, range: range, rows: gh)
            return
        }
        let shared = UncheckedSendable((self, hist, order, gh))
        DispatchQueue.concurrentPerform(iterations: parts) { p in
            let (me, hist, order, gh) = shared.value
            let nf = me.featureCount
            me.fill(hist, features: (p * nf / parts)..<((p + 1) * nf / parts), order: order, range: range, rows: gh)
        }
    }

    private func fill(_ hist: UnsafeMutablePointer<Sums>, features: Range<Int>, order: UnsafeMutablePointer<Int32>, range: Range<Int>,
                      rows gh: UnsafePointer<Sums>) {
        guard !features.isEmpty else { return }
        let first = offsets[features.lowerBound], end = offsets[features.upperBound - 1] + binCounts[features.upperBound - 1]
        (hist + first).update(repeating: .zero, count: end - first)
        let nf = featureCount
        offsets.withUnsafeBufferPointer { off in
            for i in range {
                let r = Int(order[i])
                let v = gh[r]
                let row = bins + r * nf
                for f in features { hist[off[f] + Int(row[f])] += v }
            }
        }
    }

    private func bestSplit(_ leaf: Leaf, allowed: [Bool]) -> Split {
        var best = Split()
        let count = leaf.hi - leaf.lo
        if params.maxDepth > 0 && leaf.depth >= params.maxDepth { return best }
        if count < 2 * params.minDataInLeaf { return best }
        let lambda = params.lambdaL2
        let parentScore = leaf.g * leaf.g / (leaf.h + lambda)
        let hist = leaf.histogram
        for f in 0..<featureCount where allowed[f] {
            let base = offsets[f]
            var left = Sums.zero
            for b in 0..<(binCounts[f] - 1) {
                left += hist[base + b]
                let gl = left[0], hl = left[1], cl = left[2]
                let cr = Double(count) - cl
                if cl < Double(params.minDataInLeaf) || hl < params.minSumHessian { continue }
                if cr < Double(params.minDataInLeaf) { break }
                let gr = leaf.g - gl, hr = leaf.h - hl
                if hr < params.minSumHessian { continue }
                let gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parentScore
                if gain > best.gain && gain > params.minGain {
                    best = Split(gain: gain, feature: f, bin: b, leftG: gl, leftH: hl, leftCount: Int(cl))
                }
            }
        }
        return best
    }
}
