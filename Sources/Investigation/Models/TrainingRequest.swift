// What `amlgraph train` asks for: model kind, features, seed and hyper-parameter overrides.
public import RiskModels

/// A training run to perform. Defaults are the named constants of the model parameters.
public struct TrainingRequest: Sendable {
    public static let defaultTestFraction = 0.2
    public static let defaultValidationFraction = 0.1
    /// Fewer labelled transfers than this cannot give a meaningful split.
    public static let minimumLabelledRows = 200
    /// Share of negative transfers the pipeline trains trees on (all positives kept). With
    /// about 0.15% laundering, keeping 10% of the rest cut training ~10× on medium at equal
    /// PR-AUC; `GBDTParameters` itself defaults to 1 (no sampling), as LightGBM does.
    public static let defaultNegativeSampleRate = 0.1

    public var kind: ModelKind = .fused
    public var featureSet: FeatureSet = .all
    public var featureOptions = FeatureOptions()
    public var gbdt = GBDTParameters()
    public var logreg = LogisticRegressionParameters()
    /// Stacking, calibration and alert budget of `.fused` runs.
    public var fusion = FusionParameters()
    /// The GNN of `.gnn` runs and of `.fused` runs on all features; nil fuses without one
    /// (tabular runs never have one: it reads the graph).
    public var gnn: GNNParameters? = GNNParameters()
    /// The last share of labelled transfers by time: the test slice (DESIGN: 20%).
    public var testFraction = defaultTestFraction
    /// The last share of the training part: the early-stopping slice.
    public var validationFraction = defaultValidationFraction
    /// When set, the feature matrix, labels and split are also written here (NumPy files).
    public var dumpFeaturesTo: String?
    /// When false, the run is evaluated but neither saved nor registered (benchmarks).
    public var register = true
    /// Where registered runs are also logged; nil reads `MLFLOW_TRACKING_URI` (unset: nowhere).
    public var mlflow: MLflowTracker?

    public init() {
        gbdt.negativeSampleRate = Self.defaultNegativeSampleRate
    }

    public func validate() throws(RiskModelError) {
        guard testFraction > 0, testFraction < 1 else { throw .invalidOption(option: "testFraction", requirement: "must be in (0, 1)", value: "\(testFraction)") }
        guard validationFraction >= 0, validationFraction < 1 else {
            throw .invalidOption(option: "validationFraction", requirement: "must be in [0, 1)", value: "\(validationFraction)")
        }
        try featureOptions.validate()
        try gbdt.validate()
        try logreg.validate()
        try fusion.validate()
        try gnn?.validate()
        if kind == .gnn {
            // The GNN reads the graph around each transfer: it needs it, and its parameters.
            guard featureSet == .all else {
                throw .invalidOption(option: "features", requirement: "must be all for a GNN model (it reads the graph)", value: featureSet.rawValue)
            }
            guard gnn != nil else { throw .invalidOption(option: "gnn", requirement: "a GNN model needs GNN parameters (not --no-gnn)", value: "none") }
        }
    }
}
