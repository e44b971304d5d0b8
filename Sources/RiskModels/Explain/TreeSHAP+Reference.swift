// The recursive path-dependent TreeSHAP of the reference implementation, kept as the oracle
// the precomputed-path algorithm (`TreeSHAP.contributions`) is tested against.

extension TreeSHAP {
    /// SHAP values by Algorithm 2 of Lundberg et al. (the `shap` package's `tree_shap.h`):
    /// O(T × L × D²) per row, and an array copy per visited node. Same results as
    /// `contributions` up to rounding; use that one.
    public func referenceContributions(_ row: [Float]) -> [Double] {
        var phi = [Double](repeating: 0, count: model.featureNames.count)
        for tree in model.trees where tree.nodeCount > 0 {
            Self.explain(tree, row, &phi)
        }
        return phi
    }

    struct PathElement {
        var feature: Int
        var zero: Double
        var one: Double
        var weight: Double
    }

    static func explain(_ t: RegressionTree, _ x: [Float], _ phi: inout [Double]) {
        recurse(t, x, &phi, child: 0, path: [], zero: 1, one: 1, feature: -1)
    }

    /// `child` uses the tree's encoding: `>= 0` internal node, `< 0` leaf `~child`.
    private static func recurse(
        _ t: RegressionTree, _ x: [Float], _ phi: inout [Double], child: Int32, path parent: [PathElement],
        zero: Double, one: Double, feature: Int
    ) {
        var path = parent
        extend(&path, zero: zero, one: one, feature: feature)
        if child < 0 {
            let value = t.leafValue[Int(~child)]
            let depth = path.count - 1
            if depth >= 1 {
                for i in 1...depth {
                    let w = unwoundSum(path, i)
                    phi[path[i].feature] += w * (path[i].one - path[i].zero) * value
                }
            }
            return
        }
        let node = Int(child)
        let split = Int(t.feature[node])
        let goesRight = x[split] > t.threshold[node]
        let hot = goesRight ? t.right[node] : t.left[node]
        let cold = goesRight ? t.left[node] : t.right[node]
        let cover = t.nodeCover[node]
        func coverOf(_ c: Int32) -> Double { c < 0 ? t.leafCover[Int(~c)] : t.nodeCover[Int(c)] }
        var incomingZero = 1.0, incomingOne = 1.0
        // A feature already on the path is undone here and redone with this split's fractions.
        if let k = path.indices.dropFirst().first(where: { path[$0].feature == split }) {
            incomingZero = path[k].zero
            incomingOne = path[k].one
            unwind(&path, k)
        }
        recurse(t, x, &phi, child: hot, path: path, zero: coverOf(hot) / cover * incomingZero, one: incomingOne, feature: split)
        recurse(t, x, &phi, child: cold, path: path, zero: coverOf(cold) / cover * incomingZero, one: 0, feature: split)
    }

    static func extend(_ path: inout [PathElement], zero: Double, one: Double, feature: Int) {
        let depth = path.count
        path.append(PathElement(feature: feature, zero: zero, one: one, weight: depth == 0 ? 1 : 0))
        var i = depth - 1
        while i >= 0 {
            path[i + 1].weight += one * path[i].weight * Double(i + 1) / Double(depth + 1)
            path[i].weight = zero * path[i].weight * Double(depth - i) / Double(depth + 1)
            i -= 1
        }
    }

    static func unwind(_ path: inout [PathElement], _ index: Int) {
        let depth = path.count - 1
        let one = path[index].one, zero = path[index].zero
        var next = path[depth].weight
        var i = depth - 1
        while i >= 0 {
            if one != 0 {
                let tmp = path[i].weight
                path[i].weight = next * Double(depth + 1) / (Double(i + 1) * one)
                next = tmp - path[i].weight * zero * Double(depth - i) / Double(depth + 1)
            } else {
                path[i].weight = path[i].weight * Double(depth + 1) / (zero * Double(depth - i))
            }
            i -= 1
        }
        for j in index..<depth {
            path[j].feature = path[j + 1].feature
            path[j].zero = path[j + 1].zero
            path[j].one = path[j + 1].one
        }
        path.removeLast()
    }

    /// Σ of the weights `unwind(path, index)` would leave, without changing `path`.
    static func unwoundSum(_ path: [PathElement], _ index: Int) -> Double {
        let depth = path.count - 1
        let one = path[index].one, zero = path[index].zero
        var next = path[depth].weight
        var total = 0.0
        var i = depth - 1
        while i >= 0 {
            if one != 0 {
                let tmp = next * Double(depth + 1) / (Double(i + 1) * one)
                total += tmp
                next = path[i].weight - tmp * zero * Double(depth - i) / Double(depth + 1)
            } else if zero != 0 {
                total += path[i].weight / zero / (Double(depth - i) / Double(depth + 1))
            }
            i -= 1
        }
        return total
    }
}
