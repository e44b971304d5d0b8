// The baseline every tree model must beat: L2-regularised logistic regression by Newton's
// method on standardised features.
import Dispatch
import Foundation

/// Options of `LogisticRegression`; every default is a named constant.
public struct LogisticRegressionParameters: Sendable, Hashable, Codable {
    public static let defaultLambdaL2 = 1.0
    public static let defaultMaxIterations = 15
    public static let defaultTolerance = 1e-8
    public static let defaultPositiveWeight = 1.0

    /// L2 penalty on the (standardised) weights, not on the intercept; >= 0.
    public var lambdaL2 = defaultLambdaL2
    /// Newton steps at most; >= 1.
    public var maxIterations = defaultMaxIterations
    /// Stop when the mean log-loss improves by less than this; > 0.
    public var tolerance = defaultTolerance
    /// Loss weight of a positive row; > 0.
    public var positiveWeight = defaultPositiveWeight

    public init() {}

    public func validate() throws(RiskModelError) {
        guard lambdaL2 >= 0, lambdaL2.isFinite else { throw .option("lambdaL2", "must be finite and >= 0", lambdaL2) }
        guard maxIterations >= 1 else { throw .option("maxIterations", "must be >= 1", maxIterations) }
        guard tolerance > 0 else { throw .option("tolerance", "must be > 0", tolerance) }
        guard positiveWeight > 0, positiveWeight.isFinite else { throw .option("positiveWeight", "must be finite and > 0", positiveWeight) }
    }
}

/// A fitted logistic regression: `margin = bias + Σ weights[j] × (x[j] − mean[j]) / scale[j]`.
public struct LogisticRegressionModel: Sendable, Codable, Equatable {
    public let featureNames: [String]
    public let mean: [Double]
    public let scale: [Double]
    public let weights: [Double]
    public let bias: Double
    public let parameters: LogisticRegressionParameters

    public func margin(_ row: UnsafePointer<Float>) -> Double {
        var m = bias
        for j in 0..<weights.count { m += weights[j] * (Double(row[j]) - mean[j]) / scale[j] }
        return m
    }

    public func predictMargins(_ matrix: FeatureMatrix) -> [Double] {
        matrix.values.withUnsafeBufferPointer { x in (0..<matrix.rows).map { margin(x.baseAddress! + $0 * matrix.columns) } }
    }
}

/// Fits `LogisticRegressionModel` by iteratively reweighted least squares (Newton–Raphson on
/// the penalised log-likelihood), each step solving the (F+1)² system by Cholesky.
///
/// Features are standardised on the training rows (constant features get scale 1), which
/// makes one λ sensible for all of them and keeps the Hessian well conditioned.
///
/// - Complexity: O(iterations × n × F²) time, O(F²) memory beyond the data.
/// - Reference: T. Hastie, R. Tibshirani, J. Friedman, "The Elements of Statistical Learning",
///   2nd ed., §4.4.1 (IRLS), https://hastie.su.domains/ElemStatLearn/
public struct LogisticRegression: Sendable {
    public let parameters: LogisticRegressionParameters

    public init(parameters: LogisticRegressionParameters = .init()) {
        self.parameters = parameters
    }

    public func train(_ matrix: FeatureMatrix, labels: [UInt8], trainRows: [Int]) throws -> LogisticRegressionModel {
        try parameters.validate()
        let positives = trainRows.reduce(0) { $0 + Int(labels[$1]) }
        guard positives > 0, positives < trainRows.count else {
            throw RiskModelError.unusableData("the training rows hold only one class (\(positives) positive of \(trainRows.count))")
        }
        let nf = matrix.columns, d = nf + 1
        var mean = [Double](repeating: 0, count: nf), sq = [Double](repeating: 0, count: nf)
        for r in trainRows {
            for j in 0..<nf {
                let v = Double(matrix[r, j])
                mean[j] += v
                sq[j] += v * v
            }
        }
        let n = Double(trainRows.count)
        var scale = [Double](repeating: 1, count: nf)
        for j in 0..<nf {
            mean[j] /= n
            let variance = max(0, sq[j] / n - mean[j] * mean[j])
            scale[j] = variance > 1e-12 ? variance.squareRoot() : 1
        }
        var beta = [Double](repeating: 0, count: d)
        let rate = Double(positives) / n
        beta[0] = log(rate / (1 - rate))
        func penalisedLoss(_ b: [Double]) -> Double {
            var loss = 0.0
            for r in trainRows {
                var m = b[0]
                for j in 0..<nf { m += b[1 + j] * (Double(matrix[r, j]) - mean[j]) / scale[j] }
                let w = labels[r] == 1 ? parameters.positiveWeight : 1
                loss += w * ((m > 0 ? m + log1p(exp(-m)) : log1p(exp(m))) - Double(labels[r]) * m)
            }
            for k in 1..<d { loss += 0.5 * parameters.lambdaL2 * b[k] * b[k] }
            return loss
        }
        for _ in 0..<parameters.maxIterations {
            var grad = [Double](repeating: 0, count: d)
            var hess = [Double](repeating: 0, count: d * d)
            var loss = 0.0
            // The standardised row (leading 1 for the intercept) is rebuilt per row: storing the
            // whole design in Double would take 8 × n × (F + 1) bytes.
            var z = [Double](repeating: 1, count: d)
            for r in trainRows {
                for j in 0..<nf { z[1 + j] = (Double(matrix[r, j]) - mean[j]) / scale[j] }
                let y = Double(labels[r]), w = labels[r] == 1 ? parameters.positiveWeight : 1
                var m = 0.0
                for k in 0..<d { m += z[k] * beta[k] }
                let p = 1 / (1 + exp(-m))
                loss += w * ((m > 0 ? m + log1p(exp(-m)) : log1p(exp(m))) - y * m)
                let g = w * (p - y), h = max(w * p * (1 - p), 1e-12)
                for a in 0..<d {
                    let za = z[a]
                    grad[a] += g * za
                    let hz = h * za
                    for b in 0...a { hess[a * d + b] += hz * z[b] }
                }
            }
            for k in 1..<d {
                grad[k] += parameters.lambdaL2 * beta[k]
                hess[k * d + k] += parameters.lambdaL2
                loss += 0.5 * parameters.lambdaL2 * beta[k] * beta[k]
            }
            for a in 0..<d { for b in 0..<a { hess[b * d + a] = hess[a * d + b] } }
            guard let step = Self.solveCholesky(hess, grad, d) else { break }
            // Step halving keeps every step a descent step: a full Newton step overshoots on
            // (nearly) separable data, such as a stacker whose inputs already rank perfectly.
            var t = 1.0, candidate = beta, next = Double.infinity
            while t > 1e-6 {
                for k in 0..<d { candidate[k] = beta[k] - t * step[k] }
                next = penalisedLoss(candidate)
                if next <= loss { break }
                t /= 2
            }
            guard next <= loss else { break }
            beta = candidate
            if abs(loss - next) / n < parameters.tolerance { break }
        }
        return LogisticRegressionModel(
            featureNames: matrix.names, mean: mean, scale: scale, weights: Array(beta[1...]), bias: beta[0], parameters: parameters)
    }

    /// Solves `A x = b` for symmetric positive definite `A` (row-major d×d), nil if not SPD.
    static func solveCholesky(_ a: [Double], _ b: [Double], _ d: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var s = a[i * d + j]
                for k in 0..<j { s -= l[i * d + k] * l[j * d + k] }
                if i == j {
                    guard s > 0 else { return nil }
                    l[i * d + i] = s.squareRoot()
                } else {
                    l[i * d + j] = s / l[j * d + j]
                }
            }
        }
        var y = b
        for i in 0..<d {
            for k in 0..<i { y[i] -= l[i * d + k] * y[k] }
            y[i] /= l[i * d + i]
        }
        for i in stride(from: d - 1, through: 0, by: -1) {
            for k in (i + 1)..<d { y[i] -= l[k * d + i] * y[k] }
            y[i] /= l[i * d + i]
        }
        return y
    }
}
