// The layer's only source of randomness: seeded, platform-independent, so a seed reproduces a
// result bit for bit on every machine (SystemRandomNumberGenerator and Hasher would not).

/// SplitMix64 (Steele, Lea & Flood 2014, https://doi.org/10.1145/2714064.2660195).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound` by Lemire's multiply-shift; the tiny bias (< bound / 2^64) is
    /// irrelevant for node orders and keeps the sequence independent of stdlib internals.
    mutating func below(_ bound: Int) -> Int {
        Int(UInt64(bound).multipliedFullWidth(by: next()).high)
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Fisher–Yates shuffle of `0..<n` as Int32 node numbers.
    mutating func permutation(_ n: Int) -> [Int32] {
        var p = (0..<n).map { Int32($0) }
        p.withUnsafeMutableBufferPointer { b in
            var i = n - 1
            while i > 0 {
                b.swapAt(i, below(i + 1))
                i -= 1
            }
        }
        return p
    }
}
