// The promoted run's model in memory, with what explaining a row needs: the explainer of a
// tree model (built once per run, not per call) or the weights of a linear one.
import Foundation
import RiskModels

/// A promoted model ready to score and explain full feature rows (`FeatureSchema.allNames`).
struct LoadedModel: Sendable {
    let run: ModelRun
    let artifact: ModelArtifact
    /// Columns of the full row the model reads, in its order.
    let columns: [Int]
    let names: [String]
    private let explainer: TreeSHAP?

    /// Loads the run's file; a damaged, foreign or mismatched file is a `corrupt_model` error.
    init(run: ModelRun) throws(PredictionError) {
        let artifact: ModelArtifact
        do {
            artifact = try ModelFile.read(from: run.modelPath)
        } catch {
            throw PredictionError(.corruptModel, "promoted run \(run.runID): \(error)")
        }
        let columns = FeatureSchema.columns(artifact.featureSet)
        let expected = columns.map { FeatureSchema.allNames[$0] }
        let actual: [String]
        switch artifact.model {
        case .gbdt(let m): actual = m.featureNames
        case .logreg(let m): actual = m.featureNames
        }
        // A model from a build with other feature columns would silently read the wrong values.
        guard actual == expected else {
            throw PredictionError(
                .corruptModel,
                "promoted run \(run.runID) was trained on \(actual.count) features that differ from the \(expected.count) this build computes; retrain it"
            )
        }
        self.run = run
        self.artifact = artifact
        self.columns = columns
        names = expected
        if case .gbdt(let m) = artifact.model { explainer = TreeSHAP(model: m) } else { explainer = nil }
    }

    /// Margin, base margin and every feature's contribution, with base + Σ contributions =
    /// margin: exact TreeSHAP for trees, `w × standardised x` for logistic regression.
    func explain(fullRow: [Float]) -> (margin: Double, base: Double, contributions: [Double]) {
        let row = columns.count == fullRow.count ? fullRow : columns.map { fullRow[$0] }
        switch artifact.model {
        case .gbdt(let m):
            let phi = explainer!.contributions(row)
            return (m.margin(row), explainer!.expectedValue, phi)
        case .logreg(let m):
            var phi = [Double](repeating: 0, count: row.count)
            for j in 0..<row.count { phi[j] = m.weights[j] * (Double(row[j]) - m.mean[j]) / m.scale[j] }
            let margin = row.withUnsafeBufferPointer { m.margin($0.baseAddress!) }
            return (margin, m.bias, phi)
        }
    }
}
