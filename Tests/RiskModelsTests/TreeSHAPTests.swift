import Foundation
import RiskModels
import Testing

@Suite("TreeSHAP")
struct TreeSHAPTests {
    /// Conditional expectation of a tree given the features in `s`: follow x where the feature
    /// is known, else average the branches by training cover (the path-dependent definition).
    func expectation(_ t: RegressionTree, _ x: [Float], _ s: Set<Int>, _ c: Int32 = 0) -> Double {
        if t.nodeCount == 0 { return t.leafValue[0] }
        if c < 0 { return t.leafValue[Int(~c)] }
        let k = Int(c), f = Int(t.feature[k])
        if s.contains(f) { return expectation(t, x, s, x[f] > t.threshold[k] ? t.right[k] : t.left[k]) }
        func cover(_ c: Int32) -> Double { c < 0 ? t.leafCover[Int(~c)] : t.nodeCover[Int(c)] }
        let l = t.left[k], r = t.right[k]
        return (cover(l) * expectation(t, x, s, l) + cover(r) * expectation(t, x, s, r)) / t.nodeCover[k]
    }

    /// Shapley values by enumerating every coalition (2^M of them).
    func bruteForce(_ model: GBDTModel, _ x: [Float]) -> [Double] {
        let m = model.featureNames.count
        func value(_ s: Set<Int>) -> Double { model.trees.reduce(0) { $0 + expectation($1, x, s) } }
        func factorial(_ n: Int) -> Double { n <= 1 ? 1 : Double(n) * factorial(n - 1) }
        return (0..<m).map { i in
            var phi = 0.0
            for mask in 0..<(1 << m) where mask & (1 << i) == 0 {
                let s = Set((0..<m).filter { mask & (1 << $0) != 0 })
                let weight = factorial(s.count) * factorial(m - s.count - 1) / factorial(m)
                phi += weight * (value(s.union([i])) - value(s))
            }
            return phi
        }
    }

    func model(leaves: Int, rounds: Int, seed: UInt64) throws -> (GBDTModel, FeatureMatrix) {
        let (m, y) = syntheticProblem(rows: 3_000, seed: seed)
        var p = GBDTParameters()
        p.rounds = rounds
        p.maxLeaves = leaves
        p.learningRate = 0.3
        p.minDataInLeaf = 5
        return (try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: Array(0..<3_000)).0, m)
    }

    /// Contributions equal brute-force Shapley values on small trees (6 features, features
    /// repeated along paths, so unwinding is exercised).
    @Test(arguments: [(4, 3), (8, 2), (12, 1)]) func equalsBruteForce(leaves: Int, rounds: Int) throws {
        let (model, m) = try model(leaves: leaves, rounds: rounds, seed: 21)
        let explainer = TreeSHAP(model: model)
        for r in stride(from: 0, to: 3_000, by: 301) {
            let x = m.row(r)
            let fast = explainer.contributions(x), slow = bruteForce(model, x)
            for j in 0..<6 { #expect(abs(fast[j] - slow[j]) < 1e-9, "row \(r) feature \(j): \(fast[j]) vs \(slow[j])") }
        }
    }

    /// Local accuracy: contributions sum to the margin minus the expected value, on a full-size model.
    @Test func sumsToMargin() throws {
        let (model, m) = try model(leaves: 31, rounds: 40, seed: 22)
        let explainer = TreeSHAP(model: model)
        for r in stride(from: 0, to: 3_000, by: 97) {
            let x = m.row(r)
            let total = explainer.contributions(x).reduce(0, +)
            #expect(abs(total - (model.margin(x) - explainer.expectedValue)) < 1e-9)
        }
        let reasons = explainer.reasons(m.row(0), top: 3)
        #expect(reasons.count == 3 && abs(reasons[0].contribution) >= abs(reasons[1].contribution))
    }
}
