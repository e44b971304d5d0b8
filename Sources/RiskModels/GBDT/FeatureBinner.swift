// Quantile binning of continuous features into at most 255 bins, the step that turns split
// finding into histogram sums (LightGBM's core idea).
import Foundation

/// Per-feature bin boundaries: bin `b` of feature `f` holds values `x` with
/// `upperBounds[f][b − 1] < x <= upperBounds[f][b]`; the last bound is +∞. NaN goes to bin 0.
///
/// **Fitting**: the sorted distinct values of a sample (every row up to `sampleSize`, else a
/// seeded sample). With at most `maxBins` distinct values each gets its own bin; otherwise
/// values are grouped greedily so each bin holds about `rows / maxBins` sample rows, never
/// splitting one value across bins (G. Ke et al., "LightGBM: A Highly Efficient Gradient
/// Boosting Decision Tree", NeurIPS 2017). Bounds sit midway between neighbouring values.
///
/// - Complexity: O(F × s log s) to fit on s sampled rows; O(R × F × log B) to bin R rows.
public struct FeatureBinner: Sendable, Codable, Equatable {
    public static let defaultSampleSize = 200_000

    public let upperBounds: [[Float]]

    public var featureCount: Int { upperBounds.count }
    public func binCount(_ f: Int) -> Int { upperBounds[f].count }

    public init(upperBounds: [[Float]]) {
        self.upperBounds = upperBounds
    }

    /// Fits bounds on `rows` of `matrix` (a seeded sample of them when more than `sampleSize`).
    public static func fit(_ matrix: FeatureMatrix, rows: [Int], maxBins: Int, sampleSize: Int = defaultSampleSize, seed: UInt64) -> FeatureBinner {
        var sample = rows
        if sample.count > sampleSize {
            var rng = SplitMix64(seed: seed ^ 0xB1_4E)
            for i in 0..<sampleSize { sample.swapAt(i, i + rng.below(sample.count - i)) }
            sample = Array(sample.prefix(sampleSize)).sorted()
        }
        let bounds = (0..<matrix.columns).map { f -> [Float] in
            var values = sample.map { matrix[$0, f] }.filter { !$0.isNaN }
            values.sort()
            return fitFeature(values, maxBins: maxBins)
        }
        return FeatureBinner(upperBounds: bounds)
    }

    static func fitFeature(_ sorted: [Float], maxBins: Int) -> [Float] {
        var distinct: [Float] = []
        var counts: [Int] = []
        for v in sorted {
            if let last = distinct.last, last == v { counts[counts.count - 1] += 1 } else {
                distinct.append(v)
                counts.append(1)
            }
        }
        guard distinct.count > 1 else { return [.infinity] }
        var bounds: [Float] = []
        if distinct.count <= maxBins {
            for i in 0..<(distinct.count - 1) { bounds.append(midpoint(distinct[i], distinct[i + 1])) }
        } else {
            let perBin = Double(sorted.count) / Double(maxBins)
            var inBin = 0
            for i in 0..<(distinct.count - 1) {
                inBin += counts[i]
                // Close the bin once it is full, or when one big value would overfill the next.
                let binsLeft = maxBins - bounds.count - 1
                if binsLeft <= 0 { break }
                if Double(inBin) >= perBin || Double(inBin + counts[i + 1]) > 1.5 * perBin {
                    bounds.append(midpoint(distinct[i], distinct[i + 1]))
                    inBin = 0
                }
            }
        }
        bounds.append(.infinity)
        return bounds
    }

    private static func midpoint(_ a: Float, _ b: Float) -> Float {
        let m = a / 2 + b / 2
        // Rounding may land on b; the bound must stay below it so b falls in the next bin.
        return m < b ? m : a
    }

    /// The bin of `x` for feature `f`.
    @inline(__always) public func bin(_ x: Float, feature f: Int) -> UInt8 {
        if x.isNaN { return 0 }
        return upperBounds[f].withUnsafeBufferPointer { ub in
            var lo = 0, hi = ub.count - 1
            while lo < hi {
                let mid = (lo + hi) >> 1
                if x <= ub[mid] { hi = mid } else { lo = mid + 1 }
            }
            return UInt8(lo)
        }
    }

    /// Row-major bins of the given rows (`rows.count × featureCount` bytes).
    public func bin(_ matrix: FeatureMatrix, rows: [Int]) -> [UInt8] {
        let f = featureCount
        var out = [UInt8](repeating: 0, count: rows.count * f)
        out.withUnsafeMutableBufferPointer { o in
            let ptr = UncheckedSendable(o)
            let chunk = 16_384
            DispatchQueue.concurrentPerform(iterations: (rows.count + chunk - 1) / chunk) { c in
                for i in (c * chunk)..<min(rows.count, (c + 1) * chunk) {
                    let r = rows[i]
                    for j in 0..<f { ptr.value[i * f + j] = bin(matrix.values[r * matrix.columns + j], feature: j) }
                }
            }
        }
        return out
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): the seeded generator of this module.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
