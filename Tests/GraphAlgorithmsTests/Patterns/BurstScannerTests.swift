// Tests of BurstScanner's densest-stretch search and of the log-space Poisson tail the fan
// detectors' dense cores are judged by.
import Testing

@testable import GraphAlgorithms

@Suite struct BurstScannerTests {
    /// Proves `densest` finds the lowest-cost stretch shorter than the window with enough distinct
    /// counterparties, as brute force over every stretch does, on random sequences; and that it
    /// leaves its scratch counts clean (a second call and a burst scan answer as on a fresh scanner).
    @Test(arguments: 0..<40)
    func densestMatchesBruteForce(seed: UInt64) {
        var rng = TestRNG(state: 7_000 + seed)
        let n = 1 + rng.int(40)
        var t: Int64 = 0
        var times: [Int64] = [], parties: [Int32] = []
        for _ in 0..<n {
            t += Int64(rng.int(10))
            times.append(t)
            parties.append(Int32(rng.int(12)))
        }
        let window = Int64(5 + rng.int(30))
        let minDistinct = 2 + rng.int(4)
        let lo = rng.int(n), hi = lo + rng.int(n - lo + 1)
        // A cost that rewards many counterparties in a short time, as the detectors' does.
        func cost(_ distinct: Int, _ first: Int, _ last: Int) -> Double {
            Double(times[last] - times[first] + 3) / Double(distinct * distinct)
        }
        var best: Double? = nil
        for i in lo..<hi {
            for j in i..<hi where times[j] - times[i] < window {
                let d = Set(parties[i...j]).count
                if d >= minDistinct { best = min(best ?? .infinity, cost(d, i, j)) }
            }
        }
        var scanner = BurstScanner(accountCount: 12)
        let found = scanner.densest(times: times, parties: parties, in: lo..<hi, window: window, minDistinct: minDistinct, cost: cost)
        #expect(found?.cost == best)
        if let found {
            #expect(found.distinct == Set(parties[found.range]).count)
            #expect(found.cost == cost(found.distinct, found.range.lowerBound, found.range.upperBound - 1))
            #expect(times[found.range.upperBound - 1] - times[found.range.lowerBound] < window)
        }
        var fresh = BurstScanner(accountCount: 12)
        let again = scanner.densest(times: times, parties: parties, in: lo..<hi, window: window, minDistinct: minDistinct, cost: cost)
        #expect(again?.range == found?.range)
        let bursts = scanner.bursts(times: times, parties: parties, window: window, minDistinct: minDistinct)
        let freshBursts = fresh.bursts(times: times, parties: parties, window: window, minDistinct: minDistinct)
        #expect(bursts.map(\.range) == freshBursts.map(\.range))
        #expect(bursts.map(\.peakDistinct) == freshBursts.map(\.peakDistinct))
    }

    /// Proves the log-space tail equals the log of the summed tail where that is representable,
    /// stays finite far below it (where the plain tail underflows to 0), and is 0 at or under the mean.
    @Test func logPoissonTailAgreesWithTail() {
        for (n, mean) in [(5, 1.0), (13, 3.0), (20, 5.4), (3, 2.5), (40, 0.5)] {
            let plain = PatternContext.poissonTail(atLeast: n, mean: mean)
            #expect(abs(PatternContext.logPoissonTail(atLeast: n, mean: mean) - log(plain)) < 1e-9)
        }
        #expect(PatternContext.logPoissonTail(atLeast: 300, mean: 0.5) < -1_000)
        #expect(PatternContext.logPoissonTail(atLeast: 300, mean: 0.5).isFinite)
        #expect(PatternContext.logPoissonTail(atLeast: 4, mean: 6) == 0)
        #expect(PatternContext.logPoissonTail(atLeast: 4, mean: 0) == -.infinity)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
