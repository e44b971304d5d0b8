// The 32-bit time codes of the temporal searches: comparisons kept, searches unchanged on data
// whose timestamps span more than 2³² seconds, and a clear error where no code fits.
import GraphCore
import Testing

@testable import GraphAlgorithms

/// Clusters of timestamps with gaps of about 2³¹-2³³ seconds between them, so the whole span is
/// far beyond 32 bits: timestamp `t` of cluster `t / clusterWidth`.
private func spread(_ t: Int64, clusterWidth: Int64 = 10) -> Int64 {
    t + (t / clusterWidth) * (1 << 33) - (1 << 40)
}

/// Where the timestamps span more than 2³² seconds, the codes (gaps capped at `exactWithin + 1`)
/// keep, for every pair of timestamps, the order and each comparison of their difference with
/// -1, 0, 1, `exactWithin − 1` and `exactWithin`; and `bound` keeps `t ≤ x` for query times `x`
/// between and beyond them.
@Test(arguments: 0..<40)
func timeCodesKeepEveryComparisonUpToTheirLimit(seed: Int) {
    var rng = TemporalTestRandom(seed: UInt64(seed) &+ 811)
    let exactWithin = Int64(rng.int(1...40))
    let times = (0..<rng.int(2...60)).map { _ in spread(Int64(rng.int(0...80)), clusterWidth: Int64(rng.int(5...30))) } + [spread(100)]
    guard let encoding = TimeEncoding(times, exactWithin: exactWithin) else {
        Issue.record("no encoding for \(times.count) timestamps")
        return
    }
    #expect(!encoding.isOffset)
    for a in times {
        for b in times {
            let d = b - a, coded = Int64(encoding.code(b)) - Int64(encoding.code(a))
            for c in [-1, 0, 1, exactWithin - 1, exactWithin] {
                #expect((d <= c) == (coded <= c), "seed \(seed): \(a), \(b) against \(c)")
            }
        }
        for x in [a - 1, a, a + 1, a + (1 << 32), Int64.min, Int64.max] {
            for t in times { #expect((t <= x) == (Int64(encoding.code(t)) <= encoding.bound(x))) }
        }
    }
}

/// Within 2³² seconds the codes are plain offsets (from 0 when the times fit in 32 bits as they
/// are, else from the earliest), whatever the limit, and an empty snapshot has an encoding too.
@Test func timeCodesAreOffsetsWithin32Bits() {
    let times: [Int64] = [1_700_000_000, 1_700_000_005, 1_700_000_000 + Int64(UInt32.max)]
    let encoding = TimeEncoding(times, exactWithin: Int64.max)
    #expect(encoding?.isOffset == true)
    #expect(times.map { encoding?.code($0) } == [0, 5, UInt32.max])
    #expect(encoding?.bound(1_699_999_999) == -1)
    #expect(TimeEncoding([], exactWithin: 0)?.isOffset == true)
    // Seconds since 1970 until 2106 are their own codes.
    let unix = TimeEncoding([0, 1_700_000_000, Int64(UInt32.max)], exactWithin: 0)
    #expect(unix?.code(1_700_000_000) == 1_700_000_000 && unix?.bound(-5) == -5)
}

/// No 32-bit code keeps differences of 2³³ seconds across three gaps of 2⁴⁰: the encoding says so,
/// and the cycle finder refuses with an error that says what to do, instead of wrong cycles.
@Test func timestampsTooFarApartForTheWindowAreRefused() throws {
    let times: [Int64] = [0, 1 << 40, 1 << 41, 1 << 42]
    #expect(TimeEncoding(times, exactWithin: 1 << 33) == nil)
    let graph = TemporalTestGraphs.build(
        accounts: 3, times.enumerated().map { TemporalTestEdge(from: $0.offset % 3, to: ($0.offset + 1) % 3, time: $0.element) })
    #expect(throws: CycleSearchError.timestampsTooFarApart) {
        try TemporalCycleFinder(graph: graph).findCycles(options: .init(maxHops: 3, window: 1 << 33))
    }
    #expect(CycleSearchError.timestampsTooFarApart.description.contains("136 years"))
    // A window that keeps the codes in 32 bits works on the same data.
    #expect(try TemporalCycleFinder(graph: graph).findCycles(options: .init(maxHops: 3, window: 1_000)).cycles.isEmpty)
}

/// On random graphs whose timestamps lie in clusters 2³³ seconds apart (a span of centuries), the
/// cycle finder and the all-paths query give exactly brute force's answers, as on compact times.
@Test(arguments: 0..<20)
func searchesAreExactOnTimestampsSpanningCenturies(seed: Int) throws {
    let compact = TemporalTestGraphs.random(seed: UInt64(seed) &* 7_127 &+ 11, timeSpan: 60)
    let edges = (0..<compact.transferCount).map {
        TemporalTestEdge(
            from: Int(compact.source[$0]), to: Int(compact.target[$0]), time: spread(compact.timestamp[$0]), amount: compact.amount[$0])
    }
    let graph = TemporalTestGraphs.build(accounts: compact.accountCount, edges)
    let oracle = TemporalBruteForce(graph)
    for (maxHops, window) in [(3, 8), (5, 12), (4, 1 << 20)] as [(Int, Int64)] {
        for threads in [1, 2] {
            let found = try TemporalCycleFinder(graph: graph).findCycles(options: .init(maxHops: maxHops, window: window, threads: threads))
            #expect(Set(found.cycles.map(\.edges)) == oracle.cycles(maxHops: maxHops, window: window), "seed \(seed) hops \(maxHops) window \(window)")
        }
    }
    let paths = TimeRespectingPaths(graph: graph)
    let n = graph.accountCount
    for a in 0..<min(n, 4) {
        let b = (a + 1) % n
        let bounds = spread(5)...spread(55)
        let options = TemporalPathOptions(maxHops: 4, window: 9, notBefore: bounds.lowerBound, notAfter: bounds.upperBound)
        let result = try paths.allPaths(from: a, to: b, options: options)
        #expect(Set(result.paths.map(\.edges)) == oracle.paths(from: a, to: b, maxHops: 4, window: 9, bounds: bounds), "seed \(seed) \(a)→\(b)")
    }
}
