// Gauss–Legendre quadrature on [0, 1]: n nodes integrate every polynomial of degree ≤ 2n − 1
// exactly (up to rounding), which is what makes TreeSHAP's Beta-integral form exact.
import Foundation

/// Nodes and weights for 1...`maxPoints` points, computed once (Newton's method on the
/// Legendre polynomial's three-term recurrence, converged to machine precision).
struct GaussLegendre: Sendable {
    let maxPoints: Int
    private let nodes: [[Double]]
    private let weights: [[Double]]

    init(maxPoints: Int) {
        self.maxPoints = maxPoints
        var nodes: [[Double]] = [[]]
        var weights: [[Double]] = [[]]
        if maxPoints >= 1 {
            for n in 1...maxPoints {
                let (x, w) = Self.compute(n)
                nodes.append(x)
                weights.append(w)
            }
        }
        self.nodes = nodes
        self.weights = weights
    }

    /// The rule with `n` points (0 ≤ n ≤ maxPoints) on [0, 1].
    @inline(__always) func rule(_ n: Int) -> (points: [Double], weights: [Double]) { (nodes[n], weights[n]) }

    /// `n` nodes and weights on [0, 1], nodes ascending.
    static func compute(_ n: Int) -> ([Double], [Double]) {
        var x = [Double](repeating: 0, count: n), w = [Double](repeating: 0, count: n)
        for i in 0..<n {
            // Start near the i-th root of P_n on [−1, 1] (Tricomi's approximation), then Newton.
            var z = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var p0 = 1.0, p1 = 0.0
                for k in 1...n {
                    let p2 = p1
                    p1 = p0
                    p0 = ((2 * Double(k) - 1) * z * p1 - (Double(k) - 1) * p2) / Double(k)
                }
                derivative = Double(n) * (z * p0 - p1) / (z * z - 1)
                let step = p0 / derivative
                z -= step
                if abs(step) < 1e-16 { break }
            }
            // Map [−1, 1] → [0, 1]: t = (1 − z) / 2 ascending in i, weight halves.
            x[i] = (1 - z) / 2
            w[i] = 1 / ((1 - z * z) * derivative * derivative)
        }
        return (x, w)
    }
}
