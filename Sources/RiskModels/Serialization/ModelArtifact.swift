// Everything a model file holds: which kind of model, the model itself, and how to rebuild its
// input rows. New kinds become new cases.
import Foundation

/// The kinds of model the registry knows. Stored as text, so adding a kind needs no migration.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    case gbdt
    case logreg
    /// Trees, logistic regression and detector signals stacked and calibrated (`FusedModel`).
    case fused
    /// The edge GNN alone (`EdgeGNNModel`): scores a transfer from its sampled neighbourhood,
    /// reading no feature columns.
    case gnn
}

/// A trained model with what scoring needs to rebuild its inputs.
public struct ModelArtifact: Sendable, Codable, Equatable {
    public enum Model: Sendable, Codable, Equatable {
        case gbdt(GBDTModel)
        case logreg(LogisticRegressionModel)
        case fused(FusedModel)
        case gnn(EdgeGNNModel)
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
        case .fused: .fused
        case .gnn: .gnn
        }
    }

    /// Names of the feature columns the model reads (none for a GNN, which reads the graph).
    public var featureNames: [String] {
        switch model {
        case .gbdt(let m): m.featureNames
        case .logreg(let m): m.featureNames
        case .fused(let m): m.featureNames
        case .gnn: []
        }
    }

    /// Probabilities of every row: σ(margin) for a single model, the calibrated stacked score for
    /// a fused one (`signals`: one `DetectorSignals` row per matrix row, `gnnMargins` one GNN
    /// margin per row when the model has a GNN; both ignored by the others). A GNN model's
    /// scores are σ(`gnnMargins`), which it needs (`EdgeGNNModel.predictMargins` on the snapshot).
    public func predictScores(_ matrix: FeatureMatrix, signals: FeatureMatrix, gnnMargins: [Double]? = nil) -> [Double] {
        switch model {
        case .fused(let m): return m.predictMargins(matrix, signals: signals, gnnMargins: gnnMargins).map(m.calibration.probability)
        case .gnn:
            guard let gnnMargins else { preconditionFailure("a GNN model scores snapshot edges: pass EdgeGNNModel.predictMargins as gnnMargins") }
            return gnnMargins.map { 1 / (1 + exp(-$0)) }
        default: return predictMargins(matrix).map { 1 / (1 + exp(-$0)) }
        }
    }

    /// Margins of every row (columns as `FeatureSchema.columns(featureSet)`); for a fused model
    /// the stacker margin with every detector signal 0 (use `predictScores` with signals). A GNN
    /// model reads no matrix: use `EdgeGNNModel.predictMargins` on the snapshot.
    public func predictMargins(_ matrix: FeatureMatrix) -> [Double] {
        switch model {
        case .gnn: preconditionFailure("a GNN model scores snapshot edges, not feature rows: use EdgeGNNModel.predictMargins")
        case .gbdt(let m): m.predictMargins(matrix)
        case .logreg(let m): m.predictMargins(matrix)
        case .fused(let m): m.predictMargins(matrix, signals: FeatureMatrix(rows: matrix.rows, names: DetectorSignals.names))
        }
    }
}
