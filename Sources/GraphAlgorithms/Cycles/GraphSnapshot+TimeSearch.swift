// Binary searches over the time-sorted adjacency lists: every temporal search here starts by
// jumping to "the first transfer after time t" instead of scanning an account's whole history.
import GraphCore

extension GraphSnapshot {
    /// The first edge number in `outgoing(account)` whose timestamp is strictly greater than
    /// `time`, or `outgoing(account).upperBound` when there is none.
    ///
    /// - Complexity: O(log d), d the account's out-degree (outgoing edges are sorted by time).
    @inline(__always)
    func temporalFirstOutEdge(of account: Int, after time: Int64) -> Int {
        var lo = Int(outOffsets[account]), hi = Int(outOffsets[account + 1])
        while lo < hi {
            let mid = (lo + hi) >> 1
            if timestamp[mid] <= time { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first edge number in `outgoing(account)` whose timestamp is at least `time`.
    @inline(__always)
    func temporalFirstOutEdge(of account: Int, notBefore time: Int64) -> Int {
        // `after: time - 1` would overflow at Int64.min, where every edge qualifies anyway.
        time == .min ? Int(outOffsets[account]) : temporalFirstOutEdge(of: account, after: time - 1)
    }

    /// The first position in `incomingSlots(account)` whose edge's timestamp is strictly
    /// greater than `time`, or `incomingSlots(account).upperBound` when there is none.
    ///
    /// - Complexity: O(log d), d the account's in-degree (incoming lists are sorted by time).
    @inline(__always)
    func temporalFirstInSlot(of account: Int, after time: Int64) -> Int {
        var lo = Int(inOffsets[account]), hi = Int(inOffsets[account + 1])
        while lo < hi {
            let mid = (lo + hi) >> 1
            if timestamp[Int(inEdges[mid])] <= time { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Whether `account` receives any transfer with a timestamp in `(after, through]`: a cheap
    /// test that rules a start edge out before any search is built for it.
    @inline(__always)
    func temporalHasIncoming(_ account: Int, after: Int64, through: Int64) -> Bool {
        let slot = temporalFirstInSlot(of: account, after: after)
        return slot < Int(inOffsets[account + 1]) && timestamp[Int(inEdges[slot])] <= through
    }
}

/// `a + b` clamped to `Int64.max`, for deadlines such as `start + window` with huge windows.
@inline(__always)
func temporalSaturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? (b > 0 ? .max : .min) : sum
}
