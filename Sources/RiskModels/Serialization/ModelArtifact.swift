// Everything a model file holds: which kind of model, the model itself, and how to rebuild its
// input rows. New kinds (fused, GNN) become new cases.

/// The kinds of model the registry knows. Stored as text, so adding a kind needs no migration.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    case gbdt
    case logreg
}

/// A trained model with what scoring needs to rebuild its inputs.
public struct ModelArtifact: Sendable, Codable, Equatable {
    public enum Model: Sendable, Codable, Equatable {
        case gbdt(GBDTModel)
        case logreg(LogisticRegressionModel)
    }

    public var model: Model
    public var featureSet: FeatureSet
    public var featureOptions: FeatureOptions
    /// Score at or above which a transfer is flagged (the best-F1 threshold on the test slice).
    public var threshold: Double

    public init(model: Model, featureSet: FeatureSet, featureOptions: FeatureOptions, threshold: Double) {
        self.model = model
        self.featureSet = featureSet
        self.featureOptions = featureOptions
        self.threshold = threshold
    }

    public var kind: ModelKind {
        switch model {
        case .gbdt: .gbdt
        case .logreg: .logreg
        }
    }

    /// Margins of every row (columns as `FeatureSchema.columns(featureSet)`).
    public func predictMargins(_ matrix: FeatureMatrix) -> [Double] {
        switch model {
        case .gbdt(let m): m.predictMargins(matrix)
        case .logreg(let m): m.predictMargins(matrix)
        }
    }
}
