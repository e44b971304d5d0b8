// A trained boosted-tree ensemble: margins, probabilities, fast batch scoring.
import Dispatch
import Foundation

/// Gradient-boosted trees for a binary label: `margin(x) = baseScore + Σ tree(x)`,
/// `probability = σ(margin)`.
///
/// Batch scoring goes through `CompiledForest`: rows ranked per feature once, then the trees
/// evaluated tree by tree over blocks of rows (an AVX-512 kernel or a node walk), blocks on all
/// cores.
public struct GBDTModel: Sendable, Codable, Equatable {
    public let featureNames: [String]
    public let baseScore: Double
    public let trees: [RegressionTree]
    public let parameters: GBDTParameters
    let forest: CompiledForest

    public init(featureNames: [String], baseScore: Double, trees: [RegressionTree], parameters: GBDTParameters) {
        self.featureNames = featureNames
        self.baseScore = baseScore
        self.trees = trees
        self.parameters = parameters
        forest = CompiledForest(trees)
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

    /// How batch scoring evaluates the trees; both give bit-identical margins.
    public enum ScoringKernel: Sendable {
        /// The AVX-512 kernel where the CPU and the model allow it (see `CompiledForest`), else the walk.
        case fastest
        /// The portable node walk, for comparisons.
        case walk
    }

    /// Whether this CPU has the vector scoring kernel (AVX-512 F, BW and VBMI).
    public static var vectorScoringAvailable: Bool { CompiledForest.vectorKernelAvailable }

    /// Whether batch scoring of this model uses the vector kernel (CPU, at most 64 used features).
    public var usesVectorScoring: Bool { forest.vector != nil }

    /// Margins of every row of `matrix`, on `threads` workers (0 = all cores).
    public func predictMargins(_ matrix: FeatureMatrix, threads: Int = 0, kernel: ScoringKernel = .fastest) -> [Double] {
        precondition(matrix.columns == featureNames.count, "matrix has \(matrix.columns) columns, model \(featureNames.count)")
        var out = [Double](repeating: baseScore, count: matrix.rows)
        matrix.values.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { o in
                forest.accumulate(
                    rows: matrix.rows, x: xs.baseAddress!, columns: matrix.columns, into: o.baseAddress!, threads: threads,
                    kernel: kernel == .fastest ? .automatic : .walk)
            }
        }
        return out
    }

    /// Mean number of split nodes a row passes per tree, over the first `rows` rows of `matrix`
    /// (what batch scoring's cost is proportional to; reported by the scoring benchmark).
    public func meanPathLength(_ matrix: FeatureMatrix, rows: Int) -> Double {
        matrix.values.withUnsafeBufferPointer { forest.meanPathLength(rows: min(rows, matrix.rows), x: $0.baseAddress!, columns: matrix.columns) }
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
