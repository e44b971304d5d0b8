// The subtree polynomial table laid out for the block kernel (`amlgraph_shap_accumulate`): the
// same entries, plus everything of a pass that does not depend on the row, per entry and
// quadrature node, so blocks of rows run sixteen to a vector without branches or divisions.
import CForestKernels

/// `SubtreePolynomialTable` in the C layout of `TreeSHAPKernel.h`, with per entry `e` (cover
/// fraction `a`) and rule node `t_k` (weight `w_k`) the unmet factor `a (1 − t_k)`, the met factor
/// `a (1 − t_k) + t_k`, and the two
/// weights that turn a subtree sum `H` into `e`'s share of its feature:
/// `(1 − a) Σ_k w_k H(t_k) / (a (1 − t_k) + t_k)` when the row meets the branch, and
/// `−Σ_k w_k H(t_k) / (1 − t_k)` when it does not (`SubtreePolynomialTable.accumulate`
/// computes the same sums with the division at run time). Immutable after `init`; the buffers
/// live as long as the object.
final class SubtreePolynomialLanes: @unchecked Sendable {
    private let entries: UnsafeMutableBufferPointer<amlgraph_shap_entry>
    private let int32s: [UnsafeMutableBufferPointer<Int32>]
    private let doubles: [UnsafeMutableBufferPointer<Double>]
    /// Pointers into the buffers above, as the kernel reads them.
    private var forest = amlgraph_shap_forest()

    init(_ table: SubtreePolynomialTable) {
        func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, a.count))
            _ = b.initialize(from: a)
            return b
        }
        var cEntries: [amlgraph_shap_entry] = []
        cEntries.reserveCapacity(table.entries.count)
        var points: [Double] = [], pointStart: [Int32] = [], factorStart: [Int32] = []
        var coldFactor: [Double] = [], hotFactor: [Double] = [], hotWeight: [Double] = [], coldWeight: [Double] = []
        // Per tree, the features its shares go to, each once, in the order the up pass (last
        // entry first) meets them; per entry, its feature's index in that list.
        var foldStart: [Int32] = [0], foldFeature: [Int32] = []
        var maxNodes = 0
        for tree in 0..<table.treeCount {
            let q = Int(table.ruleNodes[tree]), r = Int(table.ruleStart[tree])
            maxNodes = max(maxNodes, q)
            let t = (0..<q).map { table.points[r + $0 / 2][$0 % 2] }, w = (0..<q).map { table.weights[r + $0 / 2][$0 % 2] }
            pointStart.append(Int32(points.count))
            points += t
            factorStart.append(Int32(coldFactor.count))
            let range = Int(table.entryStart[tree])..<Int(table.entryStart[tree + 1])
            var fold = [Int32](repeating: -1, count: range.count), folded: [Int32: Int32] = [:]
            for local in stride(from: range.count - 1, through: 1, by: -1) where !table.entries[range.lowerBound + local].resplits {
                let feature = table.entries[range.lowerBound + local].pathFeature
                if let k = folded[feature] {
                    fold[local] = k
                } else {
                    let k = Int32(folded.count)
                    folded[feature] = k
                    fold[local] = k
                    foldFeature.append(feature)
                }
            }
            foldStart.append(Int32(foldFeature.count))
            for (local, e) in table.entries[range].enumerated() {
                cEntries.append(
                    amlgraph_shap_entry(
                        value: e.value, threshold: e.threshold, feature: e.feature, path_feature: e.pathFeature, parent: e.parent, right: e.right,
                        prior: e.prior, rebuild_start: e.rebuild.start, rebuild_end: e.rebuild.end, subtract_start: e.subtract.start,
                        subtract_end: e.subtract.end, is_right: e.isRight ? 1 : 0, silent: local == 0 || e.resplits ? 1 : 0,
                        fold: fold[local]))
                let a = e.zero
                for k in 0..<q {
                    let cold = a * (1 - t[k])
                    coldFactor.append(cold)
                    // The met factor a (1 − t) + t, rounded as the kernel's `cold + 1 × t` was.
                    hotFactor.append(cold + t[k])
                    hotWeight.append((1 - a) * w[k] / (a * (1 - t[k]) + t[k]))
                    // a = 0: the branch is never taken without the feature; nothing to add.
                    coldWeight.append(a == 0 ? 0 : -(w[k] / (1 - t[k])))
                }
            }
        }
        entries = copy(cEntries)
        let entryStart = copy(table.entryStart), rebuild = copy(table.rebuild), subtract = copy(table.subtract)
        let nodes = copy(table.ruleNodes), pointStarts = copy(pointStart), factorStarts = copy(factorStart)
        let foldStarts = copy(foldStart), foldFeatures = copy(foldFeature)
        int32s = [entryStart, rebuild, subtract, nodes, pointStarts, factorStarts, foldStarts, foldFeatures]
        let pointBuffer = copy(points), cold = copy(coldFactor), hotF = copy(hotFactor), hot = copy(hotWeight), coldW = copy(coldWeight)
        doubles = [pointBuffer, cold, hotF, hot, coldW]
        forest = amlgraph_shap_forest(
            entries: entries.baseAddress, entry_start: entryStart.baseAddress, rebuild: rebuild.baseAddress, subtract: subtract.baseAddress,
            nodes: nodes.baseAddress, point_start: pointStarts.baseAddress, points: pointBuffer.baseAddress,
            factor_start: factorStarts.baseAddress, cold_factor: cold.baseAddress, hot_factor: hotF.baseAddress, hot_weight: hot.baseAddress, cold_weight: coldW.baseAddress,
            fold_start: foldStarts.baseAddress, fold_feature: foldFeatures.baseAddress, tree_count: table.treeCount, max_entries: table.maxEntries, max_nodes: maxNodes)
    }

    /// Tree `tree`'s per-feature sums as the kernel reads them: the features its shares go to
    /// (`fold_feature`) and, per entry, the index of its sum in that list (-1 for a silent entry).
    func sums(tree: Int) -> (features: [Int32], entryFold: [Int32], pathFeature: [Int32]) {
        let start = Int(forest.fold_start[tree]), end = Int(forest.fold_start[tree + 1])
        let e0 = Int(forest.entry_start[tree]), e1 = Int(forest.entry_start[tree + 1])
        let entries = (e0..<e1).map { forest.entries[$0] }
        return ((start..<end).map { forest.fold_feature[$0] }, entries.map { $0.silent != 0 ? -1 : $0.fold }, entries.map(\.path_feature))
    }

    deinit {
        entries.deallocate()
        for b in int32s { b.deallocate() }
        for b in doubles { b.deallocate() }
    }

    /// Adds every tree's contributions for `rows` rows of `x` (`width` values each, row-major)
    /// to `phi` (the same shape), and each row's leaf values, tree after tree, to `margins[r]`
    /// when given. `portable`: the baseline build of the kernel even where the
    /// CPU has AVX-512 (for tests). `sharingPaths`: rows on the same path through a tree share
    /// one run of its passes (false: every row runs them; the same doubles either way).
    func accumulate(
        _ x: UnsafePointer<Float>, width: Int, rows: Int, into phi: UnsafeMutablePointer<Double>, margins: UnsafeMutablePointer<Double>? = nil,
        portable: Bool = false, sharingPaths: Bool = true
    ) {
        guard rows > 0, forest.tree_count > 0 else { return }
        withUnsafePointer(to: forest) { f in
            let bytes = amlgraph_shap_scratch_bytes(f, width, rows)
            withUnsafeTemporaryAllocation(byteCount: bytes, alignment: 64) { scratch in
                if portable {
                    amlgraph_shap_accumulate_portable(f, x, width, rows, phi, margins, scratch.baseAddress!)
                } else if !sharingPaths {
                    amlgraph_shap_accumulate_unshared(f, x, width, rows, phi, margins, scratch.baseAddress!)
                } else {
                    amlgraph_shap_accumulate(f, x, width, rows, phi, margins, scratch.baseAddress!)
                }
            }
        }
    }
}
