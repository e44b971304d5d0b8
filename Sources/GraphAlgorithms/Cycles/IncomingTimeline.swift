// Every account's incoming transfers as packed (time, sender) pairs in time order: the backward
// passes of the temporal searches read these lists millions of times, and the snapshot's reverse
// lists hold only edge numbers, so each step there cost two dependent random reads
// (`inEdges[slot]`, then `timestamp[edge]` and `source[edge]`) where this reads one cache line.
import CPrefetch
import Dispatch
import GraphCore

/// One transfer as the temporal searches read it: its time (as a `TimeEncoding` code) and the
/// account at its other end (the receiver in an outgoing list, the sender in an incoming one), in
/// 8 bytes, so a scan over an account's list reads one array, and as few cache lines as can be.
/// The snapshot edge number of each slot lives in a side array (`IncomingTimeline.edges`), read
/// only for the transfers a search reports or checks an amount of.
struct TimedLink {
    var stamp: UInt32
    var account: Int32

    /// The time code, widened: the searches compute with codes as with times.
    @inline(__always) var time: Int64 { Int64(stamp) }

    @inline(__always) init(stamp: UInt32, account: Int32) {
        self.stamp = stamp
        self.account = account
    }
}

/// A read-only copy of a snapshot's reverse adjacency with the timestamp and the sender of each
/// incoming transfer stored next to each other, in the snapshot's slot order (time order within
/// each account), so, unfiltered, `time(slot)` and `sender(slot)` match `inEdges[slot]`. With
/// `outgoing`, also the forward lists as (time, receiver) pairs in edge-number order (unfiltered,
/// slot = edge number). The cycle finder builds it over the transfers `CycleEdgeFilter` keeps.
///
/// Built once per search run and shared by its worker threads (it is immutable). The link lists
/// live in `BufferPool.searches` buffers (2 MiB pages, reused by the next search of about the
/// same size), so their slots in a fresh timeline hold whatever a previous one left until written.
///
/// - Complexity: O(E) time to build, 12 E bytes per direction (8 for the links, 4 for the edges).
final class IncomingTimeline: @unchecked Sendable {
    let accountCount: Int
    /// `offsets[a]..<offsets[a + 1]`: account `a`'s slots (unfiltered: the snapshot's `inOffsets`).
    let offsets: UnsafeMutableBufferPointer<Int32>
    /// Time (nondecreasing within an account) and sender of the transfer in each slot.
    let links: UnsafeMutableBufferPointer<TimedLink>
    /// Account `a`'s outgoing slots `outOffsets[a]..<outOffsets[a + 1]` (unfiltered: the
    /// snapshot's `outOffsets`), and (time, receiver) in each; empty unless built with
    /// `outgoing: true`.
    let outOffsets: UnsafeMutableBufferPointer<Int32>
    let outLinks: UnsafeMutableBufferPointer<TimedLink>
    /// The snapshot edge number of each incoming and outgoing slot (unfiltered, `outEdges[e] == e`).
    let edges: UnsafeMutableBufferPointer<Int32>
    let outEdges: UnsafeMutableBufferPointer<Int32>
    /// How the links' times are coded: a search's own time bounds go through `encoding.bound`.
    let encoding: TimeEncoding

    /// Copies `graph`'s adjacency (with `outgoing`, both directions).
    ///
    /// - Parameter parallel: with `outgoing`, fill the lists on two threads (the incoming ones are
    ///   a gather over the edge columns, about 12 ms per million transfers; the cycle finder's
    ///   setup runs before its search threads start, so it would otherwise run on one core).
    ///   - encoding: how to code the times (by default one that keeps their order, which is all
    ///     the path walker compares; the cycle finder needs differences up to its window kept).
    init(graph: GraphSnapshot, outgoing: Bool = false, parallel: Bool = false, encoding: TimeEncoding? = nil) {
        let accounts = graph.accountCount
        accountCount = accounts
        // Differences of 0 kept: always possible, as there are fewer than 2³² distinct times.
        let encoding = encoding ?? TimeEncoding(graph.timestamp, exactWithin: 0)!
        self.encoding = encoding
        let count = graph.transferCount
        offsets = .allocate(capacity: graph.inOffsets.count)
        _ = offsets.initialize(from: graph.inOffsets)
        links = BufferPool.searches.take(TimedLink.self, count: count)
        outOffsets = .allocate(capacity: outgoing ? graph.outOffsets.count : 0)
        outLinks = BufferPool.searches.take(TimedLink.self, count: outgoing ? count : 0)
        edges = BufferPool.searches.take(Int32.self, count: count)
        outEdges = BufferPool.searches.take(Int32.self, count: outgoing ? count : 0)
        let buffers = UncheckedSendable((links, outOffsets, outLinks, edges, outEdges))
        // The incoming lists are a gather (two random reads per slot), the outgoing ones a
        // sequential zip, much cheaper per transfer; so with two threads the first takes 5/8 of
        // the gather and the second the rest of it plus the zip. (With 16-byte links and no
        // prefetch, 3/4 was best: medians 12.7-13.5 ms against 15-16.5 with one direction per
        // thread. With 8-byte links and the prefetch, 3/4 left the first thread at 3.0-3.5 ms and
        // the second at 2.2-2.4.)
        let split = parallel && outgoing ? count * 5 / 8 : count
        let gather = { @Sendable (range: Range<Int>) in
            let links = buffers.value.0
            let slotEdges = buffers.value.3
            graph.inEdges.withUnsafeBufferPointer { edges in
                graph.timestamp.withUnsafeBufferPointer { ts in
                    graph.source.withUnsafeBufferPointer { src in
                        // Each slot reads two columns at random: prefetched 24 slots ahead (measured
                        // on medium, one thread: setup medians 32.5-35 ms against 34.3-41.4).
                        let ahead = 24
                        for slot in range {
                            if slot + ahead < range.upperBound {
                                let next = Int(edges[slot + ahead])
                                aml_prefetch(ts.baseAddress! + next)
                                aml_prefetch(src.baseAddress! + next)
                            }
                            let e = Int(edges[slot])
                            links[slot] = TimedLink(stamp: encoding.code(ts[e]), account: src[e])
                            slotEdges[slot] = Int32(e)
                        }
                    }
                }
            }
        }
        runBoth(parallel: parallel && outgoing) {
            gather(0..<split)
        } and: {
            gather(split..<count)
            guard outgoing else { return }
            let (_, outOffsets, outLinks, _, outEdges) = buffers.value
            _ = outOffsets.initialize(from: graph.outOffsets)
            graph.timestamp.withUnsafeBufferPointer { ts in
                graph.target.withUnsafeBufferPointer { dst in
                    for e in 0..<count {
                        outLinks[e] = TimedLink(stamp: encoding.code(ts[e]), account: dst[e])
                        outEdges[e] = Int32(e)
                    }
                }
            }
        }
    }

    /// A copy of `base` with only the transfers whose flag in `keep` is true, and the accounts
    /// renumbered: new account `i` is `base`'s account `order[i]` (a permutation), in both the
    /// list order and every link's `account`. Edge numbers stay the snapshot's.
    ///
    /// - Parameter parallel: compact on two threads, in four pieces (the result is the same).
    ///   - counts: `keptCounts(keeping:)` of `base`, when the caller has it already.
    init(_ base: IncomingTimeline, keeping keep: [Bool], numbering order: [Int32], counts: KeptCounts? = nil, parallel: Bool = false) {
        let accounts = base.accountCount
        accountCount = accounts
        encoding = base.encoding
        var newID = [Int32](repeating: 0, count: accounts)
        for (i, old) in order.enumerated() { newID[Int(old)] = Int32(i) }
        let counts = counts ?? base.keptCounts(keeping: keep)
        let newIDs = newID
        let inStarts = Self.starts(counts.incoming, order: order), outStarts = Self.starts(counts.outgoing, order: order)
        let incoming = (
            offsets: inStarts, links: BufferPool.searches.take(TimedLink.self, count: Int(inStarts[accounts])),
            edges: BufferPool.searches.take(Int32.self, count: Int(inStarts[accounts]))
        )
        let outgoing = (
            offsets: outStarts, links: BufferPool.searches.take(TimedLink.self, count: Int(outStarts[accounts])),
            edges: BufferPool.searches.take(Int32.self, count: Int(outStarts[accounts]))
        )
        // Each direction in two halves of the old accounts, four pieces for the threads to share:
        // the incoming side reads its flags at random and takes longer (measured on medium: 4.9
        // against 3.9 ms, one direction per thread).
        let lists = UncheckedSendable((base, incoming, outgoing))
        let piece = { @Sendable (p: Int) in
            let (base, incoming, outgoing) = lists.value
            let half = p % 2 == 0 ? 0..<accounts / 2 : accounts / 2..<accounts
            if p < 2 {
                Self.scatter(base.offsets, base.links, base.edges, accounts: half, into: incoming, keep: keep, newID: newIDs)
            } else {
                Self.scatter(base.outOffsets, base.outLinks, base.outEdges, accounts: half, into: outgoing, keep: keep, newID: newIDs)
            }
        }
        if parallel {
            DispatchQueue.concurrentPerform(iterations: 4, execute: piece)
        } else {
            for p in 0..<4 { piece(p) }
        }
        offsets = incoming.offsets
        links = incoming.links
        edges = incoming.edges
        outOffsets = outgoing.offsets
        outLinks = outgoing.links
        outEdges = outgoing.edges
    }

    /// How many of each account's transfers `keep` flags, per direction.
    struct KeptCounts {
        var outgoing: [Int32]
        var incoming: [Int32]
    }

    /// Counts the flagged transfers of each account in one sequential pass over the outgoing
    /// lists (which must be built).
    func keptCounts(keeping keep: [Bool]) -> KeptCounts {
        var counts = KeptCounts(outgoing: [Int32](repeating: 0, count: accountCount), incoming: [Int32](repeating: 0, count: accountCount))
        keep.withUnsafeBufferPointer { keep in
            for a in 0..<accountCount {
                for slot in Int(outOffsets[a])..<Int(outOffsets[a + 1]) where keep[Int(outEdges[slot])] {
                    counts.outgoing[a] += 1
                    counts.incoming[Int(outLinks[slot].account)] += 1
                }
            }
        }
        return counts
    }

    /// The offsets of lists laid out in the new order (`order[i]` is new account `i`'s old
    /// number), from each old account's kept count.
    private static func starts(_ kept: [Int32], order: [Int32]) -> UnsafeMutableBufferPointer<Int32> {
        let starts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: order.count + 1)
        var total: Int32 = 0
        for (i, old) in order.enumerated() {
            starts[i] = total
            total += kept[Int(old)]
        }
        starts[order.count] = total
        return starts
    }

    /// Copies the kept transfers of the lists of the old accounts in `accounts`, in old order, to
    /// where each one's new number's list starts in `result` (`result.offsets`), renumbering every
    /// counterparty by `newID`. Reading the old lists in order streams them; the writes jump once
    /// per account. Measured on medium (two threads, medians of 9 calls, counts included): 15.1 ms
    /// against 18.4 for reading each list in the new order (a jump per account on the read side,
    /// where each one stalls). Pieces of disjoint `accounts` write disjoint slots.
    private static func scatter(
        _ offsets: UnsafeMutableBufferPointer<Int32>, _ links: UnsafeMutableBufferPointer<TimedLink>, _ edges: UnsafeMutableBufferPointer<Int32>,
        accounts: Range<Int>,
        into result: (offsets: UnsafeMutableBufferPointer<Int32>, links: UnsafeMutableBufferPointer<TimedLink>, edges: UnsafeMutableBufferPointer<Int32>),
        keep: [Bool], newID: [Int32]
    ) {
        keep.withUnsafeBufferPointer { keep in
            newID.withUnsafeBufferPointer { newID in
                for old in accounts {
                    var slot = Int(result.offsets[Int(newID[old])])
                    for i in Int(offsets[old])..<Int(offsets[old + 1]) where keep[Int(edges[i])] {
                        var link = links[i]
                        link.account = newID[Int(link.account)]
                        result.links[slot] = link
                        result.edges[slot] = edges[i]
                        slot += 1
                    }
                }
            }
        }
    }

    deinit {
        offsets.deallocate()
        BufferPool.searches.giveBack(links)
        outOffsets.deallocate()
        BufferPool.searches.giveBack(outLinks)
        BufferPool.searches.giveBack(edges)
        BufferPool.searches.giveBack(outEdges)
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

/// Runs `first` and `second`, on two threads when `parallel` (each on its own data), and
/// returns when both are done.
func runBoth(parallel: Bool, _ first: @Sendable () -> Void, and second: @Sendable () -> Void) {
    if parallel {
        DispatchQueue.concurrentPerform(iterations: 2) { $0 == 0 ? first() : second() }
    } else {
        first()
        second()
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
