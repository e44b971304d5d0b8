import Foundation
@testable import RiskModels
import Testing

@Suite("Branch-free window search of the GNN sampler")
struct TimeSearchTests {
    /// The first index of `range` whose time is at least `t`, by the branching binary search
    /// the window features and fan counts used before.
    private func reference(_ times: [Int64], _ range: Range<Int>, _ t: Int64) -> Int {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) >> 1
            if times[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// `TimeSearch.window` (both bounds in one loop) gives the window of the sequential
    /// searches — the lower bound of `from`, then of `after` from there on — on sorted times
    /// with long runs of equal values, keys below, at, between and above them, `after` at or
    /// below `from`, and empty, one-slot and partial ranges of the array.
    @Test func windowsMatchTheSequentialSearches() {
        var rng = TestRNG(state: 5)
        var nonEmpty = 0, inverted = 0
        for _ in 0..<500 {
            let n = rng.int(48)
            var times: [Int64] = []
            var t: Int64 = 1_000
            for _ in 0..<n {
                t += Int64(rng.int(3)) * 7  // steps of 0 make runs of equal times
                times.append(t)
            }
            let lo = rng.int(n + 1), hi = lo + rng.int(n - lo + 1)
            let table = times + [0]  // one spare slot, so the pointer exists for an empty array
            for _ in 0..<10 {
                let from = 990 + Int64(rng.int(Int(t - 970))), after = from + Int64(rng.int(40)) - 10
                let first = reference(times, lo..<hi, from)
                let expected = first..<reference(times, first..<hi, after)
                let got = table.withUnsafeBufferPointer { TimeSearch.window($0.baseAddress!, lo..<hi, from: from, after: after) }
                #expect(got == expected, "times \(times) range \(lo)..<\(hi) from \(from) after \(after)")
                if !expected.isEmpty { nonEmpty += 1 }
                if after <= from { inverted += 1 }
            }
        }
        #expect(nonEmpty > 500 && inverted > 200)
    }
}
