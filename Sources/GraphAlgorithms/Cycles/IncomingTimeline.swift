// Every account's incoming transfers as packed (time, sender) pairs in time order: the backward
// passes of the temporal searches read these lists millions of times, and the snapshot's reverse
// lists hold only edge numbers, so each step there cost two dependent random reads
// (`inEdges[slot]`, then `timestamp[edge]` and `source[edge]`) where this reads one cache line.
import GraphCore

/// One transfer as the temporal searches read it: its time and the account at its other end
/// (the receiver in an outgoing list, the sender in an incoming one), in 16 bytes, so a scan
/// over an account's list reads one array instead of two or four.
struct TimedLink {
    var time: Int64
    var account: Int32
}

/// A read-only copy of a snapshot's reverse adjacency with the timestamp and the sender of each
/// incoming transfer stored next to each other, in the snapshot's slot order (time order within
/// each account), so `time(slot)` and `sender(slot)` match `inEdges[slot]`. With `outgoing`,
/// also the forward lists as (time, receiver) pairs in edge-number order.
///
/// Built once per search run and shared by its worker threads (it is immutable).
///
/// - Complexity: O(E) time to build, 16 E bytes per direction.
final class IncomingTimeline: @unchecked Sendable {
    let accountCount: Int
    /// `offsets[a]..<offsets[a + 1]`: account `a`'s slots (the snapshot's `inOffsets`).
    let offsets: UnsafeMutableBufferPointer<Int32>
    /// Time (nondecreasing within an account) and sender of the transfer in each slot.
    let links: UnsafeMutableBufferPointer<TimedLink>
    /// The snapshot's `outOffsets`, and (time, receiver) of each edge by edge number; empty
    /// unless built with `outgoing: true`.
    let outOffsets: UnsafeMutableBufferPointer<Int32>
    let outLinks: UnsafeMutableBufferPointer<TimedLink>

    init(graph: GraphSnapshot, outgoing: Bool = false) {
        accountCount = graph.accountCount
        offsets = .allocate(capacity: graph.inOffsets.count)
        _ = offsets.initialize(from: graph.inOffsets)
        let n = graph.inEdges.count
        let links = UnsafeMutableBufferPointer<TimedLink>.allocate(capacity: n)
        graph.inEdges.withUnsafeBufferPointer { edges in
            graph.timestamp.withUnsafeBufferPointer { ts in
                graph.source.withUnsafeBufferPointer { src in
                    for slot in 0..<n {
                        let e = Int(edges[slot])
                        links[slot] = TimedLink(time: ts[e], account: src[e])
                    }
                }
            }
        }
        self.links = links
        let outOffsets = UnsafeMutableBufferPointer<Int32>.allocate(capacity: outgoing ? graph.outOffsets.count : 0)
        let outLinks = UnsafeMutableBufferPointer<TimedLink>.allocate(capacity: outgoing ? graph.transferCount : 0)
        if outgoing {
            _ = outOffsets.initialize(from: graph.outOffsets)
            graph.timestamp.withUnsafeBufferPointer { ts in
                graph.target.withUnsafeBufferPointer { dst in
                    for e in 0..<ts.count { outLinks[e] = TimedLink(time: ts[e], account: dst[e]) }
                }
            }
        }
        self.outOffsets = outOffsets
        self.outLinks = outLinks
    }

    deinit {
        offsets.deallocate()
        links.deallocate()
        outOffsets.deallocate()
        outLinks.deallocate()
    }

    /// Timestamp of the transfer in `slot`.
    @inline(__always)
    func time(_ slot: Int) -> Int64 { links[slot].time }

    /// Sending account of the transfer in `slot`.
    @inline(__always)
    func sender(_ slot: Int) -> Int32 { links[slot].account }

    /// The first slot of `account` whose time is strictly greater than `after`, or the end of
    /// its slots when there is none.
    ///
    /// - Complexity: O(log d), d the account's in-degree.
    @inline(__always)
    func firstSlot(of account: Int, after: Int64) -> Int {
        let lo = Int(offsets[account]), hi = Int(offsets[account + 1])
        return firstLater(in: links, lo, hi, than: after)
    }

    /// One past `account`'s last slot.
    @inline(__always)
    func endSlot(of account: Int) -> Int { Int(offsets[account + 1]) }

    /// Whether `account` receives any transfer with a time in `(after, through]`.
    @inline(__always)
    func hasIncoming(_ account: Int, after: Int64, through: Int64) -> Bool {
        let slot = firstSlot(of: account, after: after)
        return slot < endSlot(of: account) && links[slot].time <= through
    }
}

/// `firstLater` over packed links: the first index in `lo..<hi` whose time is strictly greater
/// than `after` (`hi` when none).
///
/// Short lists (most accounts: the median degree is about ten) are scanned from the front, which
/// touches the one or two cache lines a binary search would touch anyway but with no dependent
/// loads; longer ones are halved branch-free (the step is computed with a mask, so the compiler
/// cannot turn it back into a mispredicted jump: profiled on medium, the jump of a plain halving
/// loop here was more than half of the depth-first search's time).
@inline(__always)
func firstLater(in links: UnsafeMutableBufferPointer<TimedLink>, _ lo: Int, _ hi: Int, than after: Int64) -> Int {
    var base = lo, n = hi - lo
    if n <= 16 {
        while base < hi, links[base].time <= after { base += 1 }
        return base
    }
    while n > 1 {
        let half = n >> 1
        let notLater = links[base + half].time <= after
        base &+= half & (0 &- Int(notLater ? 1 : 0))
        n -= half
    }
    return links[base].time <= after ? base + 1 : base
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
