// Tests of AccountMarks and AccountCounts (the detectors' per-worker sets and counters) against
// Swift's Set and Dictionary, and of the work-pulling `ParallelChunks.collect(parallel:state:_:)`.
@testable import GraphAlgorithms
import GraphCore
import Testing

@Suite struct AccountMarksTests {
    /// Proves that over many rounds of random inserts and clears, membership, count, insertion
    /// order and `sorted()` match a `Set` rebuilt each round (stale stamps never leak through).
    @Test func matchesSetAcrossClears() {
        var rng = SplitMix64(seed: 42)
        var marks = AccountMarks(accountCount: 50)
        for round in 0..<200 {
            marks.clear()
            var reference = Set<Int32>()
            var order: [Int32] = []
            for _ in 0..<Int(rng.next() % 40) {
                let a = Int32(rng.next() % 50)
                let inserted = marks.insert(a)
                #expect(inserted == reference.insert(a).inserted, "round \(round)")
                if inserted { order.append(a) }
            }
            #expect(marks.count == reference.count)
            #expect(marks.members == order)
            #expect(marks.sorted() == reference.sorted())
            for a in Int32(0)..<50 { #expect(marks.contains(a) == reference.contains(a)) }
        }
    }

    /// Proves `assign` copies another set's members and drops the old ones.
    @Test func assignReplacesMembers() {
        var a = AccountMarks(accountCount: 10), b = AccountMarks(accountCount: 10)
        a.insert(1)
        a.insert(2)
        b.insert(7)
        b.assign(a)
        #expect(b.members == [1, 2])
        #expect(!b.contains(7))
    }

    /// Proves counters start at 0 after every clear and add up like a dictionary.
    @Test func countsMatchDictionaryAcrossClears() {
        var rng = SplitMix64(seed: 7)
        var counts = AccountCounts(accountCount: 30)
        for _ in 0..<100 {
            counts.clear()
            var reference: [Int32: Int] = [:]
            for _ in 0..<Int(rng.next() % 60) {
                let a = Int32(rng.next() % 30)
                counts.add(a)
                reference[a, default: 0] += 1
            }
            for a in Int32(0)..<30 { #expect(counts[a] == reference[a, default: 0]) }
        }
    }

    /// Proves the work-pulling collect returns every chunk's results in chunk order, with each
    /// worker's state reused across its chunks, the same in parallel as serially.
    @Test func pullingCollectKeepsChunkOrder() {
        let offsets = (0...100_000).map { Int32($0 * 3) }  // 100,000 accounts of 3 edges: many chunks
        let chunks = ParallelChunks(offsets: offsets, maxChunks: 256)
        #expect(chunks.count > 8)
        for parallel in [false, true] {
            let out = chunks.collect(parallel: parallel, state: { [Int]() }) { seen, range in
                seen.append(range.lowerBound)
                return Array(range)
            }
            #expect(out == Array(0..<100_000))
        }
    }

    /// Proves `removeDuplicatesFromSorted` keeps one of each value.
    @Test func removesSortedDuplicates() {
        for input in [[], [1], [1, 1], [1, 1, 2, 3, 3, 3, 4], [5, 6, 7]] {
            var a = input
            a.removeDuplicatesFromSorted()
            #expect(a == Array(Set(input)).sorted())
        }
    }
}
