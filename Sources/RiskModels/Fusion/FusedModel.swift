// The final risk score: gradient-boosted trees, logistic regression, the GNN and detector
// signals stacked by a logistic regression fitted on a later, held-out slice, then calibrated to a
// probability, with thresholds set for an alert budget.
import Foundation

/// Options of fused training; every default is a named constant.
public struct FusionParameters: Sendable, Hashable, Codable {
    public static let defaultAlertRate = 0.01
    /// Share of the pre-test rows (the latest ones) held out for stacking and calibration.
    public static let defaultStackFraction = 0.2
    /// Share of the held-out slice (its later part) used for calibration and thresholds.
    public static let defaultCalibrationFraction = 0.4
    public static let defaultCalibration = CalibrationMethod.platt
    /// The `medium` band flags this many times the alert budget.
    public static let defaultReviewMultiple = 5.0
    public static let defaultStackerLambda = 1.0

    /// Share of transfers the `high` band may flag (the investigation team's budget), in (0, 1).
    public var alertRate = defaultAlertRate
    public var stackFraction = defaultStackFraction
    public var calibrationFraction = defaultCalibrationFraction
    public var calibration = defaultCalibration
    public var reviewMultiple = defaultReviewMultiple
    /// L2 penalty of the stacking regression (on standardised inputs).
    public var stackerLambda = defaultStackerLambda

    public init() {}

    public func validate() throws(RiskModelError) {
        guard alertRate > 0, alertRate < 1 else { throw .option("alertRate", "must be in (0, 1)", alertRate) }
        guard stackFraction > 0, stackFraction < 1 else { throw .option("stackFraction", "must be in (0, 1)", stackFraction) }
        guard calibrationFraction > 0, calibrationFraction < 1 else {
            throw .option("calibrationFraction", "must be in (0, 1)", calibrationFraction)
        }
        guard reviewMultiple >= 1, reviewMultiple.isFinite else { throw .option("reviewMultiple", "must be finite and >= 1", reviewMultiple) }
        guard stackerLambda >= 0, stackerLambda.isFinite else { throw .option("stackerLambda", "must be finite and >= 0", stackerLambda) }
    }
}

/// A fused model.
///
/// Scoring one transfer: the trees' margin `m_g` and the logistic regression's margin `m_l` on
/// the feature row, the GNN's margin `m_n` on the transfer's sampled neighbourhood (when the
/// model has one), the detector signals `s` (`DetectorSignals.names`), then the stacker's
/// margin `z = b + Σ c_k (x_k − μ_k)` over `x = (m_g, m_l, [m_n,] s…)` and the probability
/// `calibration.probability(z)`. `high` from `alertThreshold` (the score the top `alertRate`
/// of the calibration slice reached), `medium` from `reviewThreshold`.
///
/// Explanations are exact in margin space: the stacker is linear, so a feature's contribution
/// is `c_g × TreeSHAP_j + c_l × (linear term)_j`, a signal's is `c_k (s_k − μ_k)`, the GNN's
/// is `c_n (m_n − μ_n)` (one entry, `gnn_margin`), and `baseMargin + Σ contributions = z`.
public struct FusedModel: Sendable, Codable, Equatable {
    /// Columns of the feature row both base models read.
    public let featureNames: [String]
    public let gbdt: GBDTModel
    public let logreg: LogisticRegressionModel
    /// The message-passing network, when the run trained one.
    public let gnn: EdgeGNNModel?
    /// The stacker's inputs, in order: `gbdt_margin`, `logreg_margin`, `gnn_margin` (with a
    /// GNN), then the detector signals.
    public let inputNames: [String]
    public let stacker: LogisticRegressionModel
    public let calibration: Calibration
    public let alertRate: Double
    /// Calibrated score at or above which a transfer is `high` (alerted).
    public let alertThreshold: Double
    /// Calibrated score at or above which a transfer is at least `medium`.
    public let reviewThreshold: Double
    public let parameters: FusionParameters

    public static let baseInputNames = ["gbdt_margin", "logreg_margin"]
    public static let gnnInputName = "gnn_margin"

    public init(
        gbdt: GBDTModel, logreg: LogisticRegressionModel, gnn: EdgeGNNModel? = nil, stacker: LogisticRegressionModel, calibration: Calibration,
        alertRate: Double, alertThreshold: Double, reviewThreshold: Double, parameters: FusionParameters
    ) {
        featureNames = gbdt.featureNames
        self.gbdt = gbdt
        self.logreg = logreg
        self.gnn = gnn
        inputNames = stacker.featureNames
        self.stacker = stacker
        self.calibration = calibration
        self.alertRate = alertRate
        self.alertThreshold = alertThreshold
        self.reviewThreshold = reviewThreshold
        self.parameters = parameters
    }

    /// The stacker margin of one input vector (`inputNames` order), in Double throughout.
    public func stackMargin(_ inputs: [Double]) -> Double {
        var z = stacker.bias
        for k in 0..<inputs.count { z += stackTerm(k, inputs[k]) }
        return z
    }

    /// Input `k`'s term of the stacker margin (`x` its value).
    @inline(__always) func stackTerm(_ k: Int, _ x: Double) -> Double {
        stacker.weights[k] * (x - stacker.mean[k]) / stacker.scale[k]
    }

    /// The stacker margin from its inputs (`inputNames` order: the two base margins, the GNN
    /// margin when the model has one, the signals), as `stackMargin(_:)` adds them (the same
    /// double), without an input vector per transfer.
    func stackMargin(gbdt mg: Double, logreg ml: Double, gnn mn: Double?, signals: [Double]) -> Double {
        var z = stacker.bias
        z += stackTerm(0, mg)
        z += stackTerm(1, ml)
        forEachLaterInput(gnn: mn, signals: signals) { k, x in z += stackTerm(k, x) }
        return z
    }

    /// `body(k, x)` for each stacker input past the two base margins, in order: the GNN margin
    /// (read only when the model has a GNN), then the detector signals.
    @inline(__always) func forEachLaterInput(gnn mn: Double?, signals: [Double], _ body: (Int, Double) -> Void) {
        var k = 2
        if gnn != nil {
            body(k, mn ?? 0)
            k += 1
        }
        for s in signals {
            body(k, s)
            k += 1
        }
    }

    /// The stacker margin of one feature row, its GNN margin (ignored without a GNN) and its
    /// detector signals. `gbdtMargin`: the trees' margin of `row` when the caller already has
    /// it (from batch scoring, `GBDTModel.predictMargins`, which gives the same number).
    public func margin(row: [Float], gnnMargin: Double? = nil, signals: [Double], gbdtMargin: Double? = nil) -> Double {
        let ml = row.withUnsafeBufferPointer { logreg.margin($0.baseAddress!) }
        return stackMargin(gbdt: gbdtMargin ?? gbdt.margin(row), logreg: ml, gnn: gnnMargin, signals: signals)
    }

    /// Calibrated probability of one feature row, its GNN margin and its detector signals.
    public func probability(row: [Float], gnnMargin: Double? = nil, signals: [Double]) -> Double {
        calibration.probability(margin(row: row, gnnMargin: gnnMargin, signals: signals))
    }

    /// Stacker margins of every row (`signals` has one row per matrix row, `DetectorSignals`
    /// columns; `gnnMargins` one per row when the model has a GNN); trees score on all cores.
    public func predictMargins(_ matrix: FeatureMatrix, signals: FeatureMatrix, gnnMargins: [Double]? = nil) -> [Double] {
        let mg = gbdt.predictMargins(matrix)
        let ml = logreg.predictMargins(matrix)
        return (0..<matrix.rows).map { r in
            stackMargin(gbdt: mg[r], logreg: ml[r], gnn: gnnMargins?[r], signals: signals.row(r).map(Double.init))
        }
    }

    /// Names of what `explain` attributes the margin to: the feature columns, then
    /// `gnn_margin` (with a GNN), then the detector signals.
    public var explanationNames: [String] {
        featureNames + (gnn == nil ? [] : [Self.gnnInputName]) + DetectorSignals.names
    }

    /// Margin, base margin and the contribution of each of `explanationNames`, with
    /// `base + Σ contributions = margin`. `treeContributions`: the trees' SHAP values of `row`
    /// when the caller already has them (its slice of `TreeSHAP.contributions(rows:count:)` of a block).
    public func explain(
        row: [Float], gnnMargin: Double? = nil, signals: [Double], trees: TreeSHAP, gbdtMargin: Double? = nil,
        treeContributions: ArraySlice<Double>? = nil
    ) -> (margin: Double, base: Double, contributions: [Double]) {
        let cg = stacker.weights[0] / stacker.scale[0], cl = stacker.weights[1] / stacker.scale[1]
        // A slice of the block's values (no copy per row), indexed from its start.
        let phiG = treeContributions ?? trees.contributions(row)[...]
        let g0 = phiG.startIndex
        let features = featureNames.count
        // Filled in place, one allocation: the feature columns, then each input past the two
        // base margins (GNN margin, signals) with its own term.
        let out = [Double](unsafeUninitializedCapacity: features + (gnn == nil ? 0 : 1) + signals.count) { buffer, filled in
            for j in 0..<features {
                let linear = logreg.weights[j] * (Double(row[j]) - logreg.mean[j]) / logreg.scale[j]
                buffer[j] = cg * phiG[g0 + j] + cl * linear
            }
            var at = features
            forEachLaterInput(gnn: gnnMargin, signals: signals) { k, x in
                buffer[at] = stackTerm(k, x)
                at += 1
            }
            filled = at
        }
        return (margin(row: row, gnnMargin: gnnMargin, signals: signals, gbdtMargin: gbdtMargin), baseMargin(trees: trees), out)
    }

    /// The base margin of `explain` (the same for every row): what the contributions add to.
    public func baseMargin(trees: TreeSHAP) -> Double {
        let cg = stacker.weights[0] / stacker.scale[0], cl = stacker.weights[1] / stacker.scale[1]
        return stacker.bias + cg * (trees.expectedValue - stacker.mean[0]) + cl * (logreg.bias - stacker.mean[1])
    }
}
