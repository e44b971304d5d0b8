// Turning a model's margin into a probability that means what it says: of the transfers scored
// 0.2, about one in five is laundering. Platt scaling and isotonic regression, plus the two
// numbers that tell whether it worked (Brier score, expected calibration error).
import Foundation

/// Which calibration a fused model fits on its held-out slice.
public enum CalibrationMethod: String, Sendable, Codable, CaseIterable {
    /// `p = σ(a × margin + b)`: two parameters, smooth, safe with few positives.
    case platt
    /// A non-decreasing step function of the margin (pool-adjacent-violators): no shape
    /// assumed, but needs more positives and creates ties.
    case isotonic
}

/// A fitted map from margin to probability.
///
/// - Platt: J. Platt, "Probabilistic outputs for support vector machines", 1999, fitted by
///   Newton's method on the log-loss with Platt's target smoothing `(N₊ + 1) / (N₊ + 2)` and
///   `1 / (N₋ + 2)`, which keeps a perfectly separated slice from sending `a` to infinity.
/// - Isotonic: B. Zadrozny, C. Elkan, "Transforming classifier scores into accurate multiclass
///   probability estimates", KDD 2002, https://doi.org/10.1145/775047.775151 — the
///   pool-adjacent-violators fit of the labels sorted by margin; between block edges the
///   probability is interpolated linearly, and outside them held at the end values.
///
/// - Complexity: fitting O(n log n) (the sort) plus O(iterations × n) for Platt; applying O(1)
///   for Platt, O(log blocks) for isotonic.
public enum Calibration: Sendable, Codable, Equatable {
    case platt(a: Double, b: Double)
    /// Block margins (ascending) and their probabilities (non-decreasing).
    case isotonic(margins: [Double], probabilities: [Double])

    public static let plattIterations = 100

    public var method: CalibrationMethod {
        switch self {
        case .platt: .platt
        case .isotonic: .isotonic
        }
    }

    /// The calibrated probability of `margin`.
    public func probability(_ margin: Double) -> Double {
        switch self {
        case let .platt(a, b):
            return 1 / (1 + exp(-(a * margin + b)))
        case let .isotonic(xs, ps):
            guard let first = xs.first, let last = xs.last else { return 0 }
            if margin <= first { return ps[0] }
            if margin >= last { return ps[ps.count - 1] }
            var lo = 0, hi = xs.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if xs[mid] <= margin { lo = mid } else { hi = mid }
            }
            let t = xs[hi] > xs[lo] ? (margin - xs[lo]) / (xs[hi] - xs[lo]) : 0
            return ps[lo] + t * (ps[hi] - ps[lo])
        }
    }

    /// Fits `method` to margins and 0/1 labels (both classes needed).
    public static func fit(_ method: CalibrationMethod, margins: [Double], labels: [UInt8]) throws(RiskModelError) -> Calibration {
        precondition(margins.count == labels.count, "one label per margin")
        let positives = labels.reduce(0) { $0 + Int($1) }
        guard positives > 0, positives < labels.count else {
            throw .unusableData("the calibration slice holds only one class (\(positives) positive of \(labels.count))")
        }
        switch method {
        case .platt: return fitPlatt(margins, labels, positives: positives)
        case .isotonic: return fitIsotonic(margins, labels)
        }
    }

    static func fitPlatt(_ x: [Double], _ y: [UInt8], positives: Int) -> Calibration {
        let negatives = x.count - positives
        let hi = (Double(positives) + 1) / (Double(positives) + 2), lo = 1 / (Double(negatives) + 2)
        var a = 1.0, b = 0.0
        func loss(_ a: Double, _ b: Double) -> Double {
            var l = 0.0
            for i in x.indices {
                let z = a * x[i] + b, t = y[i] == 1 ? hi : lo
                // log(1 + e^z) − t z, stable for either sign of z.
                l += (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - t * z
            }
            return l
        }
        var current = loss(a, b)
        for _ in 0..<plattIterations {
            var ga = 0.0, gb = 0.0, haa = 1e-12, hab = 0.0, hbb = 1e-12
            for i in x.indices {
                let p = 1 / (1 + exp(-(a * x[i] + b))), t = y[i] == 1 ? hi : lo
                let d = p - t, w = p * (1 - p)
                ga += d * x[i]
                gb += d
                haa += w * x[i] * x[i]
                hab += w * x[i]
                hbb += w
            }
            let det = haa * hbb - hab * hab
            guard det > 0 else { break }
            var da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det
            // Backtracking keeps every step a descent step (Lin, Lin, Weng 2007).
            var step = 1.0, next = loss(a - da, b - db)
            while next > current + 1e-12 && step > 1e-10 {
                step /= 2
                da /= 2
                db /= 2
                next = loss(a - da, b - db)
            }
            guard next <= current + 1e-12 else { break }
            a -= da
            b -= db
            let improved = current - next
            current = next
            if improved < 1e-10 * max(1, abs(current)) { break }
        }
        return .platt(a: a, b: b)
    }

    static func fitIsotonic(_ x: [Double], _ y: [UInt8]) -> Calibration {
        let order = x.indices.sorted { x[$0] < x[$1] }
        // Blocks of (mean label, weight, mean margin); equal margins start in one block.
        var value: [Double] = [], weight: [Double] = [], position: [Double] = []
        var i = 0
        while i < order.count {
            var j = i, sum = 0.0
            while j < order.count && x[order[j]] == x[order[i]] {
                sum += Double(y[order[j]])
                j += 1
            }
            var v = sum / Double(j - i), w = Double(j - i), m = x[order[i]]
            while let last = value.last, last >= v {
                let lw = weight.removeLast(), lm = position.removeLast()
                value.removeLast()
                v = (last * lw + v * w) / (lw + w)
                m = (lm * lw + m * w) / (lw + w)
                w += lw
            }
            value.append(v)
            weight.append(w)
            position.append(m)
            i = j
        }
        return .isotonic(margins: position, probabilities: value)
    }
}

/// How well probabilities match outcomes.
public struct CalibrationReport: Sendable, Codable, Equatable {
    public static let defaultBins = 10

    public var method: String
    /// Mean squared error of the probabilities against 0/1 outcomes (lower is better).
    public var brier: Double
    /// Expected calibration error: Σ over equal-width probability bins of
    /// `(bin count / n) × |mean probability − positive rate|` (Naeini et al., AAAI 2015).
    public var ece: Double
    /// Mean probability and observed positive rate over the slice.
    public var meanProbability: Double
    public var positiveRate: Double

    enum CodingKeys: String, CodingKey {
        case method, brier, ece, meanProbability = "mean_probability", positiveRate = "positive_rate"
    }

    public init(method: String, probabilities p: [Double], labels y: [UInt8], bins: Int = defaultBins) {
        precondition(p.count == y.count, "one label per probability")
        let n = Double(max(1, p.count))
        var brier = 0.0
        var count = [Double](repeating: 0, count: bins), sumP = count, sumY = count
        for i in p.indices {
            let t = Double(y[i])
            brier += (p[i] - t) * (p[i] - t)
            let b = min(bins - 1, max(0, Int(p[i] * Double(bins))))
            count[b] += 1
            sumP[b] += p[i]
            sumY[b] += t
        }
        var ece = 0.0
        for b in 0..<bins where count[b] > 0 { ece += count[b] / n * abs(sumP[b] / count[b] - sumY[b] / count[b]) }
        self.method = method
        self.brier = brier / n
        self.ece = ece
        meanProbability = p.reduce(0, +) / n
        positiveRate = Double(y.reduce(0) { $0 + Int($1) }) / n
    }
}
