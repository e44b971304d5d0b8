import Foundation
@testable import RiskModels
import Testing

/// Rows that probe every split of `trees`: each threshold, its neighbours, NaN and ±infinity
/// on the split's feature, the other features at `fill`.
private func edgeRows(_ trees: [RegressionTree], columns: Int, names: [String], fill: Float = 0.5) throws -> FeatureMatrix {
    var values: [Float] = []
    for t in trees {
        for k in 0..<t.nodeCount {
            var row = [Float](repeating: fill, count: columns)
            for v in [t.threshold[k], t.threshold[k].nextUp, t.threshold[k].nextDown, .nan, .infinity, -.infinity] {
                row[Int(t.feature[k])] = v
                values += row
            }
        }
    }
    return try FeatureMatrix(rows: values.count / columns, columns: columns, values: values, names: names)
}

/// A stump on `feature`: left `-value`, right `value`.
private func stump(feature: Int, threshold: Float, value: Double) -> RegressionTree {
    var t = RegressionTree()
    t.feature = [Int32(feature)]
    t.threshold = [threshold]
    t.thresholdBin = [0]
    t.left = [~0]
    t.right = [~1]
    t.gain = [1]
    t.nodeCover = [2]
    t.leafValue = [-value, value]
    t.leafCover = [1, 1]
    return t
}

@Suite("Compiled forest (batch scoring)")
struct CompiledForestTests {
    /// The vector kernel and the node walk give bit-identical margins, equal to the one-row walk
    /// over the float trees, on trained rows and on edge values (thresholds, neighbours, NaN,
    /// ±infinity), for a forest mixing small trees (kernel pairs, an odd one out) with trees of
    /// more than 32 leaves (walked between the pairs), on one thread and on all.
    @Test func vectorKernelMatchesWalk() throws {
        let (m, y) = syntheticProblem(rows: 6_000, seed: 21)
        var p = GBDTParameters()
        p.rounds = 12
        p.minDataInLeaf = 5
        let small = try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: Array(0..<6_000)).0.trees
        p.maxLeaves = 48
        let large = try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: Array(0..<6_000)).0.trees
        #expect(small.allSatisfy { $0.leafCount <= 32 } && large.contains { $0.leafCount > 32 })
        // small, LARGE, small ×3, LARGE ×2, small ×4, a lone leaf, small: pairs, odd tails and walked runs.
        var lone = RegressionTree()
        lone.leafValue = [0.125]
        lone.leafCover = [6_000]
        let bigOnes = large.filter { $0.leafCount > 32 }
        let trees = [small[0], bigOnes[0], small[1], small[2], small[3], bigOnes[1 % bigOnes.count], bigOnes[2 % bigOnes.count]]
            + Array(small[4..<8]) + [lone, small[8]]
        let model = GBDTModel(featureNames: m.names, baseScore: -1.5, trees: trees, parameters: p)
        #expect(model.forest.compiled)
        #expect(model.usesVectorScoring == GBDTModel.vectorScoringAvailable)
        if let plan = model.forest.vector {
            let expected: [CompiledForest.Segment] = [.pairs(0..<1), .trees(1..<2), .pairs(1..<3), .trees(5..<7), .pairs(3..<6)]
            #expect(plan.segments == expected)
        } else {
            print("CompiledForestTests: this CPU has no AVX-512 VBMI; only the node walk was checked")
        }
        let probe = try edgeRows(trees, columns: 6, names: m.names)
        for matrix in [m, probe] {
            let fast = model.predictMargins(matrix)
            #expect(fast == model.predictMargins(matrix, kernel: .walk))
            #expect(fast == model.predictMargins(matrix, threads: 1))
            #expect(fast == model.predictMargins(matrix, threads: 1, kernel: .walk))
            #expect((0..<matrix.rows).allSatisfy { fast[$0] == model.margin(matrix.row($0)) })
        }
    }

    /// A model splitting on more than 64 features cannot use the kernel (a row's ranks must fit
    /// 64 bytes); it is walked and scores like the one-row walk. With 64 features it can.
    @Test func featureLimitOfTheKernel() throws {
        for columns in [64, 70] {
            let names = (0..<columns).map { "f\($0)" }
            let trees = (0..<columns).map { stump(feature: $0, threshold: Float($0) / Float(columns), value: Double($0 + 1) / 64) }
            let model = GBDTModel(featureNames: names, baseScore: 0, trees: trees, parameters: GBDTParameters())
            #expect(model.usesVectorScoring == (columns <= 64 && GBDTModel.vectorScoringAvailable))
            var rng = TestRNG(state: UInt64(columns))
            let values = (0..<(500 * columns)).map { _ in Float(rng.unit()) }
            let matrix = try FeatureMatrix(rows: 500, columns: columns, values: values, names: names)
            let fast = model.predictMargins(matrix)
            #expect(fast == model.predictMargins(matrix, kernel: .walk))
            #expect((0..<500).allSatisfy { fast[$0] == model.margin(matrix.row($0)) })
        }
    }

    /// Trees of exactly 32 leaves (31 nodes, the kernel's limit) go to the kernel, 33 leaves are
    /// walked; both score exactly.
    @Test func leafLimitOfTheKernel() throws {
        let (m, y) = syntheticProblem(rows: 8_000, seed: 22)
        for leaves in [32, 33] {
            var p = GBDTParameters()
            p.rounds = 4
            p.maxLeaves = leaves
            p.minDataInLeaf = 2
            let model = try GBDTTrainer(parameters: p).train(m, labels: y, trainRows: Array(0..<8_000)).0
            #expect(model.trees.allSatisfy { $0.leafCount == leaves })
            if let plan = model.forest.vector {
                let expected: [CompiledForest.Segment] = leaves == 32 ? [.pairs(0..<2)] : [.trees(0..<4)]
                #expect(plan.segments == expected)
            }
            let fast = model.predictMargins(m)
            #expect(fast == model.predictMargins(m, kernel: .walk))
            #expect((0..<m.rows).allSatisfy { fast[$0] == model.margin(m.row($0)) })
        }
    }
}
