// Grows one regression tree on binned data from gradients and hessians: histogram split
// finding, leaf-wise growth, the histogram subtraction trick, multi-threaded histograms.
import Dispatch

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
/// Histograms of large leaves are built in fixed chunks of rows on several threads and added
/// in chunk order, so the tree does not depend on the thread count.
///
/// - Complexity: O(n × F) for the root histogram, then per split O(min child × F) plus
///   O(total bins) for the split search; memory one histogram (24 bytes × total bins) per leaf.
final class HistogramTreeLearner {
    let bins: UnsafePointer<UInt8>
    let featureCount: Int
    let binCounts: [Int]
    let offsets: [Int]
    let totalBins: Int
    let params: GBDTParameters
    let parallel: Bool
    /// Per-chunk scratch histograms for parallel builds.
    private var chunkHistograms: [UnsafeMutablePointer<Double>] = []
    private var pool: [UnsafeMutablePointer<Double>] = []
    private static let rowsPerChunk = 16_384
    private static let maxChunks = 16

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
        self.parallel = params.threads != 1
        chunkHistograms = (0..<Self.maxChunks).map { _ in .allocate(capacity: 3 * max(1, total)) }
    }

    deinit {
        for h in chunkHistograms + pool { h.deallocate() }
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
        var histogram: UnsafeMutablePointer<Double>
        var best: Split
        /// Internal node whose child pointer is this leaf, and on which side; -1 for the root.
        var parent: Int
        var isLeft: Bool
    }

    /// Grows a tree over `order` (rows in use; permuted in place so each leaf's rows are
    /// contiguous). `allowed` marks the features this tree may split on. Returns the tree and
    /// each leaf's row segment in `order`.
    func grow(order: UnsafeMutablePointer<Int32>, count: Int, grad: UnsafePointer<Double>, hess: UnsafePointer<Double>, allowed: [Bool])
        -> (RegressionTree, [Range<Int>])
    {
        var tree = RegressionTree()
        var g = 0.0, h = 0.0
        for i in 0..<count {
            let r = Int(order[i])
            g += grad[r]
            h += hess[r]
        }
        let rootHist = takeHistogram()
        build(rootHist, order: order, range: 0..<count, grad: grad, hess: hess)
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
            build(small, order: order, range: leftSmaller ? parent.lo..<mid : mid..<parent.hi, grad: grad, hess: hess)
            let big = parent.histogram
            for i in 0..<(3 * totalBins) { big[i] -= small[i] }
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

    private func takeHistogram() -> UnsafeMutablePointer<Double> {
        pool.popLast() ?? .allocate(capacity: 3 * max(1, totalBins))
    }

    /// Sums (gradient, hessian, count) per bin of every feature over `order[range]`.
    private func build(_ hist: UnsafeMutablePointer<Double>, order: UnsafeMutablePointer<Int32>, range: Range<Int>,
                       grad: UnsafePointer<Double>, hess: UnsafePointer<Double>) {
        let chunks = min(Self.maxChunks, max(1, range.count / Self.rowsPerChunk))
        if chunks == 1 || !parallel {
            fill(hist, order: order, range: range, grad: grad, hess: hess)
            return
        }
        let per = (range.count + chunks - 1) / chunks
        let shared = UncheckedSendable((self, order, grad, hess))
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let (me, order, grad, hess) = shared.value
            let lo = range.lowerBound + c * per
            me.fill(me.chunkHistograms[c], order: order, range: lo..<min(range.upperBound, lo + per), grad: grad, hess: hess)
        }
        hist.update(from: chunkHistograms[0], count: 3 * totalBins)
        for c in 1..<chunks {
            let part = chunkHistograms[c]
            for i in 0..<(3 * totalBins) { hist[i] += part[i] }
        }
    }

    private func fill(_ hist: UnsafeMutablePointer<Double>, order: UnsafeMutablePointer<Int32>, range: Range<Int>,
                      grad: UnsafePointer<Double>, hess: UnsafePointer<Double>) {
        hist.update(repeating: 0, count: 3 * totalBins)
        let nf = featureCount
        offsets.withUnsafeBufferPointer { off in
            for i in range {
                let r = Int(order[i])
                let g = grad[r], h = hess[r]
                let row = bins + r * nf
                for f in 0..<nf {
                    let k = 3 * (off[f] + Int(row[f]))
                    hist[k] += g
                    hist[k + 1] += h
                    hist[k + 2] += 1
                }
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
            let base = 3 * offsets[f]
            var gl = 0.0, hl = 0.0, cl = 0.0
            for b in 0..<(binCounts[f] - 1) {
                gl += hist[base + 3 * b]
                hl += hist[base + 3 * b + 1]
                cl += hist[base + 3 * b + 2]
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
