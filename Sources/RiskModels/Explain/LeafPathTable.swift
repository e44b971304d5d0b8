// What TreeSHAP needs of every root-to-leaf path, flattened once per model: the distinct
// features split on, the cover fraction of the branches taken on each, and the value interval
// that follows all of the path's conditions on it. See `TreeSHAP` for the formula.

/// Per leaf of every tree (trees with one leaf have no path and are left out): its value and a
/// run of path entries in struct-of-arrays form. Immutable after `init`.
struct LeafPathTable: Sendable {
    var leafValue: [Double] = []
    /// Entries of leaf `l` are `start[l] ..< start[l + 1]`.
    var start: [Int32] = [0]
    var feature: [Int32] = []
    /// Product of `cover(child) / cover(node)` over the path's splits on the feature.
    var zeroFraction: [Double] = []
    /// `x > lower` is required when `hasLower` (the path went right on the feature).
    var lower: [Float] = []
    var hasLower: [Bool] = []
    /// `x <= upper` (or NaN, which goes left) is required when `hasUpper`.
    var upper: [Float] = []
    var hasUpper: [Bool] = []
    /// The most distinct features on one path.
    var maxLength = 0
    var quadrature = GaussLegendre(maxPoints: 0)

    init(_ trees: [RegressionTree]) {
        for tree in trees where tree.nodeCount > 0 { add(tree) }
        quadrature = GaussLegendre(maxPoints: (maxLength + 1) / 2)
    }

    private struct Entry {
        var feature: Int32
        var zero = 1.0
        var lower = -Float.infinity, hasLower = false
        var upper = Float.infinity, hasUpper = false
    }

    private mutating func add(_ t: RegressionTree) {
        func cover(_ c: Int32) -> Double { c < 0 ? t.leafCover[Int(~c)] : t.nodeCover[Int(c)] }
        func visit(_ c: Int32, _ path: [Entry]) {
            if c < 0 {
                leafValue.append(t.leafValue[Int(~c)])
                for e in path {
                    feature.append(e.feature)
                    zeroFraction.append(e.zero)
                    lower.append(e.lower)
                    hasLower.append(e.hasLower)
                    upper.append(e.upper)
                    hasUpper.append(e.hasUpper)
                }
                start.append(Int32(feature.count))
                maxLength = max(maxLength, path.count)
                return
            }
            let k = Int(c), f = t.feature[k], threshold = t.threshold[k]
            let parentCover = t.nodeCover[k]
            for goesRight in [false, true] {
                let child = goesRight ? t.right[k] : t.left[k]
                var next = path
                let i = next.firstIndex { $0.feature == f } ?? { next.append(Entry(feature: f)); return next.count - 1 }()
                next[i].zero *= parentCover > 0 ? cover(child) / parentCover : 0
                if goesRight {
                    next[i].lower = next[i].hasLower ? max(next[i].lower, threshold) : threshold
                    next[i].hasLower = true
                } else {
                    next[i].upper = next[i].hasUpper ? min(next[i].upper, threshold) : threshold
                    next[i].hasUpper = true
                }
                visit(child, next)
            }
        }
        visit(0, [])
    }

    /// Adds every leaf's contributions for row `x` to `phi` (indexed by feature).
    func accumulate(_ x: UnsafeBufferPointer<Float>, into phi: UnsafeMutableBufferPointer<Double>) {
        let capacity = max(1, maxLength)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: capacity) { b in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, quadrature.maxPoints)) { product in
                leafValue.withUnsafeBufferPointer { values in
                    start.withUnsafeBufferPointer { start in
                        feature.withUnsafeBufferPointer { feature in
                            zeroFraction.withUnsafeBufferPointer { zero in
                                for l in 0..<values.count {
                                    let v = values[l]
                                    if v == 0 { continue }
                                    let s = Int(start[l]), d = Int(start[l + 1]) - s
                                    for k in 0..<d { b[k] = follows(x[Int(feature[s + k])], s + k) ? 1 : 0 }
                                    let (points, weights) = quadrature.rule((d + 1) / 2)
                                    // P(t_q) = Π_j (a_j (1 − t_q) + b_j t_q) at every node.
                                    for q in 0..<points.count {
                                        let t = points[q], u = 1 - t
                                        var p = 1.0
                                        for k in 0..<d { p *= zero[s + k] * u + b[k] * t }
                                        product[q] = p
                                    }
                                    for k in 0..<d {
                                        let a = zero[s + k], diff = b[k] - a
                                        if diff == 0 { continue }
                                        var integral = 0.0
                                        for q in 0..<points.count {
                                            let t = points[q], factor = a * (1 - t) + b[k] * t
                                            if factor != 0 {
                                                integral += weights[q] * product[q] / factor
                                            } else {
                                                // A zero cover fraction: form the product without entry k.
                                                var p = 1.0
                                                for j in 0..<d where j != k { p *= zero[s + j] * (1 - t) + b[j] * t }
                                                integral += weights[q] * p
                                            }
                                        }
                                        phi[Int(feature[s + k])] += v * diff * integral
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether value `x` satisfies all of path entry `e`'s conditions (the tree's rule: right
    /// when `x > threshold`, so NaN always goes left).
    @inline(__always) func follows(_ x: Float, _ e: Int) -> Bool {
        if x.isNaN { return !hasLower[e] }
        return (!hasLower[e] || x > lower[e]) && (!hasUpper[e] || !(x > upper[e]))
    }
}
