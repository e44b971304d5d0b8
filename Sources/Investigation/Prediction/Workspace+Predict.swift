// The entry point the CLI and the server call for /predict.

extension Workspace {
    /// Scores transfers with the promoted model; see `PredictionService.predict`. With `stream`,
    /// the answer is also written to it as JSON while the batch is scored.
    public func predict(_ request: PredictionRequest, record: Bool = false, stream: PredictionStream? = nil) throws(PredictionError)
        -> PredictionResponse
    {
        try predictions.predict(request, record: record, stream: stream)
    }
}
