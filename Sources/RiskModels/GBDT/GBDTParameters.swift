// Hyper-parameters of the gradient-boosted trees; every default is a named constant, named as
// LightGBM names the same knob so results can be compared setting for setting.

/// Options of `GBDTTrainer`.
///
/// Defaults: 500 rounds, learning rate 0.05, 31 leaves, no depth limit, 20 rows and 1e-3
/// hessian per leaf, L2 1.0, 255 bins, all features per tree, all negatives kept, positive
/// weight 1, early stopping after 50 rounds without a better validation log-loss, seed 42,
/// all cores.
public struct GBDTParameters: Sendable, Hashable, Codable {
    public static let defaultRounds = 500
    public static let defaultLearningRate = 0.05
    public static let defaultMaxLeaves = 31
    public static let defaultMaxDepth = 0
    public static let defaultMinDataInLeaf = 20
    public static let defaultMinSumHessian = 1e-3
    public static let defaultLambdaL2 = 1.0
    public static let defaultMaxBins = 255
    public static let defaultMinGain = 0.0
    public static let defaultFeatureFraction = 1.0
    public static let defaultNegativeSampleRate = 1.0
    public static let defaultPositiveWeight = 1.0
    public static let defaultEarlyStoppingRounds = 50
    public static let defaultSeed: UInt64 = 42

    /// Boosting rounds (trees) at most; >= 1. LightGBM `num_iterations`.
    public var rounds = defaultRounds
    /// Shrinkage of every leaf value; in (0, 1]. LightGBM `learning_rate`.
    public var learningRate = defaultLearningRate
    /// Leaves per tree (leaf-wise growth picks the best leaf next); >= 2. LightGBM `num_leaves`.
    public var maxLeaves = defaultMaxLeaves
    /// Depth limit, 0 for none. LightGBM `max_depth` (which uses -1 for none).
    public var maxDepth = defaultMaxDepth
    /// Fewest training rows in a leaf; >= 1. LightGBM `min_data_in_leaf`.
    public var minDataInLeaf = defaultMinDataInLeaf
    /// Smallest hessian sum in a leaf; >= 0. LightGBM `min_sum_hessian_in_leaf`.
    public var minSumHessian = defaultMinSumHessian
    /// L2 penalty on leaf values; >= 0. LightGBM `lambda_l2`.
    public var lambdaL2 = defaultLambdaL2
    /// Bins per feature (quantiles of a sample); 2...255. LightGBM `max_bin`.
    public var maxBins = defaultMaxBins
    /// A split must gain more than this; >= 0. LightGBM `min_gain_to_split`.
    public var minGain = defaultMinGain
    /// Share of features each tree may split on; (0, 1]. LightGBM `feature_fraction`.
    public var featureFraction = defaultFeatureFraction
    /// Share of negative rows kept (once, before boosting; all positives are kept); (0, 1].
    /// Like LightGBM `neg_bagging_fraction`, which however redraws every round.
    public var negativeSampleRate = defaultNegativeSampleRate
    /// Weight of a positive row in the loss; > 0. LightGBM `scale_pos_weight`.
    public var positiveWeight = defaultPositiveWeight
    /// Stop when the validation log-loss has not improved for this many rounds; 0 = never.
    public var earlyStoppingRounds = defaultEarlyStoppingRounds
    /// Seeds the negative sample and the feature fraction: same seed, same model.
    public var seed = defaultSeed
    /// Worker threads for histograms and scoring; 0 = one per core. Results do not depend on it.
    public var threads = 0

    public init() {}

    public func validate() throws(RiskModelError) {
        guard rounds >= 1 else { throw .option("rounds", "must be >= 1", rounds) }
        guard learningRate > 0, learningRate <= 1 else { throw .option("learningRate", "must be in (0, 1]", learningRate) }
        guard maxLeaves >= 2, maxLeaves <= 4_096 else { throw .option("maxLeaves", "must be in 2...4096", maxLeaves) }
        guard maxDepth >= 0 else { throw .option("maxDepth", "must be >= 0 (0 = no limit)", maxDepth) }
        guard minDataInLeaf >= 1 else { throw .option("minDataInLeaf", "must be >= 1", minDataInLeaf) }
        guard minSumHessian >= 0, minSumHessian.isFinite else { throw .option("minSumHessian", "must be finite and >= 0", minSumHessian) }
        guard lambdaL2 >= 0, lambdaL2.isFinite else { throw .option("lambdaL2", "must be finite and >= 0", lambdaL2) }
        guard (2...255).contains(maxBins) else { throw .option("maxBins", "must be in 2...255", maxBins) }
        guard minGain >= 0, minGain.isFinite else { throw .option("minGain", "must be finite and >= 0", minGain) }
        guard featureFraction > 0, featureFraction <= 1 else { throw .option("featureFraction", "must be in (0, 1]", featureFraction) }
        guard negativeSampleRate > 0, negativeSampleRate <= 1 else {
            throw .option("negativeSampleRate", "must be in (0, 1]", negativeSampleRate)
        }
        guard positiveWeight > 0, positiveWeight.isFinite else { throw .option("positiveWeight", "must be finite and > 0", positiveWeight) }
        guard earlyStoppingRounds >= 0 else { throw .option("earlyStoppingRounds", "must be >= 0", earlyStoppingRounds) }
        guard threads >= 0 else { throw .option("threads", "must be >= 0", threads) }
    }
}
