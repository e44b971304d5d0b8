// What a training run reports: the `train --json` document (DESIGN keys plus extras).
public import RiskModels

/// One training run's outcome. Encodes to the `train --json` contract: `run_id`, `model`,
/// `train_seconds`, `test_rows`, `metrics{pr_auc, roc_auc, f1, precision, recall,
/// recall_at_1pct, threshold}`, plus extras.
public struct TrainingReport: Sendable, Codable {
    public struct Metrics: Sendable, Codable, Equatable {
        public var prAUC, rocAUC, f1, precision, recall, recallAt1Pct, threshold: Double
        public var confusion: ConfusionMatrix

        enum CodingKeys: String, CodingKey {
            case prAUC = "pr_auc", rocAUC = "roc_auc", f1, precision, recall, recallAt1Pct = "recall_at_1pct", threshold, confusion
        }

        init(_ m: BinaryClassificationMetrics) {
            prAUC = m.prAUC
            rocAUC = m.rocAUC
            f1 = m.f1
            precision = m.precision
            recall = m.recall
            recallAt1Pct = m.recallAtAlertRate
            threshold = m.threshold
            confusion = m.confusion
        }
    }

    public var runID: String
    public var model: String
    public var featureSet: String
    public var trainSeconds: Double
    public var featureSeconds: Double
    public var trainRows: Int
    public var validationRows: Int
    public var testRows: Int
    public var testPositives: Int
    public var metrics: Metrics
    /// Rows per second of batch scoring on the whole feature matrix (all cores).
    public var scoreRowsPerSecond: Double
    public var trees: Int?
    public var dataFingerprint: String
    public var modelPath: String?
    public var featureCount: Int
    public var cyclesTruncated: Bool
    /// Median microseconds to build the feature row of one new transfer against the snapshot.
    public var singleTransferFeatureMicros: Double

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", model, featureSet = "feature_set", trainSeconds = "train_seconds", featureSeconds = "feature_seconds"
        case trainRows = "train_rows", validationRows = "validation_rows", testRows = "test_rows", testPositives = "test_positives"
        case metrics, scoreRowsPerSecond = "score_rows_per_second", trees, dataFingerprint = "data_fingerprint"
        case modelPath = "model_path", featureCount = "feature_count", cyclesTruncated = "cycles_truncated"
        case singleTransferFeatureMicros = "single_transfer_feature_us"
    }
}
