// The entry point the CLI and the server call for /predict.

extension Workspace {
    /// Scores transfers with the promoted model; see `PredictionService.predict`.
    public func predict(_ request: PredictionRequest, record: Bool = false) throws(PredictionError) -> PredictionResponse {
        try predictions.predict(request, record: record)
    }
}
