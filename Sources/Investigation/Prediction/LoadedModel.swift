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
    /// The sentence of each entry of `names` for the model's feature options (the options the
    /// prediction context is built with).
    let reasonTemplates: [ReasonTemplate]
    private let explainer: TreeSHAP?

    /// Loads the run's file; a damaged, foreign or mismatched file is a `corrupt_model` error.
    init(run: ModelRun) throws(PredictionError) {
        let artifact: ModelArtifact
        do {
            artifact = try ModelFile.read(from: run.modelPath)
        } catch {
            throw PredictionError(.corruptModel, "promoted run \(run.runID): \(error)")
        }
        // A GNN reads the graph around the transfer, no feature column.
        let columns = artifact.kind == .gnn ? [] : FeatureSchema.columns(artifact.featureSet)
        let expected = columns.map { FeatureSchema.allNames[$0] }
        let actual = artifact.featureNames
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
        switch artifact.model {
        case .gbdt(let m):
            explainer = TreeSHAP(model: m)
            names = expected
        case .logreg:
            explainer = nil
            names = expected
        case .fused(let m):
            explainer = TreeSHAP(model: m.gbdt)
            names = m.explanationNames
        case .gnn:
            explainer = nil
            names = [FusedModel.gnnInputName]
        }
        reasonTemplates = names.map { ReasonTemplate(feature: $0, options: artifact.featureOptions) }
    }

    /// Whether the model reads detector signals after the feature row (fused models).
    var usesSignals: Bool { artifact.kind == .fused }

    /// The GNN: a GNN model itself, or the fused model's when it has one.
    var gnn: EdgeGNNModel? {
        if case .fused(let m) = artifact.model { return m.gnn }
        if case .gnn(let m) = artifact.model { return m }
        return nil
    }

    /// Scores at or above are `high`: a fused run's alert-budget threshold, else the run's
    /// best-F1 threshold on its test slice.
    var highThreshold: Double {
        if case .fused(let m) = artifact.model { return m.alertThreshold }
        return run.metrics.threshold
    }

    /// Scores at or above (and below `highThreshold`) are `medium`: a fused run's review
    /// threshold (`FusionParameters.reviewMultiple` × the budget), else half the high one.
    var mediumThreshold: Double {
        if case .fused(let m) = artifact.model { return m.reviewThreshold }
        return run.metrics.threshold / 2
    }

    /// The score of a margin: calibrated for fused models, σ(margin) otherwise.
    func probability(margin: Double) -> Double {
        if case .fused(let m) = artifact.model { return m.calibration.probability(margin) }
        return 1 / (1 + exp(-margin))
    }

    /// The boosted trees, when the model has them (a GBDT model, or a fused model's).
    var trees: GBDTModel? {
        switch artifact.model {
        case .gbdt(let m): m
        case .fused(let m): m.gbdt
        case .logreg, .gnn: nil
        }
    }

    /// The trees' margins of a block of full rows (`FeatureSchema.count` values each), scored
    /// together by the compiled forest on the calling thread; nil for models without trees.
    /// Each equals `GBDTModel.margin` of the row.
    func treeMargins(fullRows: [Float], count: Int) -> [Double]? {
        guard let trees, count > 0 else { return nil }
        let width = FeatureSchema.count
        let values = columns.count == width ? fullRows : (0..<count).flatMap { r in columns.map { fullRows[r * width + $0] } }
        guard let matrix = try? FeatureMatrix(rows: count, columns: columns.count, values: values, names: trees.featureNames) else { return nil }
        return trees.predictMargins(matrix, threads: 1)
    }

    /// The trees' SHAP values of a block of full rows (`FeatureSchema.count` values each), row
    /// after row in the model's column order, and the trees' margins of the rows (what
    /// `treeMargins` gives, the same doubles), computed together by the block kernel
    /// (`TreeSHAP.contributionsAndMargins(rows:count:)`) on the calling thread; nil for models
    /// without trees. Row `r`'s values are what `explain` computes for it alone, up to rounding.
    func treeContributions(fullRows: [Float], count: Int) -> (phi: [Double], margins: [Double])? {
        guard let explainer, count > 0 else { return nil }
        let width = FeatureSchema.count
        let values = columns.count == width ? fullRows : (0..<count).flatMap { r in columns.map { fullRows[r * width + $0] } }
        return explainer.contributionsAndMargins(rows: values, count: count)
    }

    /// Margin and base margin without the contributions (what `explain` returns, minus the
    /// TreeSHAP pass that dominates scoring): for callers that do not list model reasons.
    /// `treeMargin`: the row's `treeMargins` entry, when the caller scored a block.
    func margin(fullRow: [Float], gnnMargin: Double? = nil, signals: [Double] = [], treeMargin: Double? = nil) -> (margin: Double, base: Double) {
        let row = columns.count == fullRow.count ? fullRow : columns.map { fullRow[$0] }
        switch artifact.model {
        case .gbdt(let m):
            return (treeMargin ?? m.margin(row), explainer!.expectedValue)
        case .logreg(let m):
            return (row.withUnsafeBufferPointer { m.margin($0.baseAddress!) }, m.bias)
        case .fused(let m):
            return (m.margin(row: row, gnnMargin: gnnMargin, signals: signals, gbdtMargin: treeMargin), m.baseMargin(trees: explainer!))
        case .gnn:
            return (gnnMargin ?? 0, 0)
        }
    }

    /// Margin, base margin and the contribution of every entry of `names`, with base +
    /// Σ contributions = margin: exact TreeSHAP for trees, `w × standardised x` for logistic
    /// regression, and for fused models both weighted by the stacker plus each detector
    /// signal's and the GNN margin's linear term (`signals`: `DetectorSignals.values` of the
    /// transfer; `gnnMargin`: the GNN's margin when the model has one). A GNN model's margin is
    /// its one contribution (`gnn_margin`, base 0). `treeContributions`: the row's entry of
    /// `treeContributions(fullRows:count:)` (its slice of `phi`), when the caller computed a block.
    func explain(fullRow: [Float], gnnMargin: Double? = nil, signals: [Double] = [], treeMargin: Double? = nil,
                 treeContributions: ArraySlice<Double>? = nil)
        -> (margin: Double, base: Double, contributions: [Double])
    {
        let row = columns.count == fullRow.count ? fullRow : columns.map { fullRow[$0] }
        switch artifact.model {
        case .gbdt(let m):
            let phi = treeContributions.map { Array($0) } ?? explainer!.contributions(row)
            return (treeMargin ?? m.margin(row), explainer!.expectedValue, phi)
        case .logreg(let m):
            var phi = [Double](repeating: 0, count: row.count)
            for j in 0..<row.count { phi[j] = m.weights[j] * (Double(row[j]) - m.mean[j]) / m.scale[j] }
            let margin = row.withUnsafeBufferPointer { m.margin($0.baseAddress!) }
            return (margin, m.bias, phi)
        case .fused(let m):
            return m.explain(
                row: row, gnnMargin: gnnMargin, signals: signals, trees: explainer!, gbdtMargin: treeMargin, treeContributions: treeContributions)
        case .gnn:
            let margin = gnnMargin ?? 0
            return (margin, 0, [margin])
        }
    }
}
