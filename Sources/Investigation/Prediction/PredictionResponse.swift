// What POST /predict answers (DESIGN): the model that scored, and per transfer a score, a risk
// band, reasons and what the graph knows of both accounts. Keys are snake_case; extra keys
// (margins, versions, timings) are welcome additions, never renamings.

/// The answer to a `PredictionRequest`, results in request order.
public struct PredictionResponse: Sendable, Codable, Equatable {
    /// The promoted run that scored the batch, and the band thresholds it implies.
    public struct Model: Sendable, Codable, Equatable {
        public var runID: String
        public var kind: String
        public var featureSet: String
        /// Scores at or above are `high`: a fused run's alert-budget threshold, else the run's
        /// best-F1 threshold on its test slice.
        public var highThreshold: Double
        /// Scores at or above (and below `highThreshold`) are `medium`: a fused run's review
        /// threshold, else half the high threshold.
        public var mediumThreshold: Double

        enum CodingKeys: String, CodingKey {
            case runID = "run_id", kind, featureSet = "feature_set", highThreshold = "high_threshold", mediumThreshold = "medium_threshold"
        }
    }

    /// One reason behind a score.
    ///
    /// `source` is `model` for a feature's TreeSHAP (or, for logistic regression, exact linear)
    /// contribution to the margin in log-odds, and `graph` for a detector finding the accounts
    /// are in (contribution 0: findings explain, the model's features score).
    public struct Reason: Sendable, Codable, Equatable {
        public var feature: String
        public var contribution: Double
        public var detail: String
        public var source: String
        /// The feature's value in the model's row (model reasons only).
        public var value: Double?
        /// The finding id (graph reasons only).
        public var finding: String?
    }

    /// What the graph knows of the two accounts, and the findings either is in.
    public struct Graph: Sendable, Codable, Equatable {
        public var src: AccountFacts
        public var dst: AccountFacts
        /// Ids of detector findings containing src or dst, highest score first.
        public var patterns: [String]
    }

    public struct Result: Sendable, Codable, Equatable {
        public var transferID: String
        /// σ(margin), or for a fused model the calibrated probability of its margin; 0...1.
        public var score: Double
        public var risk: RiskBand
        /// Top model contributions by absolute size, then graph facts.
        public var reasons: [Reason]
        public var graph: Graph
        /// The model's margin (log-odds); `base_margin + Σ all contributions = margin`.
        public var margin: Double
        /// The margin of an average transfer (TreeSHAP expected value; logistic: the intercept).
        public var baseMargin: Double
        /// Sum of the contributions not listed in `reasons`, so listed + other + base = margin.
        public var otherContribution: Double
        /// True when a stored transfer with this id was rescored (its stored copy is left out
        /// of its own features, as in training).
        public var stored: Bool
        /// With `record`: true when this call stored the transfer, false when its id was
        /// already there (a no-op). Absent without `record`.
        public var recorded: Bool?

        enum CodingKeys: String, CodingKey {
            case transferID = "transfer_id", score, risk, reasons, graph, margin, baseMargin = "base_margin"
            case otherContribution = "other_contribution", stored, recorded
        }
    }

    public var model: Model
    public var results: [Result]
    /// The store version of the graph the batch was scored against.
    public var graphVersion: Int64
    /// Time spent answering, in milliseconds (model and graph context loads included).
    public var elapsedMs: Double

    enum CodingKeys: String, CodingKey {
        case model, results, graphVersion = "graph_version", elapsedMs = "elapsed_ms"
    }
}

/// Risk bands of a score against the promoted run's thresholds.
public enum RiskBand: String, Sendable, Codable, Equatable {
    case low, medium, high

    /// `high` at or above `high`, `medium` at or above `medium` (default: half of `high`), else `low`.
    public static func of(score: Double, high: Double, medium: Double? = nil) -> RiskBand {
        score >= high ? .high : score >= (medium ?? high / 2) ? .medium : .low
    }
}
