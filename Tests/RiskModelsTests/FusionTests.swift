import Foundation
import GraphAlgorithms
@testable import RiskModels
import Testing

/// `syntheticProblem` plus detector signals that know something the features do not:
/// `det_shared_finding` fires for half the positives and 2% of the negatives.
func fusionProblem(rows: Int, seed: UInt64) -> (FeatureMatrix, FeatureMatrix, [UInt8]) {
    let (m, y) = syntheticProblem(rows: rows, seed: seed)
    var rng = TestRNG(state: seed ^ 0xF00D)
    var s = FeatureMatrix(rows: rows, names: DetectorSignals.names)
    let shared = DetectorSignals.names.firstIndex(of: "det_shared_finding")!
    for r in 0..<rows where rng.unit() < (y[r] == 1 ? 0.5 : 0.02) { s[r, shared] = 1 }
    return (m, s, y)
}

@Suite("Fusion")
struct FusionTests {
    static func slices(_ n: Int) -> (FusionSlices, test: [Int]) {
        let testStart = n * 8 / 10
        return (FusionSlices.carve(Array(0..<testStart), validationFraction: 0.1, parameters: FusionParameters()), Array(testStart..<n))
    }

    /// Slices are disjoint, in time order and of the documented sizes.
    @Test func carving() {
        let s = FusionSlices.carve(Array(0..<1_000), validationFraction: 0.1, parameters: FusionParameters())
        #expect(s.base == Array(0..<720) && s.validation == Array(720..<800))
        #expect(s.stack == Array(800..<920) && s.calibration == Array(920..<1_000))
    }

    /// Stacking adds the detector signal's information: the fused test PR-AUC beats the trees'
    /// own; the stacker leans on the signal; the alert threshold flags about the budgeted share;
    /// and the calibrated probabilities average out to the test positive rate.
    @Test func stackingHelpsAndCalibrates() throws {
        let n = 20_000
        let (m, s, y) = fusionProblem(rows: n, seed: 5)
        let (slices, test) = Self.slices(n)
        var g = GBDTParameters()
        g.rounds = 80
        g.learningRate = 0.1
        var f = FusionParameters()
        f.alertRate = 0.05
        let (model, log) = try FusionTrainer(gbdt: g, fusion: f).train(m, signals: s, labels: y, slices: slices)
        let testMatrix = m.selecting(rows: test), testSignals = s.selecting(rows: test)
        let labels = test.map { y[$0] }
        let fused = model.predictMargins(testMatrix, signals: testSignals).map(model.calibration.probability)
        let trees = BinaryClassificationMetrics(scores: model.gbdt.predictMargins(testMatrix), labels: labels)
        let stacked = BinaryClassificationMetrics(scores: fused, labels: labels)
        #expect(stacked.prAUC > trees.prAUC + 0.02, "fused \(stacked.prAUC), trees \(trees.prAUC)")
        #expect((log.stackerWeights["det_shared_finding"] ?? 0) > 0.5, "\(log.stackerWeights)")
        let report = CalibrationReport(method: "platt", probabilities: fused, labels: labels)
        #expect(abs(report.meanProbability - report.positiveRate) < 0.02 && report.ece < 0.05, "\(report)")
        let share = Double(fused.filter { $0 >= model.alertThreshold }.count) / Double(fused.count)
        #expect(share > 0.03 && share < 0.08, "alert share \(share)")
        #expect(model.reviewThreshold <= model.alertThreshold)
    }

    /// A fused model explains itself exactly: base + Σ (features and signals) = margin, and
    /// the margin equals the batch path's.
    @Test func explanationSumsToMargin() throws {
        let (m, s, y) = fusionProblem(rows: 6_000, seed: 9)
        let (slices, _) = Self.slices(6_000)
        var g = GBDTParameters()
        g.rounds = 30
        let (model, _) = try FusionTrainer(gbdt: g).train(m, signals: s, labels: y, slices: slices)
        let shap = TreeSHAP(model: model.gbdt)
        let batch = model.predictMargins(m, signals: s)
        for r in [0, 17, 4_321, 5_999] {
            let signals = s.row(r).map(Double.init)
            let (margin, base, phi) = model.explain(row: m.row(r), signals: signals, trees: shap)
            #expect(phi.count == 6 + DetectorSignals.names.count)
            #expect(abs(base + phi.reduce(0, +) - margin) < 1e-9)
            #expect(abs(margin - batch[r]) < 1e-9)
        }
    }

    /// Without laundering in the held-out slice there is nothing to stack: a clear error.
    @Test func heldOutSliceNeedsBothClasses() throws {
        let (m, s, y0) = fusionProblem(rows: 2_000, seed: 3)
        var y = y0
        let (slices, _) = Self.slices(2_000)
        for r in slices.stack { y[r] = 0 }
        #expect(throws: RiskModelError.self) { try FusionTrainer().train(m, signals: s, labels: y, slices: slices) }
        do {
            _ = try FusionTrainer().train(m, signals: s, labels: y, slices: slices)
        } catch {
            #expect("\(error)".contains("stacking slice") && "\(error)".contains("holds 0 laundering transfers"))
        }
    }

    /// A fused model survives its file format bit for bit; a flipped byte is refused.
    @Test func fileRoundTrip() throws {
        let (m, s, y) = fusionProblem(rows: 3_000, seed: 4)
        let (slices, _) = Self.slices(3_000)
        var g = GBDTParameters()
        g.rounds = 10
        var f = FusionParameters()
        f.calibration = .isotonic
        let (model, _) = try FusionTrainer(gbdt: g, fusion: f).train(m, signals: s, labels: y, slices: slices)
        let artifact = ModelArtifact(model: .fused(model), featureSet: .all, featureOptions: .init(), threshold: model.alertThreshold)
        var data = try ModelFile.encode(artifact)
        #expect(try ModelFile.decode(data) == artifact)
        data[data.count / 2] ^= 0x20
        #expect(throws: RiskModelError.self) { try ModelFile.decode(data) }
    }

    /// Detector signals count only findings near the transfer's time, per account.
    @Test func detectorSignalsByTime() {
        let day: Int64 = 86_400
        let findings = [
            Finding(typology: .cycle, accounts: [0, 1, 2], transfers: [0, 1, 2], amount: 3, startTs: 10 * day, endTs: 12 * day, score: 0.9),
            Finding(typology: .fanOut, accounts: [0, 5], transfers: [3], amount: 1, startTs: 40 * day, endTs: 40 * day, score: 0.4),
        ]
        let d = DetectorSignals(findings: findings)
        #expect(d.values(source: 0, target: 1, timestamp: 11 * day) == [1, 1, 0.9, 0.9, 1, 1])
        #expect(d.values(source: 0, target: 5, timestamp: 42 * day) == [1, 1, 0.4, 0.4, 1, 0])
        #expect(d.values(source: 0, target: 5, timestamp: 44 * day) == [0, 0, 0, 0, 0, 0])
        #expect(d.values(source: -1, target: 2, timestamp: 14 * day) == [0, 1, 0, 0.9, 0, 1])
    }
}
