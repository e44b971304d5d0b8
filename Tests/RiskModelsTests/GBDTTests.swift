import Foundation
@testable import RiskModels
import Testing

/// A noisy rule over 6 features: positive when x0 > 0.6 and x1 < 0.3, or x2 > 0.95; 5% flips.
func syntheticProblem(rows: Int, seed: UInt64) -> (FeatureMatrix, [UInt8]) {
    var rng = TestRNG(state: seed)
    var values: [Float] = []
    var labels: [UInt8] = []
    for _ in 0..<rows {
        let x = (0..<6).map { _ in Float(rng.unit()) }
        var y = (x[0] > 0.6 && x[1] < 0.3) || x[2] > 0.95
        if rng.unit() < 0.05 { y.toggle() }
        values += x
        labels.append(y ? 1 : 0)
    }
    return (try! FeatureMatrix(rows: rows, columns: 6, values: values, names: (0..<6).map { "x\($0)" }), labels)
}

@Suite("Gradient-boosted trees")
struct GBDTTests {
    /// Boosting learns a noisy rule: test ROC-AUC within 0.03 of the rule itself (the best any
    /// scorer can do under 5% label noise), and the three rule features carry the most gain.
    @Test func learnsRule() throws {
        let (m, y) = syntheticProblem(rows: 6_000, seed: 1)
        var p = GBDTParameters()
        p.rounds = 100
        p.learningRate = 0.1
        let (model, log) = try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: Array(0..<4_000), validationRows: Array(4_000..<5_000))
        let test = m.selecting(rows: Array(5_000..<6_000))
        let metrics = BinaryClassificationMetrics(scores: model.predictProbabilities(test), labels: Array(y[5_000...]))
        let rule = (5_000..<6_000).map { r in (m[r, 0] > 0.6 && m[r, 1] < 0.3) || m[r, 2] > 0.95 ? 1.0 : 0.0 }
        let ceiling = BinaryClassificationMetrics(scores: rule, labels: Array(y[5_000...])).rocAUC
        #expect(metrics.rocAUC > ceiling - 0.03, "AUC \(metrics.rocAUC), rule \(ceiling)")
        #expect(log.bestRound >= 1 && log.bestRound <= 100)
        let importance = model.gainImportance
        let top = importance.indices.sorted { importance[$0] > importance[$1] }
        #expect(Set(top.prefix(3)) == [0, 1, 2])
    }

    /// Same seed, same model, whatever the thread count; a different seed changes a sampled model.
    @Test func deterministic() throws {
        let (m, y) = syntheticProblem(rows: 40_000, seed: 2)
        var p = GBDTParameters()
        p.rounds = 15
        p.negativeSampleRate = 0.5
        p.featureFraction = 0.8
        let rows = Array(0..<40_000)
        let a = try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: rows).0
        let b = try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: rows).0
        p.threads = 1
        let c = try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: rows).0
        #expect(a == b)
        #expect(a.trees == c.trees)
        p.seed = 7
        let d = try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: rows).0
        #expect(a.trees != d.trees)
    }

    /// Trees obey the limits: at most maxLeaves leaves, depth at most maxDepth, and every leaf
    /// covers at least minDataInLeaf rows.
    @Test func limits() throws {
        let (m, y) = syntheticProblem(rows: 3_000, seed: 3)
        var p = GBDTParameters()
        p.rounds = 10
        p.maxLeaves = 7
        p.maxDepth = 3
        p.minDataInLeaf = 50
        let model = try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: Array(0..<3_000)).0
        for t in model.trees {
            #expect(t.leafCount <= 7 && t.depth <= 3)
            #expect(t.leafCover.allSatisfy { $0 >= 50 })
        }
    }

    /// Early stopping ends training once validation loss stops improving and keeps the best round.
    @Test func earlyStopping() throws {
        let (m, y) = syntheticProblem(rows: 3_000, seed: 4)
        var p = GBDTParameters()
        p.rounds = 2_000
        p.learningRate = 0.3
        p.earlyStoppingRounds = 10
        let (model, log) = try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: Array(0..<2_000), validationRows: Array(2_000..<3_000))
        #expect(log.roundsRun < 2_000)
        #expect(log.roundsRun == log.bestRound + 10)
        #expect(model.trees.count == log.bestRound)
        #expect(log.validationLoss[log.bestRound - 1] == log.validationLoss.min())
    }

    /// Batch scoring equals one-row scoring; one thread equals all threads.
    @Test func batchScoringMatchesSingleRows() throws {
        let (m, y) = syntheticProblem(rows: 5_000, seed: 5)
        var p = GBDTParameters()
        p.rounds = 30
        let model = try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: Array(0..<5_000)).0
        let batch = model.predictMargins(m)
        #expect(batch == model.predictMargins(m, threads: 1))
        for r in stride(from: 0, to: 5_000, by: 97) { #expect(abs(batch[r] - model.margin(m.row(r))) < 1e-12) }
    }

    /// The compiled forest scores exactly like the float trees on values the rank encoding
    /// could get wrong: NaN (always left), values equal to a threshold (left), just above it
    /// (right), ±infinity; and a hand-made tree it cannot hold (a NaN threshold) falls back to
    /// the float walk with the same margins.
    @Test func compiledForestEdgeValues() throws {
        let (m, y) = syntheticProblem(rows: 3_000, seed: 12)
        var p = GBDTParameters()
        p.rounds = 40
        let model = try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: Array(0..<3_000)).0
        #expect(model.forest.compiled)
        var values: [Float] = []
        for t in model.trees.prefix(10) {
            for k in 0..<t.nodeCount {
                var row = [Float](repeating: 0.5, count: 6)
                for v in [t.threshold[k], t.threshold[k].nextUp, t.threshold[k].nextDown, .nan, .infinity, -.infinity] {
                    row[Int(t.feature[k])] = v
                    values += row
                }
            }
        }
        let edge = try FeatureMatrix(rows: values.count / 6, columns: 6, values: values, names: m.names)
        let batch = model.predictMargins(edge)
        #expect((0..<edge.rows).allSatisfy { batch[$0] == model.margin(edge.row($0)) })

        var odd = model.trees[0]
        odd.threshold[0] = .nan
        let handMade = GBDTModel(featureNames: m.names, baseScore: 0, trees: [odd, model.trees[1]], parameters: p)
        #expect(!handMade.forest.compiled)
        let fallback = handMade.predictMargins(edge)
        #expect((0..<edge.rows).allSatisfy { fallback[$0] == handMade.margin(edge.row($0)) })
    }

    /// Quantile bins: never more than maxBins, one bin per value for few distinct values, and
    /// each value's bin bound is the smallest bound at or above it.
    @Test func binning() throws {
        let (m, _) = syntheticProblem(rows: 5_000, seed: 6)
        let binner = FeatureBinner.fit(m, rows: Array(0..<5_000), maxBins: 255, seed: 1)
        #expect((0..<6).allSatisfy { binner.binCount($0) <= 255 && binner.binCount($0) > 200 })
        let few = FeatureBinner.fitFeature([1, 1, 2, 2, 2, 5, 9], maxBins: 255)
        #expect(few == [1.5, 3.5, 7, .infinity])
        let b = FeatureBinner(upperBounds: [few])
        #expect([1, 2, 5, 9, 100, -3, .nan].map { b.bin($0, feature: 0) } == [0, 1, 2, 3, 3, 0, 0])
    }

    /// Invalid parameters are refused naming the parameter; one class only is refused.
    @Test func badInput() throws {
        var p = GBDTParameters()
        p.maxLeaves = 1
        #expect(throws: RiskModelError.invalidOption(option: "maxLeaves", requirement: "must be in 2...4096", value: "1")) { try p.validate() }
        let (m, _) = syntheticProblem(rows: 100, seed: 7)
        #expect(throws: RiskModelError.self) {
            try GBDTTrainer().train(m, labels: [UInt8](repeating: 0, count: 100), trainRows: Array(0..<100))
        }
    }

    /// Logistic regression reaches the optimum: the penalised gradient vanishes, and it ranks
    /// the rule's rows well above chance.
    @Test func logisticRegression() throws {
        let (m, y) = syntheticProblem(rows: 4_000, seed: 8)
        let model = try LogisticRegression().train(m, labels: y, trainRows: Array(0..<4_000))
        var grad = [Double](repeating: 0, count: 7)
        let margins = model.predictMargins(m)
        for r in 0..<4_000 {
            let g = 1 / (1 + exp(-margins[r])) - Double(y[r])
            grad[0] += g
            for j in 0..<6 { grad[j + 1] += g * (Double(m[r, j]) - model.mean[j]) / model.scale[j] }
        }
        for j in 0..<6 { grad[j + 1] += model.parameters.lambdaL2 * model.weights[j] }
        #expect(grad.allSatisfy { abs($0) < 1e-4 })
        #expect(model.weights[0] > 0 && model.weights[1] < 0)
        #expect(BinaryClassificationMetrics(scores: margins, labels: y).rocAUC > 0.75)
    }
}
