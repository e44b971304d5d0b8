// What a streamed /predict returns to its caller besides the document it wrote: the numbers
// monitoring counts (`ServiceMetrics.recordPredictions`), without the reasons and graph facts.

/// Per transfer of a prediction, its score and band (and whether it was stored), in request
/// order; the model and graph version that scored them.
public struct PredictionSummary: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var score: Double
        public var risk: RiskBand
        /// The transfer's id was already stored (it was rescored as in training).
        public var stored: Bool
        /// With `record`: whether this call stored it (`PredictionResponse.Result.recorded`).
        public var recorded: Bool?
    }

    public var model: PredictionResponse.Model
    public var rows: [Row]
    public var graphVersion: Int64
    public var elapsedMs: Double
}

extension PredictionResponse {
    /// The response's summary (what a streamed prediction of the same batch returns).
    public var summary: PredictionSummary {
        PredictionSummary(
            model: model, rows: results.map { .init(score: $0.score, risk: $0.risk, stored: $0.stored, recorded: $0.recorded) },
            graphVersion: graphVersion, elapsedMs: elapsedMs)
    }
}
