import Foundation
@testable import RiskModels
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
            let fast = explainer.contributions(x), slow = bruteForce(model, x), block = explainer.contributions(rows: x, count: 1)
            for j in 0..<6 {
                #expect(abs(fast[j] - slow[j]) < 1e-9, "row \(r) feature \(j): \(fast[j]) vs \(slow[j])")
                #expect(abs(block[j] - slow[j]) < 1e-9, "block, row \(r) feature \(j): \(block[j]) vs \(slow[j])")
            }
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

    /// The block kernel's margins of a trained model's 3,000 rows (a shared block of 2,048 and
    /// one of 952) are the forest's (`predictMargins`, the compiled kernel), bit for bit, and its
    /// contributions are those of `contributions(rows:count:)`.
    @Test func blockMarginsAreTheForests() throws {
        let (model, m) = try model(leaves: 31, rounds: 40, seed: 23)
        let explainer = TreeSHAP(model: model)
        TreeSHAPFastPathTests.expectMarginsAgree(explainer, rows: m.values, count: m.rows, features: m.columns)
    }
}

/// The precomputed-path algorithm against the recursive reference and the quadrature rule
/// it rests on, on random trees (repeated features, NaN and values equal to thresholds).
@Suite("TreeSHAP fast path")
struct TreeSHAPFastPathTests {
    /// A random tree with `leaves` leaves (random shapes, so paths repeat features) over
    /// `features` features; a node's cover is the sum of its children's.
    /// The block kernel over `count` rows agrees with itself unshared, with its baseline build and
    /// with each of about `checkedRows` rows alone, bit for bit, and with the reference to 1e-9.
    static func expectAllFormsAgree(_ explainer: TreeSHAP, rows: [Float], count: Int, features: Int, checkedRows: Int) {
        expectMarginsAgree(explainer, rows: rows, count: count, features: features)
        let shared = explainer.contributions(rows: rows, count: count)
        #expect(explainer.contributions(rows: rows, count: count, sharingPaths: false) == shared, "\(count) rows: shared differs from unshared")
        var portable = [Double](repeating: 0, count: count * features)
        rows.withUnsafeBufferPointer { x in
            portable.withUnsafeMutableBufferPointer { explainer.lanes.accumulate(x.baseAddress!, width: features, rows: count, into: $0.baseAddress!, portable: true) }
        }
        #expect(portable == shared, "\(count) rows: AVX-512 and baseline kernels differ")
        for r in stride(from: 0, to: count, by: max(1, count / checkedRows)) {
            let x = Array(rows[(r * features)..<((r + 1) * features)])
            #expect(explainer.contributions(rows: x, count: 1) == Array(shared[(r * features)..<((r + 1) * features)]), "row \(r) alone")
            let reference = explainer.referenceContributions(x)
            for j in 0..<features { #expect(abs(shared[r * features + j] - reference[j]) < 1e-9, "row \(r) feature \(j)") }
        }
    }

    /// The margins the block kernel returns beside the contributions (shared, unshared and
    /// baseline build) equal the forest's `predictMargins` bit for bit (the same leaf values
    /// added in the same order), and asking for them leaves the contributions as they are.
    static func expectMarginsAgree(_ explainer: TreeSHAP, rows: [Float], count: Int, features: Int) {
        let model = explainer.model
        let forest = count == 0 ? [] : model.predictMargins(try! FeatureMatrix(rows: count, columns: features, values: rows, names: model.featureNames))
        let shared = explainer.contributionsAndMargins(rows: rows, count: count)
        #expect(shared.margins == forest, "\(count) rows: the kernel's margins differ from the forest's")
        #expect(shared.phi == explainer.contributions(rows: rows, count: count), "\(count) rows: margins changed the contributions")
        #expect(explainer.contributionsAndMargins(rows: rows, count: count, sharingPaths: false).margins == forest, "\(count) rows: unshared margins")
        var phi = [Double](repeating: 0, count: count * features)
        var portable = [Double](repeating: model.baseScore, count: count)
        rows.withUnsafeBufferPointer { x in
            phi.withUnsafeMutableBufferPointer { p in
                portable.withUnsafeMutableBufferPointer { m in
                    if let x = x.baseAddress {
                        explainer.lanes.accumulate(x, width: features, rows: count, into: p.baseAddress!, margins: m.baseAddress, portable: true)
                    }
                }
            }
        }
        #expect(portable == forest, "\(count) rows: the baseline build's margins differ from the forest's")
    }

    static func randomTree(leaves: Int, features: Int, _ g: inout some RandomNumberGenerator) -> RegressionTree {
        var t = RegressionTree()
        // Returns the child code of the subtree built (`~leaf` or node index) and its cover.
        func build(_ n: Int) -> (Int32, Double) {
            if n == 1 {
                t.leafValue.append(Double.random(in: -1...1, using: &g))
                let cover = Double(Int.random(in: 1...100, using: &g))
                t.leafCover.append(cover)
                return (~Int32(t.leafValue.count - 1), cover)
            }
            let k = t.nodeCount
            t.feature.append(Int32.random(in: 0..<Int32(features), using: &g))
            t.threshold.append(Float(Int.random(in: -4...4, using: &g)) / 2)
            t.thresholdBin.append(0)
            t.left.append(0)
            t.right.append(0)
            t.gain.append(0)
            t.nodeCover.append(0)
            let nLeft = Int.random(in: 1..<n, using: &g)
            let (l, cl) = build(nLeft)
            let (r, cr) = build(n - nLeft)
            t.left[k] = l
            t.right[k] = r
            t.nodeCover[k] = cl + cr
            return (Int32(k), cl + cr)
        }
        _ = build(leaves)
        return t
    }

    /// Random models and rows: the fast contributions equal the reference recursion to 1e-9
    /// and sum to margin − expected value (200 leaves over 20 features: paths of more than 16
    /// distinct features, the quadrature size without a fixed-length loop).
    @Test(arguments: [(2, 3), (8, 4), (31, 6), (64, 5), (200, 20)]) func matchesReference(leaves: Int, features: Int) throws {
        var g = TestRNG(state: UInt64(leaves * 1_000 + features))
        for _ in 0..<8 {
            let trees = (0..<5).map { _ in Self.randomTree(leaves: leaves, features: features, &g) }
            let model = GBDTModel(featureNames: (0..<features).map { "f\($0)" }, baseScore: 0.1, trees: trees, parameters: GBDTParameters())
            let explainer = TreeSHAP(model: model)
            for _ in 0..<20 {
                let x = (0..<features).map { _ -> Float in
                    switch Int.random(in: 0..<6, using: &g) {
                    case 0: .nan
                    case 1: Float(Int.random(in: -4...4, using: &g)) / 2  // exactly on a threshold
                    default: Float.random(in: -3...3, using: &g)
                    }
                }
                let fast = explainer.contributions(x), reference = explainer.referenceContributions(x)
                for j in 0..<features { #expect(abs(fast[j] - reference[j]) < 1e-9, "feature \(j): \(fast[j]) vs \(reference[j])") }
                #expect(abs(fast.reduce(0, +) - (model.margin(x) - explainer.expectedValue)) < 1e-9)
            }
        }
    }

    /// The block kernel (rows in vector lanes, AVX-512 and baseline builds) on random models with
    /// repeated features on a path, NaN and values on thresholds: every row of blocks of 1 to 150
    /// rows (full groups of 16, leftovers padded to a group from 4 rows, fewer one lane at a time,
    /// partial blocks) equals the reference recursion to 1e-9, the two builds of the kernel agree
    /// bit for bit, and so does each row computed alone.
    @Test(arguments: [(2, 3), (8, 4), (31, 6), (64, 5), (200, 20)]) func blockMatchesReference(leaves: Int, features: Int) throws {
        var g = TestRNG(state: UInt64(leaves * 7_919 + features))
        for count in [1, 3, 4, 7, 8, 9, 16, 17, 19, 20, 64, 77, 131, 150] {
            let trees = (0..<4).map { _ in Self.randomTree(leaves: leaves, features: features, &g) }
            let model = GBDTModel(featureNames: (0..<features).map { "f\($0)" }, baseScore: 0.1, trees: trees, parameters: GBDTParameters())
            let explainer = TreeSHAP(model: model)
            let rows = (0..<(count * features)).map { _ -> Float in
                switch Int.random(in: 0..<6, using: &g) {
                case 0: .nan
                case 1: Float(Int.random(in: -4...4, using: &g)) / 2
                default: Float.random(in: -3...3, using: &g)
                }
            }
            Self.expectMarginsAgree(explainer, rows: rows, count: count, features: features)
            let block = explainer.contributions(rows: rows, count: count)
            var portable = [Double](repeating: 0, count: count * features)
            rows.withUnsafeBufferPointer { x in
                portable.withUnsafeMutableBufferPointer { explainer.lanes.accumulate(x.baseAddress!, width: features, rows: count, into: $0.baseAddress!, portable: true) }
            }
            #expect(block == portable, "AVX-512 and baseline kernels differ")
            #expect(explainer.contributions(rows: rows, count: count, sharingPaths: false) == block, "sharing paths changed the values")
            // A row alone (the one-lane pass) gets exactly the values it gets in the block.
            let alone = (0..<count).flatMap { r in explainer.contributions(rows: Array(rows[(r * features)..<((r + 1) * features)]), count: 1) }
            #expect(alone == block, "a row alone differs from the same row in a block of \(count)")
            for r in 0..<count {
                let x = Array(rows[(r * features)..<((r + 1) * features)])
                let reference = explainer.referenceContributions(x)
                for j in 0..<features {
                    #expect(abs(block[r * features + j] - reference[j]) < 1e-9, "\(count) rows, row \(r) feature \(j): \(block[r * features + j]) vs \(reference[j])")
                }
            }
        }
    }

    /// Rows sharing paths (values from a few, so many rows go the same way through a tree), in
    /// batches whose scratch is sized for them (17 rows: 64; 1,030: 2,048) and that cross the
    /// 2,048-row sharing block and end in a short block, on trees of up to
    /// 200 leaves (more nodes than a 64-bit path key: those rows are not shared): the shared
    /// kernel gives the same doubles as every row through every tree, as each row alone, and as
    /// the baseline build, and the reference values to 1e-9.
    @Test(arguments: [(8, 4), (31, 6), (200, 12)]) func sharedPathsGiveTheSameValues(leaves: Int, features: Int) throws {
        var g = TestRNG(state: UInt64(leaves * 31 + features))
        let trees = (0..<6).map { _ in TreeSHAPFastPathTests.randomTree(leaves: leaves, features: features, &g) }
        let model = GBDTModel(featureNames: (0..<features).map { "f\($0)" }, baseScore: 0.1, trees: trees, parameters: GBDTParameters())
        let explainer = TreeSHAP(model: model)
        let palette: [Float] = [-1.5, -0.5, 0, 0.5, 1.25, .nan]
        for count in [17, 1_030, 2_100] {
            let rows = (0..<(count * features)).map { _ in palette[Int.random(in: 0..<palette.count, using: &g)] }
            TreeSHAPFastPathTests.expectAllFormsAgree(explainer, rows: rows, count: count, features: features, checkedRows: 40)
        }
    }

    /// The kernel sums a tree's shares per feature before adding them to a row: on random trees
    /// (one feature only, two, many) every feature a share goes to is listed once, each entry
    /// that adds a share points at its own path feature, and no listed feature is unused.
    @Test(arguments: [(31, 1), (64, 2), (31, 6), (200, 20)]) func sumsPerFeatureCoverEveryShare(leaves: Int, features: Int) {
        var g = TestRNG(state: UInt64(leaves * 131 + features))
        let trees = (0..<10).map { _ in TreeSHAPFastPathTests.randomTree(leaves: leaves, features: features, &g) }
        let model = GBDTModel(featureNames: (0..<features).map { "f\($0)" }, baseScore: 0.1, trees: trees, parameters: GBDTParameters())
        let lanes = TreeSHAP(model: model).lanes
        for t in 0..<trees.count {
            let (listed, fold, path) = lanes.sums(tree: t)
            #expect(Set(listed).count == listed.count, "tree \(t): a feature listed twice")
            #expect(listed.count <= min(features, leaves * 2 - 2))
            var used = Set<Int32>()
            for e in fold.indices where fold[e] >= 0 {
                #expect(Int(fold[e]) < listed.count && listed[Int(fold[e])] == path[e], "tree \(t) entry \(e)")
                used.insert(fold[e])
            }
            #expect(used.count == listed.count, "tree \(t): a listed feature gets no share")
            #expect(fold[0] == -1, "the root adds nothing")
        }
    }

    /// Trees over one or two features (every entry's share goes to one of at most two sums per
    /// tree), rows sharing paths, NaN, values on thresholds, blocks of 1 to 1,030 rows: the block
    /// kernel equals the reference to 1e-9 and gives each row the doubles it gets alone, unshared
    /// and in the baseline build.
    @Test(arguments: [(31, 1), (64, 2)]) func sumsPerFeatureOnFewFeatures(leaves: Int, features: Int) {
        var g = TestRNG(state: UInt64(leaves * 977 + features))
        let trees = (0..<5).map { _ in TreeSHAPFastPathTests.randomTree(leaves: leaves, features: features, &g) }
        let model = GBDTModel(featureNames: (0..<features).map { "f\($0)" }, baseScore: 0.1, trees: trees, parameters: GBDTParameters())
        let explainer = TreeSHAP(model: model)
        let palette: [Float] = [-2, -1.5, -0.5, 0, 0.5, 1.25, 2, .nan]
        for count in [1, 5, 16, 33, 1_030] {
            let rows = (0..<(count * features)).map { _ in palette[Int.random(in: 0..<palette.count, using: &g)] }
            TreeSHAPFastPathTests.expectAllFormsAgree(explainer, rows: rows, count: count, features: features, checkedRows: 30)
        }
    }

    /// A model whose trees are all single leaves, and an empty block, leave the contributions 0.
    @Test func blockWithoutPaths() {
        var leaf = RegressionTree()
        leaf.leafValue = [0.5]
        leaf.leafCover = [10]
        let model = GBDTModel(featureNames: ["a", "b"], baseScore: 0, trees: [leaf], parameters: GBDTParameters())
        let explainer = TreeSHAP(model: model)
        #expect(explainer.contributions(rows: [1, 2, 3, 4], count: 2) == [0, 0, 0, 0])
        #expect(explainer.contributions(rows: [], count: 0).isEmpty)
    }

    /// n-point Gauss–Legendre integrates t^k over [0, 1] exactly for every k ≤ 2n − 1.
    @Test func quadratureIsExact() {
        let rule = GaussLegendre(maxPoints: 24)
        for n in 1...24 {
            let (t, w) = rule.rule(n)
            #expect(abs(w.reduce(0, +) - 1) < 1e-13)
            for k in 0...(2 * n - 1) {
                let integral = zip(t, w).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(k)) }
                #expect(abs(integral - 1 / Double(k + 1)) < 1e-13, "n \(n) k \(k): \(integral)")
            }
        }
    }
}
