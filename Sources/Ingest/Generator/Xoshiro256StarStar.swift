// Our own PRNG: output must be identical across platforms and Swift versions, which neither
// SystemRandomNumberGenerator nor stdlib sampling helpers (Int.random, shuffle) promise.

import Foundation

/// SplitMix64, used only to expand a 64-bit seed into xoshiro state and derive sub-streams.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna) with the sampling helpers the generator needs.
struct Xoshiro256StarStar {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is a fixed point
    }

    /// An independent stream per generation phase, so changing one phase never shifts another.
    init(seed: UInt64, stream: UInt64) {
        var sm = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        self.init(seed: sm.next())
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in 0..<n (Lemire's multiply-shift; the tiny bias is irrelevant here and keeps it branch-free).
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// Uniform in the closed range.
    @inline(__always)
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    @inline(__always)
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }

    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Standard normal via Box-Muller (one value per call: simpler, and determinism beats speed here).
    mutating func normal() -> Double {
        let u1 = 1.0 - unit()  // (0, 1]: log stays finite
        let u2 = unit()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// Lognormal parameterised by its median, which is how amounts are easiest to reason about.
    mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * exp(sigma * normal())
    }

    /// Pareto with scale `xm` and tail index `alpha`: the heavy-tailed activity of accounts.
    mutating func pareto(xm: Double, alpha: Double) -> Double {
        xm / pow(1.0 - unit(), 1.0 / alpha)
    }

    /// Index drawn with the given (unnormalised) weights; for short tables only.
    mutating func weighted(_ weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += w }
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            x -= w
            if x < 0 { return i }
        }
        return weights.count - 1
    }

    /// Fisher-Yates, spelled out so the permutation never depends on the stdlib version.
    mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = below(i + 1)
            if i != j { a.swapAt(i, j) }
        }
    }
}
