// The GNN's scoring view of one snapshot: everything the sampler reads, laid out in the order
// it reads it, in memory the table owns, so sampling a tree touches few cache lines and no
// reference-counted array.
import Foundation
public import GraphCore

/// The inputs of every account and transfer of a snapshot that `EgoGraph` rows read, and the
/// adjacency the sampler walks, computed once so scoring many transfers neither repeats the
/// logarithms nor chases the snapshot's indirections. Same values as computing them per tree.
///
/// Why this layout: sampling a batch's trees was latency-bound, a cache miss per read. A tree
/// node's account needs its two adjacency ranges and two degree inputs (four arrays in the
/// snapshot), now one 32-byte `Account` record. A sampled incoming transfer needed
/// `inEdges[k]` and then the edge's source, time, amount, currency and roundness (six arrays,
/// at a random edge), now the slot's own 16-byte `Link` and its time in `inTime`, next to
/// the slots the window search just read. Outgoing slots get the same (they are edges, so
/// `outTime` is the snapshot's timestamps, copied to memory without reference counting).
///
/// The two time columns can be the window features' (`init(snapshot:times:)`, what scoring
/// uses): the same values, and the lines the features and fan counts read for a transfer are
/// then the lines its tree's roots search.
///
/// Memory: 32 bytes per account and 52 per transfer (two times, two links, and the incoming
/// slot of each edge, which stands in for the excluded edge in the incoming lists), 36 when the
/// times are shared. Built in O(accounts + transfers), only for models with a GNN.
public final class EgoInputTable: @unchecked Sendable {
    /// One account: its outgoing slots `outStart..<outEnd` (edge numbers), its incoming slots
    /// `inStart..<inEnd` (positions in the snapshot's `inEdges`), and its node inputs
    /// ln(1 + out-degree) / 5, ln(1 + in-degree) / 5.
    struct Account {
        var outStart: Int32, outEnd: Int32, inStart: Int32, inEnd: Int32
        var outDegree: Double, inDegree: Double
    }

    /// One adjacency slot as a link input: ln(1 + amount) / 10, the account at the other end,
    /// the transfer's currency index, and whether the amount is a whole multiple of 1,000.
    struct Link {
        var logAmount: Double
        var other: Int32
        var currency: UInt8
        var round: Bool
    }

    let accountCount: Int
    let transferCount: Int
    let accounts: UnsafeMutablePointer<Account>
    /// Time of each outgoing slot (= edge) and of each incoming slot (`timestamp[inEdges[k]]`).
    let outTime: UnsafeMutablePointer<Int64>
    let inTime: UnsafeMutablePointer<Int64>
    let outLinks: UnsafeMutablePointer<Link>
    let inLinks: UnsafeMutablePointer<Link>
    /// The incoming slot of each edge (inverse of `inEdges`).
    let inSlot: UnsafeMutablePointer<Int32>

    /// The table whose times are shared (kept alive while this table reads them), or nil when
    /// the times are this table's own.
    private let sharedTimes: IncomingSlotTable?

    /// O(accounts + transfers).
    public convenience init(snapshot s: GraphSnapshot) {
        self.init(snapshot: s, times: nil)
    }

    /// The table of `s`, reading its times from `times` (the `IncomingSlotTable` of the same
    /// snapshot: `time` is `inTime`, `outTime` is `outTime`) instead of copies of its own, or
    /// copying them when nil. O(accounts + transfers).
    public init(snapshot s: GraphSnapshot, times: IncomingSlotTable?) {
        let n = s.accountCount, m = s.transferCount
        precondition(times.map { $0.count == m } ?? true, "time columns of another snapshot")
        accountCount = n
        transferCount = m
        sharedTimes = times
        accounts = .allocate(capacity: max(1, n))
        outTime = times?.outTime ?? .allocate(capacity: max(1, m))
        inTime = times?.time ?? .allocate(capacity: max(1, m))
        outLinks = .allocate(capacity: max(1, m))
        inLinks = .allocate(capacity: max(1, m))
        inSlot = .allocate(capacity: max(1, m))
        for a in 0..<n {
            (accounts + a).initialize(
                to: Account(
                    outStart: s.outOffsets[a], outEnd: s.outOffsets[a + 1], inStart: s.inOffsets[a], inEnd: s.inOffsets[a + 1],
                    outDegree: log1p(Double(s.outDegree(a))) / 5, inDegree: log1p(Double(s.inDegree(a))) / 5))
        }
        func link(_ e: Int, other: Int32) -> Link {
            let x = s.amount[e]
            return Link(logAmount: log1p(x) / 10, other: other, currency: s.currency[e], round: x.isMultiple(of: 1_000))
        }
        let ownTimes = times == nil
        for e in 0..<m {
            if ownTimes { (outTime + e).initialize(to: s.timestamp[e]) }
            (outLinks + e).initialize(to: link(e, other: s.target[e]))
        }
        for k in 0..<m {
            let e = Int(s.inEdges[k])
            if ownTimes { (inTime + k).initialize(to: s.timestamp[e]) }
            (inLinks + k).initialize(to: link(e, other: s.source[e]))
            (inSlot + e).initialize(to: Int32(k))
        }
    }

    deinit {
        accounts.deallocate()
        if sharedTimes == nil {
            outTime.deallocate()
            inTime.deallocate()
        }
        outLinks.deallocate()
        inLinks.deallocate()
        inSlot.deallocate()
    }
}
