// Fits a `FusedModel`: base models on the early rows, the stacker and the calibration on later
// rows the base models never saw, so the stacker learns how far to trust each on new data.
import Foundation
public import GraphCore

/// The row slices of fused training, all in time order and disjoint:
/// base models' training rows < early-stopping rows < stacking rows < calibration rows.
public struct FusionSlices: Sendable, Equatable {
    public var base: [Int]
    public var validation: [Int]
    public var stack: [Int]
    public var calibration: [Int]

    public init(base: [Int], validation: [Int], stack: [Int], calibration: [Int]) {
        self.base = base
        self.validation = validation
        self.stack = stack
        self.calibration = calibration
    }

    /// Splits the time-ordered pre-test rows `rows`: the last `stackFraction` are held out
    /// (its first `1 − calibrationFraction` stack, the rest calibrate), and of what is left
    /// the last `validationFraction` stop the trees early.
    public static func carve(_ rows: [Int], validationFraction: Double, parameters p: FusionParameters) -> FusionSlices {
        let n = rows.count
        let heldStart = n - Int((Double(n) * p.stackFraction).rounded(.up))
        let calibrationStart = heldStart + Int((Double(n - heldStart) * (1 - p.calibrationFraction)).rounded(.down))
        let validationStart = heldStart - Int((Double(heldStart) * validationFraction).rounded(.down))
        return FusionSlices(
            base: Array(rows[..<validationStart]), validation: Array(rows[validationStart..<heldStart]),
            stack: Array(rows[heldStart..<calibrationStart]), calibration: Array(rows[calibrationStart...]))
    }
}

/// What fused training reports besides the model.
public struct FusionLog: Sendable, Codable, Equatable {
    /// Trees kept by early stopping.
    public var trees: Int
    /// The GNN's training log, when the run trained one.
    public var gnn: GNNTrainingLog?
    /// The stacker's weight per input on the raw input scale (`c_k`), by input name.
    public var stackerWeights: [String: Double]
    /// Calibration quality on the calibration slice.
    public var calibration: CalibrationReport

    enum CodingKeys: String, CodingKey {
        case trees, gnn, stackerWeights = "stacker_weights", calibration
    }
}

/// Trains `FusedModel`s.
///
/// 1. Trees (`GBDTTrainer`, early stopping on `validation`) and a logistic regression on the
///    `base` rows; the regression sees the trees' negative sample (it only needs to rank, and
///    Newton steps cost O(n × F²)). With a graph, the GNN (`EdgeGNNTrainer`) on the same rows.
/// 2. The stacker — an L2 logistic regression, unweighted so its output stays a probability —
///    on the `stack` rows' base margins and detector signals.
/// 3. Calibration (`Calibration`) of the stacker margin on the `calibration` rows, and the
///    thresholds: `alertThreshold` is the calibrated score of the ⌈alertRate × n⌉-th highest
///    calibration row, `reviewThreshold` the same at `reviewMultiple × alertRate`.
///
/// Stacking on later rows, never on the rows a base model fit, follows D. Wolpert, "Stacked
/// generalization", Neural Networks 5(2), 1992, https://doi.org/10.1016/S0893-6080(05)80023-1 —
/// with time-ordered slices in place of cross-validation folds, since laundering patterns drift.
///
/// - Complexity: the base models' training, plus O(iterations × stack rows × inputs²) for the
///   stacker and O(n log n) for calibration.
public struct FusionTrainer: Sendable {
    public var gbdt: GBDTParameters
    public var logreg: LogisticRegressionParameters
    public var fusion: FusionParameters
    /// The GNN's options; nil trains no GNN.
    public var gnn: GNNParameters?

    public init(
        gbdt: GBDTParameters = .init(), logreg: LogisticRegressionParameters = .init(), fusion: FusionParameters = .init(), gnn: GNNParameters? = nil
    ) {
        self.gbdt = gbdt
        self.logreg = logreg
        self.fusion = fusion
        self.gnn = gnn
    }

    /// Trains on matrix rows (labels and signals aligned with them). `graph` — the snapshot and
    /// the snapshot edge of every matrix row — is needed when `gnn` is set.
    public func train(
        _ matrix: FeatureMatrix, signals: FeatureMatrix, labels: [UInt8], slices: FusionSlices, graph: (snapshot: GraphSnapshot, edges: [Int])? = nil
    ) throws -> (FusedModel, FusionLog) {
        try fusion.validate()
        guard signals.rows == matrix.rows, labels.count == matrix.rows else {
            throw RiskModelError.shapeMismatch("\(matrix.rows) feature rows, \(signals.rows) signal rows, \(labels.count) labels")
        }
        for (name, rows) in [("stacking", slices.stack), ("calibration", slices.calibration)] {
            let positives = rows.reduce(0) { $0 + Int(labels[$1]) }
            guard positives > 0, positives < rows.count else {
                throw RiskModelError.unusableData(
                    "the fused model's \(name) slice (\(rows.count) transfers before the test slice) holds \(positives) laundering transfers; "
                        + "it needs both classes (train --model gbdt needs less data)")
            }
        }
        let (trees, treeLog) = try GBDTTrainer(parameters: gbdt).train(matrix, labels: labels, trainRows: slices.base, validationRows: slices.validation)
        var rng = SplitMix64(seed: gbdt.seed ^ 0x10_6E_6E)
        let linearRows = gbdt.negativeSampleRate >= 1 ? slices.base : slices.base.filter { labels[$0] == 1 || rng.unit() < gbdt.negativeSampleRate }
        let linear = try LogisticRegression(parameters: logreg).train(matrix, labels: labels, trainRows: linearRows)

        var network: (model: EdgeGNNModel, log: GNNTrainingLog)?
        if let gnn {
            guard let graph, graph.edges.count == matrix.rows else {
                throw RiskModelError.shapeMismatch("the GNN needs the snapshot edge of each of the \(matrix.rows) rows")
            }
            network = try EdgeGNNTrainer(parameters: gnn).train(graph.snapshot, edges: graph.edges, labels: labels, trainRows: slices.base)
        }

        let held = slices.stack + slices.calibration
        let heldMatrix = matrix.selecting(rows: held)
        let mg = trees.predictMargins(heldMatrix), ml = linear.predictMargins(heldMatrix)
        let mn = network.map { n in n.model.predictMargins(graph!.snapshot, edges: held.map { graph!.edges[$0] }) }
        let inputNames = FusedModel.baseInputNames + (mn == nil ? [] : [FusedModel.gnnInputName]) + signals.names
        let first = inputNames.count - signals.columns
        var inputs = FeatureMatrix(rows: held.count, names: inputNames)
        for (i, r) in held.enumerated() {
            inputs[i, 0] = Float(mg[i])
            inputs[i, 1] = Float(ml[i])
            if let mn { inputs[i, 2] = Float(mn[i]) }
            for k in 0..<signals.columns { inputs[i, first + k] = signals[r, k] }
        }
        var stackParameters = LogisticRegressionParameters()
        stackParameters.lambdaL2 = fusion.stackerLambda
        stackParameters.maxIterations = 50
        let stacker = try LogisticRegression(parameters: stackParameters).train(
            inputs, labels: held.map { labels[$0] }, trainRows: Array(0..<slices.stack.count))

        var partial = FusedModel(
            gbdt: trees, logreg: linear, gnn: network?.model, stacker: stacker, calibration: .platt(a: 1, b: 0), alertRate: fusion.alertRate, alertThreshold: 1,
            reviewThreshold: 1, parameters: fusion)
        let calibrationIndices = slices.stack.count..<held.count
        let margins = calibrationIndices.map { i in partial.stackMargin((0..<inputNames.count).map { Double(inputs[i, $0]) }) }
        let calibrationLabels = slices.calibration.map { labels[$0] }
        let calibration = try Calibration.fit(fusion.calibration, margins: margins, labels: calibrationLabels)
        let probabilities = margins.map(calibration.probability)
        let sorted = probabilities.sorted(by: >)
        func threshold(_ rate: Double) -> Double {
            sorted[min(sorted.count - 1, max(0, Int((rate * Double(sorted.count)).rounded(.up)) - 1))]
        }
        partial = FusedModel(
            gbdt: trees, logreg: linear, gnn: network?.model, stacker: stacker, calibration: calibration, alertRate: fusion.alertRate,
            alertThreshold: threshold(fusion.alertRate), reviewThreshold: threshold(min(1, fusion.alertRate * fusion.reviewMultiple)),
            parameters: fusion)
        var weights: [String: Double] = [:]
        for (k, name) in inputNames.enumerated() { weights[name] = stacker.weights[k] / stacker.scale[k] }
        let log = FusionLog(
            trees: treeLog.bestRound, gnn: network?.log, stackerWeights: weights,
            calibration: CalibrationReport(method: fusion.calibration.rawValue, probabilities: probabilities, labels: calibrationLabels))
        return (partial, log)
    }
}
