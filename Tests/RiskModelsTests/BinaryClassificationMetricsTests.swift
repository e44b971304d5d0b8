import Foundation
import RiskModels
import Testing

@Suite("Classification metrics")
struct BinaryClassificationMetricsTests {
    /// Six scores worked by hand: AP 13/18, ROC-AUC 5/9, best F1 2/3 at 0.7 (the higher of two
    /// tied thresholds), confusion at it, recall at a 1% budget (one alert) 1/3.
    @Test func handComputed() {
        let m = BinaryClassificationMetrics(scores: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4], labels: [1, 0, 1, 0, 0, 1])
        #expect(abs(m.prAUC - 13.0 / 18) < 1e-12)
        #expect(abs(m.rocAUC - 5.0 / 9) < 1e-12)
        #expect(abs(m.f1 - 2.0 / 3) < 1e-12 && m.threshold == 0.7)
        #expect(abs(m.precision - 2.0 / 3) < 1e-12 && abs(m.recall - 2.0 / 3) < 1e-12)
        #expect(m.confusion == ConfusionMatrix(truePositives: 2, falsePositives: 1, trueNegatives: 2, falseNegatives: 1))
        #expect(abs(m.recallAtAlertRate - 1.0 / 3) < 1e-12)
        #expect(BinaryClassificationMetrics.confusion(scores: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4], labels: [1, 0, 1, 0, 0, 1], threshold: 0.7) == m.confusion)
    }

    /// Tied scores enter the curves together: one positive and one negative tied give 0.5 for both AUCs.
    @Test func ties() {
        let m = BinaryClassificationMetrics(scores: [0.5, 0.5], labels: [1, 0])
        #expect(m.prAUC == 0.5 && m.rocAUC == 0.5)
        #expect(m.rocCurve.first == CurvePoint(x: 0, y: 0, threshold: .greatestFiniteMagnitude) && m.rocCurve.last?.x == 1)
    }

    /// One class only: ranking metrics are 0, not NaN.
    @Test func oneClass() {
        let m = BinaryClassificationMetrics(scores: [0.1, 0.2], labels: [0, 0])
        #expect(m.prAUC == 0 && m.rocAUC == 0 && m.f1 == 0 && m.recallAtAlertRate == 0)
    }

    /// AP, ROC-AUC and the best-F1 operating point equal scikit-learn's on four seeded cases
    /// (continuous scores, heavy ties, 0.4% positives, 12 rows); fixture by make_metric_fixtures.py.
    @Test func matchesScikitLearn() throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: fixtureURL("sklearn_metrics.json"))) as! [String: Any]
        let cases = json["cases"] as! [[String: Any]]
        #expect(cases.count == 4)
        for c in cases {
            let scores = (c["scores"] as! [NSNumber]).map(\.doubleValue)
            let labels = (c["labels"] as! [NSNumber]).map { UInt8($0.intValue) }
            let m = BinaryClassificationMetrics(scores: scores, labels: labels)
            func ref(_ k: String) -> Double { (c[k] as! NSNumber).doubleValue }
            let name = c["name"] as! String
            #expect(abs(m.prAUC - ref("average_precision")) < 1e-12, "\(name) AP")
            #expect(abs(m.rocAUC - ref("roc_auc")) < 1e-12, "\(name) ROC")
            #expect(abs(m.f1 - ref("best_f1")) < 1e-12, "\(name) F1")
            #expect(m.threshold == ref("best_threshold"), "\(name) threshold")
            #expect(abs(m.precision - ref("best_precision")) < 1e-12 && abs(m.recall - ref("best_recall")) < 1e-12, "\(name) P/R")
            #expect(abs(m.recallAtAlertRate - ref("recall_at_1pct")) < 1e-12, "\(name) recall@1%")
        }
    }

    /// Curves are thinned to the requested number of points, keeping both ends.
    @Test func thinning() {
        var rng = TestRNG(state: 3)
        let scores = (0..<5_000).map { _ in rng.unit() }
        let labels = (0..<5_000).map { _ in UInt8(rng.int(2)) }
        let m = BinaryClassificationMetrics(scores: scores, labels: labels, curvePoints: 50)
        #expect(m.prCurve.count == 50 && m.rocCurve.count == 50)
        #expect(m.rocCurve.last?.x == 1 && m.rocCurve.last?.y == 1 && m.prCurve.last?.x == 1)
    }
}
