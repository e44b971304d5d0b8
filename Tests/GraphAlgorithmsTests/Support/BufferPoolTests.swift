// Tests of the pool that keeps the temporal searches' large buffers for reuse: what it keeps,
// what it hands out again, its limits, and that it lets go of them when idle or told to.
import Dispatch
@testable import GraphAlgorithms
import Testing

private let mib = 1 << 20

/// A buffer given back is handed out again for a request of the same or a slightly smaller size,
/// and not for one more than twice as small; while out, it is not kept.
@Test func givenBackBufferIsReusedForASimilarSize() {
    let pool = BufferPool(keptLimit: 4, keptBytesLimit: 1 << 30, idleDrain: .seconds(600))
    let first = pool.take(UInt8.self, count: 6 * mib)
    first.initialize(repeating: 7)
    #expect(pool.keptBytes == 0)
    pool.giveBack(first)
    #expect(pool.keptBytes == 6 * mib)
    let small = pool.take(UInt8.self, count: 2 * mib)  // 6 MiB is more than twice 2 MiB: a new one
    #expect(small.baseAddress != first.baseAddress)
    let again = pool.take(UInt8.self, count: 5 * mib + 1)
    #expect(again.baseAddress == first.baseAddress)
    #expect(again.count == 5 * mib + 1)
    #expect(pool.keptBytes == 0)
    pool.giveBack(small)
    pool.giveBack(again)
    #expect(pool.keptBytes == 8 * mib)
    #expect(pool.releaseKept() == 8 * mib)
    #expect(pool.keptBytes == 0)
}

/// Buffers under 2 MiB come from the C allocator and are never kept.
@Test func smallBuffersAreNotKept() {
    let pool = BufferPool(keptLimit: 4, keptBytesLimit: 1 << 30, idleDrain: .seconds(600))
    let small = pool.take(Int64.self, count: 1000)
    small.initialize(repeating: 1)
    pool.giveBack(small)
    #expect(pool.keptBytes == 0)
    let empty = pool.take(TimedLink.self, count: 0)
    pool.giveBack(empty)
    #expect(pool.keptBytes == 0)
}

/// The pool keeps at most `keptLimit` buffers and `keptBytesLimit` bytes; what would pass either
/// limit is freed when given back.
@Test func keptBuffersStayWithinTheLimits() {
    let pool = BufferPool(keptLimit: 2, keptBytesLimit: 10 * mib, idleDrain: .seconds(600))
    let buffers = (0..<3).map { _ in pool.take(UInt8.self, count: 4 * mib) }
    for b in buffers { pool.giveBack(b) }
    #expect(pool.keptBytes == 8 * mib)  // the third would be a third buffer
    let big = pool.take(UInt8.self, count: 4 * mib)  // takes one of the two kept
    let bigger = pool.take(UInt8.self, count: 8 * mib)
    pool.giveBack(bigger)  // 4 + 8 = 12 MiB would pass the byte limit
    #expect(pool.keptBytes == 4 * mib)
    pool.giveBack(big)
    #expect(pool.keptBytes == 8 * mib)
}

/// Kept buffers that nobody takes are freed after the idle time, without any call.
@Test func idleBuffersAreFreed() async throws {
    let pool = BufferPool(keptLimit: 4, keptBytesLimit: 1 << 30, idleDrain: .milliseconds(50))
    pool.giveBack(pool.take(UInt8.self, count: 4 * mib))
    #expect(pool.keptBytes == 4 * mib)
    var waited = 0
    while pool.keptBytes > 0, waited < 5_000 {
        try await Task.sleep(for: .milliseconds(20))
        waited += 20
    }
    #expect(pool.keptBytes == 0, "still kept after \(waited) ms")
}

/// A cycle search on buffers a previous search left, filled with junk before it starts, finds
/// the same cycles as one on fresh buffers: nothing may depend on what a reused buffer holds.
/// (150,000 transfers, so the lists are large enough for the pool.)
@Test func cycleSearchOnReusedJunkBuffersAgrees() throws {
    var rng = TemporalTestRandom(seed: 91)
    let edges = (0..<150_000).map { _ in
        TemporalTestEdge(from: rng.int(0...2_999), to: rng.int(0...2_999), time: Int64(rng.int(0...2_000_000)))
    }
    let graph = TemporalTestGraphs.build(accounts: 3_000, edges)
    let options = TemporalCycleOptions(maxHops: 4, window: 4_000, threads: 2)
    SearchBuffers.releaseKept()
    let fresh = try TemporalCycleFinder(graph: graph).findCycles(options: options)
    // Take out what the search left (the pool hands each kept buffer to a request of its size),
    // scribble on it, and give it back for the next search.
    let junk = (0..<4).map { _ in BufferPool.searches.take(UInt8.self, count: 150_000 * MemoryLayout<TimedLink>.stride) }
    for buffer in junk { buffer.initialize(repeating: 0xA5) }
    for buffer in junk { BufferPool.searches.giveBack(buffer) }
    let reused = try TemporalCycleFinder(graph: graph).findCycles(options: options)
    #expect(!fresh.cycles.isEmpty)
    #expect(fresh.cycles.map(\.edges) == reused.cycles.map(\.edges))
}
