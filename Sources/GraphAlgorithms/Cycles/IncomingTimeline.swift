// Every account's incoming transfers as packed (time, sender) pairs in time order: the backward
// passes of the temporal searches read these lists millions of times, and the snapshot's reverse
// lists hold only edge numbers, so each step there cost two dependent random reads
// (`inEdges[slot]`, then `timestamp[edge]` and `source[edge]`) where this reads one cache line.
import GraphCore

/// A read-only copy of a snapshot's reverse adjacency with the timestamp and the sender of each
/// incoming transfer stored next to each other, in the snapshot's slot order (time order within
/// each account), so `time[slot]` and `sender[slot]` match `inEdges[slot]`.
///
/// Built once per search run and shared by its worker threads (it is immutable).
///
/// - Complexity: O(E) time to build, 12 E bytes (8 for the time, 4 for the sender).
final class IncomingTimeline: @unchecked Sendable {
    let accountCount: Int
    /// `offsets[a]..<offsets[a + 1]`: account `a`'s slots (the snapshot's `inOffsets`).
    let offsets: UnsafeMutableBufferPointer<Int32>
    /// Timestamp of the transfer in each slot, nondecreasing within an account.
    let time: UnsafeMutableBufferPointer<Int64>
    /// Sending account of the transfer in each slot.
    let sender: UnsafeMutableBufferPointer<Int32>

    init(graph: GraphSnapshot) {
        accountCount = graph.accountCount
        offsets = .allocate(capacity: graph.inOffsets.count)
        _ = offsets.initialize(from: graph.inOffsets)
        let n = graph.inEdges.count
        time = .allocate(capacity: n)
        sender = .allocate(capacity: n)
        graph.inEdges.withUnsafeBufferPointer { edges in
            graph.timestamp.withUnsafeBufferPointer { ts in
                graph.source.withUnsafeBufferPointer { src in
                    for slot in 0..<n {
                        let e = Int(edges[slot])
                        time[slot] = ts[e]
                        sender[slot] = src[e]
                    }
                }
            }
        }
    }

    deinit {
        offsets.deallocate()
        time.deallocate()
        sender.deallocate()
    }

    /// The first slot of `account` whose time is strictly greater than `after`, or the end of
    /// its slots when there is none.
    ///
    /// - Complexity: O(log d), d the account's in-degree.
    @inline(__always)
    func firstSlot(of account: Int, after: Int64) -> Int {
        let lo = Int(offsets[account]), hi = Int(offsets[account + 1])
        return firstLater(in: time, lo, hi, than: after)
    }

    /// One past `account`'s last slot.
    @inline(__always)
    func endSlot(of account: Int) -> Int { Int(offsets[account + 1]) }

    /// Whether `account` receives any transfer with a time in `(after, through]`.
    @inline(__always)
    func hasIncoming(_ account: Int, after: Int64, through: Int64) -> Bool {
        let slot = firstSlot(of: account, after: after)
        return slot < endSlot(of: account) && time[slot] <= through
    }
}

/// The first index in `lo..<hi` whose time is strictly greater than `after` (`hi` when none),
/// for times sorted ascending in that range.
///
/// Branch-free: the halving step is a conditional move, so the search costs its memory reads
/// and no mispredicted jumps (half of all steps mispredict in the textbook form, which profiled
/// as a third of the depth-first search's time).
@inline(__always)
func firstLater<Times: RandomAccessCollection<Int64>>(in time: Times, _ lo: Int, _ hi: Int, than after: Int64) -> Int where Times.Index == Int {
    var base = lo, n = hi - lo
    if n <= 0 { return lo }
    while n > 1 {
        let half = n >> 1
        base = time[base + half] <= after ? base + half : base
        n -= half
    }
    return time[base] <= after ? base + 1 : base
}
