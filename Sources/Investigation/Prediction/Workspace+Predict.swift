// The entry point the CLI and the server call for /predict.

extension Workspace {
    /// Scores transfers with the promoted model; see `PredictionService.predict(_:record:)`.
    public func predict(_ request: PredictionRequest, record: Bool = false) throws(PredictionError) -> PredictionResponse {
        try predictions.predict(request, record: record)
    }

    /// Scores transfers with the answer written to `stream` as JSON while the batch is scored;
    /// see `PredictionService.predict(_:record:stream:)`.
    public func predict(_ request: PredictionRequest, record: Bool = false, stream: PredictionStream) throws(PredictionError)
        -> PredictionSummary
    {
        try predictions.predict(request, record: record, stream: stream)
    }
}
