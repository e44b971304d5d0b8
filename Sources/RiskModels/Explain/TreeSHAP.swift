// Exact per-prediction explanations of tree ensembles: how much each feature moved this
// transfer's margin away from the average, as reason codes for investigators.

/// One reason behind a score: a feature, its value for this transfer, and its SHAP value
/// (contribution to the margin, in log-odds).
public struct ReasonCode: Sendable, Codable, Equatable {
    public var feature: String
    public var value: Float
    public var contribution: Double

    public init(feature: String, value: Float, contribution: Double) {
        self.feature = feature
        self.value = value
        self.contribution = contribution
    }
}

/// Exact path-dependent TreeSHAP (S. M. Lundberg et al., "From local explanations to global
/// understanding with explainable AI for trees", Nature Machine Intelligence 2, 2020,
/// https://doi.org/10.1038/s42256-019-0138-9), computed from polynomials shared by subtrees.
///
/// For a row `x`, `contributions` returns φ with `Σ φ = margin(x) − expectedValue`, where a
/// feature outside the coalition is integrated out along the tree by the training cover of
/// each branch (the path-dependent conditional expectation). The values equal Algorithm 2 of
/// the paper (`referenceContributions`, tested to 1e-9, and against brute-force Shapley values).
///
/// **How.** For a leaf with value `v` whose path splits on the distinct features `j` (a feature
/// split on twice counts once), let `a_j` be the product of the cover fractions of the branches
/// taken on `j` (how often the path is followed when `j` is unknown) and `b_j ∈ {0, 1}` whether
/// `x` satisfies all of the path's conditions on `j`. The leaf's expected value given a
/// coalition `S` is `v Π_{j∈S} b_j Π_{j∉S} a_j`, and its Shapley weight sum has a closed form
/// because `|S|!(d−|S|−1)!/d!` is the Beta integral `∫₀¹ t^|S| (1−t)^(d−|S|−1) dt`:
///
///     φ_i += v (b_i − a_i) ∫₀¹ Π_{j≠i} (a_j (1−t) + b_j t) dt
///
/// The integrand is a polynomial of degree d − 1, so Gauss–Legendre quadrature with ⌈d/2⌉ nodes
/// is exact. Following Linear TreeSHAP (P. Yu, C. Xu, A. Bifet, J. Read, "Linear TreeShap",
/// NeurIPS 2022, https://arxiv.org/abs/2209.08192), the leaves below the split that sets
/// `(a_i, b_i)` share that factor, so one pass down the tree forms every node's path product
/// (as values at the quadrature nodes) and one pass up sums `v × product` over each subtree and
/// divides the factor out once per branch rather than once per leaf and feature
/// (`SubtreePolynomialTable`; evaluated by quadrature instead of the paper's Chebyshev
/// interpolation). Everything but `b_j` depends only on the model and is flattened in `init`.
///
/// **Blocks of rows.** `contributions(rows:count:)` runs the same two passes for eight rows at
/// once, one row per vector lane (`SubtreePolynomialLanes`, the C kernel in
/// `TreeSHAPKernel.h`, AVX-512 where the CPU has it): a row enters a pass only through whether it
/// meets each branch (`b`, 0 or 1 per lane), so the unmet factor `a (1 − t)` and the weights
/// `(1 − a) w / (a (1 − t) + t)` and `−w / (1 − t)` are precomputed per entry and node, and the
/// pass is branch-free multiply-adds; each tree runs over a block of 64 rows while its table is
/// in cache.
///
/// - Complexity: O(T × N × ⌈D/2⌉) per row for T trees of N nodes and leaves, D distinct
///   features on a path (the per-leaf form is O(T × L × D × ⌈D/2⌉), the reference algorithm
///   O(T × L × D²) with an array copy per node); memory O(T × N × D) for the table, built once
///   per model, and O(N × D) scratch per row on the stack.
public struct TreeSHAP: Sendable {
    public let model: GBDTModel
    /// The model's mean margin over the training data: base score + Σ cover-weighted leaf means.
    public let expectedValue: Double
    /// Every tree's entries, cover fractions and quadrature rule.
    let paths: SubtreePolynomialTable
    /// The same table for the block kernel (`contributions(rows:count:)`).
    let lanes: SubtreePolynomialLanes

    public init(model: GBDTModel) {
        self.model = model
        var e = model.baseScore
        for t in model.trees {
            let total = t.leafCover.reduce(0, +)
            if total > 0 { for (v, c) in zip(t.leafValue, t.leafCover) { e += v * c / total } }
        }
        expectedValue = e
        paths = SubtreePolynomialTable(model.trees)
        lanes = SubtreePolynomialLanes(paths)
    }

    /// SHAP values of `count` rows of `rows` (row-major, `featureNames.count` values each), in
    /// the same layout: the values `contributions(_:)` gives each row, up to rounding (the sums
    /// are grouped differently), computed by the block kernel sixteen rows to a vector.
    /// `sharingPaths` (default): per tree, rows that go the same way at every split share one run
    /// of the passes (false, for comparisons: every row runs them); a row's values are the same
    /// doubles either way, and the same in any block.
    ///
    /// - Precondition: `rows.count == count × featureNames.count`.
    public func contributions(rows: [Float], count: Int, sharingPaths: Bool = true) -> [Double] {
        block(rows: rows, count: count, sharingPaths: sharingPaths, margins: false).phi
    }

    /// `contributions(rows:count:)` and the rows' margins from the same pass over the trees: each
    /// row's leaf values added to the base score tree after tree, the same doubles as
    /// `model.predictMargins` (which adds them in the same order), for callers that need both
    /// without scoring the trees twice.
    ///
    /// - Precondition: `rows.count == count × featureNames.count`.
    public func contributionsAndMargins(rows: [Float], count: Int, sharingPaths: Bool = true) -> (phi: [Double], margins: [Double]) {
        block(rows: rows, count: count, sharingPaths: sharingPaths, margins: true)
    }

    private func block(rows: [Float], count: Int, sharingPaths: Bool, margins withMargins: Bool) -> (phi: [Double], margins: [Double]) {
        let width = model.featureNames.count
        precondition(rows.count == count * width, "\(rows.count) values are not \(count) rows of \(width) features")
        var phi = [Double](repeating: 0, count: count * width)
        var margins = [Double](repeating: model.baseScore, count: withMargins ? count : 0)
        rows.withUnsafeBufferPointer { x in
            phi.withUnsafeMutableBufferPointer { out in
                margins.withUnsafeMutableBufferPointer { m in
                    if let x = x.baseAddress, let out = out.baseAddress {
                        // An empty array's buffer may still have an address: no margins unless asked.
                        lanes.accumulate(x, width: width, rows: count, into: out, margins: withMargins ? m.baseAddress : nil, sharingPaths: sharingPaths)
                    }
                }
            }
        }
        return (phi, margins)
    }

    /// SHAP value of every feature for `row` (margin scale).
    public func contributions(_ row: [Float]) -> [Double] {
        var phi = [Double](repeating: 0, count: model.featureNames.count)
        row.withUnsafeBufferPointer { x in
            phi.withUnsafeMutableBufferPointer { out in paths.accumulate(x, into: out) }
        }
        return phi
    }

    /// The `top` features with the largest absolute contribution, largest first.
    public func reasons(_ row: [Float], top: Int = 5) -> [ReasonCode] {
        let phi = contributions(row)
        let order = phi.indices.sorted { abs(phi[$0]) != abs(phi[$1]) ? abs(phi[$0]) > abs(phi[$1]) : $0 < $1 }
        return order.prefix(top).map { ReasonCode(feature: model.featureNames[$0], value: row[$0], contribution: phi[$0]) }
    }
}
