// The boosting loop: logistic loss, rare-class handling, early stopping on a validation slice.
import Foundation

/// What a training run reports besides the model.
public struct GBDTTrainingLog: Sendable, Codable, Equatable {
    /// Trees kept (the best validation round, or all rounds without validation).
    public var bestRound: Int
    /// Rounds actually boosted (early stopping may end before `rounds`).
    public var roundsRun: Int
    /// Validation log-loss per round (empty without validation).
    public var validationLoss: [Double]
    /// Rows the trees were fit on after negative sampling.
    public var trainRowsUsed: Int
}

/// Gradient-boosted decision trees for binary classification with the logistic loss.
///
/// Each round computes per-row gradients `g = w (p − y)` and hessians `h = w p (1 − p)` of the
/// log-loss at the current margins (`p = σ(margin)`, `w` the class weight), grows one tree with
/// `HistogramTreeLearner` on the binned rows, and adds its leaf values to the margins of the
/// rows in each leaf. The initial margin is the log-odds of the weighted positive rate.
/// Rare-class handling: `negativeSampleRate` keeps a seeded share of the negatives (once,
/// before boosting) and `positiveWeight` scales the positives' loss. With a validation slice,
/// training stops once the validation log-loss has not improved for `earlyStoppingRounds`
/// rounds and the model keeps the trees up to the best round.
///
/// - Parameters: `GBDTParameters` (defaults there, LightGBM names).
/// - Complexity: O(rounds × (n × F + splits × smaller child × F + leaves × total bins)) time
///   for n sampled rows and F features; memory n × F bytes of bins plus one histogram per leaf.
/// - Reference: J. H. Friedman, "Greedy function approximation: a gradient boosting machine",
///   Ann. Statist. 29(5), 2001, https://doi.org/10.1214/aos/1013203451 ; histogram and
///   leaf-wise growth after LightGBM (Ke et al., NeurIPS 2017).
///
/// ```swift
/// var p = GBDTParameters(); p.negativeSampleRate = 0.2
/// let (model, log) = try GBDTTrainer(parameters: p).train(matrix, labels: y, trainRows: train, validationRows: valid)
/// let scores = model.predictProbabilities(testMatrix)
/// ```
public struct GBDTTrainer: Sendable {
    public let parameters: GBDTParameters

    public init(parameters: GBDTParameters = .init()) {
        self.parameters = parameters
    }

    /// Trains on `trainRows` of `matrix` (labels 0/1 per matrix row), stopping early on
    /// `validationRows` when given.
    public func train(_ matrix: FeatureMatrix, labels: [UInt8], trainRows: [Int], validationRows: [Int] = []) throws -> (GBDTModel, GBDTTrainingLog) {
        let p = parameters
        try p.validate()
        guard labels.count == matrix.rows else { throw RiskModelError.shapeMismatch("\(labels.count) labels for \(matrix.rows) rows") }
        let positives = trainRows.filter { labels[$0] == 1 }
        guard !positives.isEmpty, positives.count < trainRows.count else {
            throw RiskModelError.unusableData("the training rows hold only one class (\(positives.count) positive of \(trainRows.count))")
        }

        // Negative sampling: seeded, rows kept in their original order.
        var rng = SplitMix64(seed: p.seed)
        let used = p.negativeSampleRate >= 1 ? trainRows : trainRows.filter { labels[$0] == 1 || rng.unit() < p.negativeSampleRate }
        let binner = FeatureBinner.fit(matrix, rows: used, maxBins: p.maxBins, seed: p.seed)
        let bins = binner.bin(matrix, rows: used)
        let n = used.count, nf = matrix.columns
        let y = used.map { Double(labels[$0]) }
        let w = used.map { labels[$0] == 1 ? p.positiveWeight : 1 }
        let weightedPositive = zip(y, w).reduce(0.0) { $0 + $1.0 * $1.1 }
        let rate = min(max(weightedPositive / w.reduce(0, +), 1e-12), 1 - 1e-12)
        let base = log(rate / (1 - rate))

        let validBins = binner.bin(matrix, rows: validationRows)
        let validY = validationRows.map { Double(labels[$0]) }
        var validMargin = [Double](repeating: base, count: validationRows.count)

        var margin = [Double](repeating: base, count: n)
        // Per row (gradient, hessian, 1, 0): the learner adds it to a bin in one vector add.
        var gh = [HistogramTreeLearner.Sums](repeating: .zero, count: n)
        var order = [Int32](repeating: 0, count: n)
        var trees: [RegressionTree] = []
        var losses: [Double] = []
        var bestLoss = Double.infinity
        var bestRound = 0
        var roundsRun = 0

        try bins.withUnsafeBufferPointer { binPtr in
            let learner = HistogramTreeLearner(bins: binPtr.baseAddress!, binCounts: (0..<nf).map(binner.binCount), params: p)
            for round in 0..<p.rounds {
                for i in 0..<n {
                    let prob = 1 / (1 + exp(-margin[i]))
                    gh[i] = HistogramTreeLearner.Sums(w[i] * (prob - y[i]), max(w[i] * prob * (1 - prob), 1e-16), 1, 0)
                    order[i] = Int32(i)
                }
                let allowed = featureMask(nf, round: round)
                let (grown, segments) = order.withUnsafeMutableBufferPointer { o in
                    gh.withUnsafeBufferPointer { learner.grow(order: o.baseAddress!, count: n, rows: $0.baseAddress!, allowed: allowed) }
                }
                var tree = grown
                for k in 0..<tree.nodeCount {
                    tree.threshold[k] = binner.upperBounds[Int(tree.feature[k])][Int(tree.thresholdBin[k])]
                }
                for (leaf, segment) in segments.enumerated() {
                    let v = tree.leafValue[leaf]
                    for i in segment { margin[Int(order[i])] += v }
                }
                trees.append(tree)
                roundsRun = round + 1
                if validationRows.isEmpty { continue }
                validBins.withUnsafeBufferPointer { vb in
                    for i in 0..<validationRows.count { validMargin[i] += tree.leafValue[tree.leaf(bins: vb.baseAddress! + i * nf)] }
                }
                let loss = Self.logLoss(margins: validMargin, labels: validY)
                losses.append(loss)
                if loss < bestLoss - 1e-12 {
                    bestLoss = loss
                    bestRound = round + 1
                } else if p.earlyStoppingRounds > 0 && round + 1 - bestRound >= p.earlyStoppingRounds {
                    break
                }
                try Task.checkCancellation()
            }
        }
        let kept = validationRows.isEmpty ? trees.count : max(1, bestRound)
        let model = GBDTModel(featureNames: matrix.names, baseScore: base, trees: Array(trees.prefix(kept)), parameters: p)
        return (model, GBDTTrainingLog(bestRound: kept, roundsRun: roundsRun, validationLoss: losses, trainRowsUsed: n))
    }

    /// Features a round may split on: all, or a seeded `featureFraction` of them (at least one).
    private func featureMask(_ nf: Int, round: Int) -> [Bool] {
        guard parameters.featureFraction < 1 else { return [Bool](repeating: true, count: nf) }
        var rng = SplitMix64(seed: parameters.seed &+ UInt64(round) &* 0x9E37_79B9)
        let k = max(1, Int((Double(nf) * parameters.featureFraction).rounded()))
        var idx = Array(0..<nf)
        for i in 0..<k { idx.swapAt(i, i + rng.below(nf - i)) }
        var mask = [Bool](repeating: false, count: nf)
        for i in idx.prefix(k) { mask[i] = true }
        return mask
    }

    /// Mean log-loss of margins against 0/1 labels, computed stably from the margin.
    static func logLoss(margins: [Double], labels: [Double]) -> Double {
        var total = 0.0
        for (m, y) in zip(margins, labels) {
            // log(1 + e^m) − y m, written to avoid overflow for large |m|.
            total += (m > 0 ? m + log1p(exp(-m)) : log1p(exp(m))) - y * m
        }
        return total / Double(max(1, margins.count))
    }
}
