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

        public init(_ m: BinaryClassificationMetrics) {
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

    /// What a fused run adds (`train --json` key `fusion`).
    public struct FusionDetails: Sendable, Codable {
        /// The alert budget's operating point on the test slice.
        public struct Alert: Sendable, Codable {
            /// The budget the thresholds were set for, and the thresholds (calibrated scores).
            public var rate, threshold, reviewThreshold: Double
            /// Share of test transfers at or above `threshold`, and precision and recall there.
            public var testAlertShare, precision, recall: Double
            public var confusion: ConfusionMatrix

            enum CodingKeys: String, CodingKey {
                case rate, threshold, reviewThreshold = "review_threshold", testAlertShare = "test_alert_share", precision, recall, confusion
            }
        }

        /// Each base model's own test metrics (on its margin), to show what stacking added.
        public var components: [String: Metrics]
        /// The GNN's loss per epoch and rows, when the run trained one.
        public var gnn: GNNTrainingLog?
        /// Calibration of the fused score on the test slice, and on the slice it was fitted on.
        public var calibration: CalibrationReport
        public var calibrationSlice: CalibrationReport
        public var alert: Alert
        /// Stacker weight per input on the input's own scale.
        public var stackerWeights: [String: Double]

        enum CodingKeys: String, CodingKey {
            case components, gnn, calibration, calibrationSlice = "calibration_slice", alert, stackerWeights = "stacker_weights"
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
    /// Fused runs only.
    public var fusion: FusionDetails?
    /// GNN runs only: the loss per epoch and the rows trained on (its test metrics are `metrics`).
    public var gnn: GNNTrainingLog?
    /// Where the run was logged in MLflow (with MLFLOW_TRACKING_URI set), or why it was not.
    public var mlflow: MLflowRunReference?
    public var mlflowError: String?

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", model, featureSet = "feature_set", trainSeconds = "train_seconds", featureSeconds = "feature_seconds"
        case trainRows = "train_rows", validationRows = "validation_rows", testRows = "test_rows", testPositives = "test_positives"
        case metrics, scoreRowsPerSecond = "score_rows_per_second", trees, dataFingerprint = "data_fingerprint"
        case modelPath = "model_path", featureCount = "feature_count", cyclesTruncated = "cycles_truncated"
        case singleTransferFeatureMicros = "single_transfer_feature_us", fusion, gnn, mlflow, mlflowError = "mlflow_error"
    }
}
