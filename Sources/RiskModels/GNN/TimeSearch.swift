// Both ends of a time window in an account's time-sorted adjacency slots, in one branch-free
// search: what the GNN's sampler asks of every tree node it expands.
import CGNNKernels

/// Window searches for `EgoInputTable.sample` (see `amlgraph_window`).
///
/// Not used by the window features or the fan counts: there the branching binary search was
/// measured faster (about 25% more feature time with this one on the 10,000-transfer batch,
/// branch-free), as their first probes miss the cache and a predicted branch lets the next
/// probe's load start before the comparison is known; the sampler prefetches each level's time
/// lines before searching, so its probes hit and the branches would only mispredict.
enum TimeSearch {
    /// The window `first..<end` of `range` (times ascending there): `first` the lower bound of
    /// `from`, `end` the lower bound of `after` searched from `first` on, both halving the range
    /// in one loop. O(log |range|).
    @inline(__always)
    static func window(_ times: UnsafePointer<Int64>, _ range: Range<Int>, from: Int64, after: Int64) -> Range<Int> {
        var first = 0, end = 0
        amlgraph_window(times, range.lowerBound, range.upperBound, from, after, &first, &end)
        return first..<end
    }
}
