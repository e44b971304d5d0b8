// A trained boosted-tree ensemble: margins, probabilities, fast batch scoring.
import Dispatch
import Foundation

/// Gradient-boosted trees for a binary label: `margin(x) = baseScore + Σ tree(x)`,
/// `probability = σ(margin)`.
///
/// Batch scoring walks a packed copy of the forest (16 bytes per node, all trees in one
/// array) over blocks of 64 rows, tree by tree, so both the block's rows and the current tree
/// stay in cache; blocks run on all cores.
public struct GBDTModel: Sendable, Codable, Equatable {
    public let featureNames: [String]
    public let baseScore: Double
    public let trees: [RegressionTree]
    public let parameters: GBDTParameters
    private let forest: PackedForest

    public init(featureNames: [String], baseScore: Double, trees: [RegressionTree], parameters: GBDTParameters) {
        self.featureNames = featureNames
        self.baseScore = baseScore
        self.trees = trees
        self.parameters = parameters
        forest = PackedForest(trees)
    }

    enum CodingKeys: String, CodingKey { case featureNames, baseScore, trees, parameters }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            featureNames: try c.decode([String].self, forKey: .featureNames), baseScore: try c.decode(Double.self, forKey: .baseScore),
            trees: try c.decode([RegressionTree].self, forKey: .trees), parameters: try c.decode(GBDTParameters.self, forKey: .parameters))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(featureNames, forKey: .featureNames)
        try c.encode(baseScore, forKey: .baseScore)
        try c.encode(trees, forKey: .trees)
        try c.encode(parameters, forKey: .parameters)
    }

    public static func == (a: GBDTModel, b: GBDTModel) -> Bool {
        a.featureNames == b.featureNames && a.baseScore == b.baseScore && a.trees == b.trees && a.parameters == b.parameters
    }

    /// The margin (log-odds) of one row.
    public func margin(_ row: [Float]) -> Double {
        row.withUnsafeBufferPointer { x in trees.reduce(baseScore) { $0 + $1.leafValue[$1.leaf(x.baseAddress!)] } }
    }

    /// Margins of every row of `matrix`, on `threads` workers (0 = all cores).
    public func predictMargins(_ matrix: FeatureMatrix, threads: Int = 0) -> [Double] {
        precondition(matrix.columns == featureNames.count, "matrix has \(matrix.columns) columns, model \(featureNames.count)")
        var out = [Double](repeating: baseScore, count: matrix.rows)
        let block = 64
        let blocks = (matrix.rows + block - 1) / block
        let forest = self.forest
        matrix.values.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { o in
                let shared = UncheckedSendable((xs.baseAddress!, o.baseAddress!))
                let run: @Sendable (Int) -> Void = { b in
                    let (x, o) = shared.value
                    let lo = b * block, hi = min(matrix.rows, lo + block)
                    forest.accumulate(rows: lo..<hi, x: x, columns: matrix.columns, into: o)
                }
                if threads == 1 || blocks < 2 {
                    for b in 0..<blocks { run(b) }
                } else {
                    // Groups of blocks per work item keep dispatch overhead small.
                    let group = 16
                    DispatchQueue.concurrentPerform(iterations: (blocks + group - 1) / group) { g in
                        for b in (g * group)..<min(blocks, (g + 1) * group) { run(b) }
                    }
                }
            }
        }
        return out
    }

    /// Probabilities σ(margin) of every row of `matrix`.
    public func predictProbabilities(_ matrix: FeatureMatrix, threads: Int = 0) -> [Double] {
        predictMargins(matrix, threads: threads).map { 1 / (1 + exp(-$0)) }
    }

    /// Total split gain per feature (LightGBM `importance_type="gain"`).
    public var gainImportance: [Double] {
        var g = [Double](repeating: 0, count: featureNames.count)
        for t in trees { for k in 0..<t.nodeCount { g[Int(t.feature[k])] += Double(t.gain[k]) } }
        return g
    }
}

/// All trees in one array of 16-byte nodes; children `>= 0` are nodes, `< 0` are `~leaf`.
struct PackedForest: Sendable {
    struct Node {
        var threshold: Float
        var feature: Int32
        var left: Int32
        var right: Int32
    }
    var nodes: [Node] = []
    var leaves: [Double] = []
    /// Root of each tree: a node index, or `~leaf` for a one-leaf tree.
    var roots: [Int32] = []

    init(_ trees: [RegressionTree]) {
        for t in trees {
            let nodeBase = Int32(nodes.count), leafBase = Int32(leaves.count)
            func map(_ c: Int32) -> Int32 { c >= 0 ? c + nodeBase : ~(~c + leafBase) }
            for k in 0..<t.nodeCount {
                nodes.append(Node(threshold: t.threshold[k], feature: t.feature[k], left: map(t.left[k]), right: map(t.right[k])))
            }
            leaves += t.leafValue
            roots.append(t.nodeCount > 0 ? nodeBase : ~leafBase)
        }
    }

    /// Adds every tree's output to `out[r]` for the rows in `rows`.
    ///
    /// Rows walk each tree eight at a time in lockstep: one row's walk is a chain of dependent
    /// loads (node → feature value → next node), and leaf-wise trees on rare-class data are
    /// deep on the common path, so interleaving independent walks keeps the core busy while
    /// each load is in flight (3-4× faster than one row at a time here).
    @inline(__always)
    func accumulate(rows: Range<Int>, x: UnsafePointer<Float>, columns: Int, into out: UnsafeMutablePointer<Double>) {
        let lanes = 8
        nodes.withUnsafeBufferPointer { nodes in
            leaves.withUnsafeBufferPointer { leaves in
                var cursor = (Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0))
                withUnsafeMutableBytes(of: &cursor) { raw in
                    let c = raw.baseAddress!.assumingMemoryBound(to: Int32.self)
                    var start = rows.lowerBound
                    while start < rows.upperBound {
                        let width = min(lanes, rows.upperBound - start)
                        for root in roots {
                            for k in 0..<width { c[k] = root }
                            var active = true
                            while active {
                                active = false
                                for k in 0..<width where c[k] >= 0 {
                                    let n = nodes[Int(c[k])]
                                    c[k] = x[(start + k) * columns + Int(n.feature)] > n.threshold ? n.right : n.left
                                    active = true
                                }
                            }
                            for k in 0..<width { out[start + k] += leaves[Int(~c[k])] }
                        }
                        start += width
                    }
                }
            }
        }
    }
}
