// The hook `POST /predict` and `GET /models` will use. The models branch (RiskModels) lands
// after the server: it implements this protocol with the promoted model, and the server then
// registers a PredictController and a ModelsController in `buildRouter` when it is given one.
// Until then neither route exists, and the OpenAPI document does not list them.
public import GraphStore

/// One transfer to score, with DESIGN's native transfer fields.
public struct TransferToScore: Sendable, Codable, Equatable {
    public var transferID: String
    public var sourceAccount: String
    public var targetAccount: String
    public var amount: Double
    public var currency: String
    public var timestamp: Int64
    public var channel: String

    enum CodingKeys: String, CodingKey {
        case amount, currency, channel
        case transferID = "transfer_id"
        case sourceAccount = "src_account"
        case targetAccount = "dst_account"
        case timestamp = "ts"
    }
}

/// A score for one transfer: 0...1, a risk band, and the reasons behind it.
public struct RiskAssessment: Sendable, Codable, Equatable {
    public struct Reason: Sendable, Codable, Equatable {
        public var feature: String
        public var contribution: Double
        public var detail: String
    }

    public var transferID: String
    public var score: Double
    /// low, medium or high.
    public var risk: String
    public var reasons: [Reason]

    enum CodingKeys: String, CodingKey {
        case score, risk, reasons
        case transferID = "transfer_id"
    }
}

/// A model that scores transfers in the context of the graph. Implementations must be safe
/// to call from many requests at once, and should score a batch of 10,000 in well under
/// 100 ms (issue 6's target).
public protocol RiskScoring: Sendable {
    /// The registry run id of the model in use (`{"model":{"run_id":...}}`).
    var runID: String { get }
    /// Scores `transfers` (results in the same order) against the graph in `reader`.
    func score(_ transfers: [TransferToScore], graph reader: any GraphReader) throws -> [RiskAssessment]
}
