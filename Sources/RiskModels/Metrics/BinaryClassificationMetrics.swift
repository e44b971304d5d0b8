// Evaluation of a scored, labelled test set the way AML teams read it: ranking quality
// (PR-AUC, ROC-AUC), the best operating point for the rare class, and recall at an alert budget.

/// The confusion matrix at one threshold (`score >= threshold` is flagged).
public struct ConfusionMatrix: Sendable, Codable, Equatable {
    public var truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int

    public init(truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }
}

/// One point of a PR curve (`x` recall, `y` precision) or ROC curve (`x` FPR, `y` TPR).
public struct CurvePoint: Sendable, Codable, Equatable {
    public var x: Double, y: Double, threshold: Double

    public init(x: Double, y: Double, threshold: Double) {
        self.x = x
        self.y = y
        self.threshold = threshold
    }
}

/// Metrics of scores against 0/1 labels.
///
/// - `prAUC`: average precision, `Σ (R_k − R_{k−1}) P_k` over descending distinct thresholds,
///   as scikit-learn's `average_precision_score` (no interpolation).
/// - `rocAUC`: area under the ROC curve by the trapezoid rule over distinct thresholds (ties
///   count half), as `roc_auc_score`.
/// - `f1`, `precision`, `recall`, `threshold`: the minority-class F1 at the threshold (one of
///   the scores) that maximises it, the highest such threshold on ties.
/// - `recallAtAlertRate`: share of positives among the top `⌈alertRate × n⌉` scores (ties
///   broken by row order): what an investigation team with that alert budget would catch.
/// - `confusion` at `threshold`; `prCurve` and `rocCurve` thinned to at most `curvePoints`
///   (the ROC origin has threshold `greatestFiniteMagnitude`: above every score, yet valid JSON).
/// Without positives (or negatives) the ranking metrics are 0.
///
/// - Complexity: O(n log n) for the sort, O(n) after.
/// - Reference: T. Saito, M. Rehmsmeier, "The Precision-Recall Plot Is More Informative than
///   the ROC Plot When Evaluating Binary Classifiers on Imbalanced Datasets", PLoS ONE 10(3),
///   2015, https://doi.org/10.1371/journal.pone.0118432 ; scikit-learn's definitions,
///   https://scikit-learn.org/stable/modules/model_evaluation.html
public struct BinaryClassificationMetrics: Sendable, Codable, Equatable {
    public static let defaultAlertRate = 0.01
    public static let defaultCurvePoints = 200

    public var count: Int
    public var positives: Int
    public var prAUC: Double
    public var rocAUC: Double
    public var f1: Double
    public var precision: Double
    public var recall: Double
    public var threshold: Double
    public var alertRate: Double
    public var recallAtAlertRate: Double
    public var confusion: ConfusionMatrix
    public var prCurve: [CurvePoint]
    public var rocCurve: [CurvePoint]

    public init(scores: [Double], labels: [UInt8], alertRate: Double = defaultAlertRate, curvePoints: Int = defaultCurvePoints) {
        precondition(scores.count == labels.count, "one label per score")
        let n = scores.count
        let order = (0..<n).sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        let positives = labels.reduce(0) { $0 + Int($1) }
        let negatives = n - positives
        count = n
        self.positives = positives
        self.alertRate = alertRate

        var tp = 0, fp = 0
        var ap = 0.0, auc = 0.0
        var lastRecall = 0.0, lastFPR = 0.0, lastTPR = 0.0
        var best = (f1: 0.0, p: 0.0, r: 0.0, t: scores.max() ?? 0.5, tp: 0, fp: 0)
        var pr: [CurvePoint] = [], roc: [CurvePoint] = [CurvePoint(x: 0, y: 0, threshold: .greatestFiniteMagnitude)]
        var i = 0
        while i < n {
            let t = scores[order[i]]
            // One group per distinct score: tied rows enter the curve together.
            while i < n && scores[order[i]] == t {
                if labels[order[i]] == 1 { tp += 1 } else { fp += 1 }
                i += 1
            }
            let p = Double(tp) / Double(tp + fp)
            let r = positives > 0 ? Double(tp) / Double(positives) : 0
            ap += (r - lastRecall) * p
            lastRecall = r
            let fpr = negatives > 0 ? Double(fp) / Double(negatives) : 0
            auc += (fpr - lastFPR) * (r + lastTPR) / 2
            lastFPR = fpr
            lastTPR = r
            let f = p + r > 0 ? 2 * p * r / (p + r) : 0
            if f > best.f1 { best = (f, p, r, t, tp, fp) }
            pr.append(CurvePoint(x: r, y: p, threshold: t))
            roc.append(CurvePoint(x: fpr, y: r, threshold: t))
        }
        let ranked = positives > 0 && negatives > 0
        prAUC = ranked ? ap : 0
        rocAUC = ranked ? auc : 0
        f1 = best.f1
        precision = best.p
        recall = best.r
        threshold = best.t
        confusion = ConfusionMatrix(
            truePositives: best.tp, falsePositives: best.fp, trueNegatives: negatives - best.fp, falseNegatives: positives - best.tp)
        let k = min(n, max(1, Int((alertRate * Double(n)).rounded(.up))))
        let caught = order.prefix(k).reduce(0) { $0 + Int(labels[$1]) }
        recallAtAlertRate = positives > 0 ? Double(caught) / Double(positives) : 0
        prCurve = Self.thin(pr, to: curvePoints)
        rocCurve = Self.thin(roc, to: curvePoints)
    }

    /// At most `k` points, evenly spaced along the curve, first and last kept.
    static func thin(_ points: [CurvePoint], to k: Int) -> [CurvePoint] {
        guard points.count > k, k >= 2 else { return points }
        return (0..<k).map { points[$0 * (points.count - 1) / (k - 1)] }
    }

    /// The confusion matrix at any threshold (`score >= threshold` flagged).
    public static func confusion(scores: [Double], labels: [UInt8], threshold: Double) -> ConfusionMatrix {
        var c = ConfusionMatrix(truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0)
        for (s, y) in zip(scores, labels) {
            switch (s >= threshold, y == 1) {
            case (true, true): c.truePositives += 1
            case (true, false): c.falsePositives += 1
            case (false, false): c.trueNegatives += 1
            case (false, true): c.falseNegatives += 1
            }
        }
        return c
    }
}
