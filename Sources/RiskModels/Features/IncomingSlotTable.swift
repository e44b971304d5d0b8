// The incoming adjacency in slot order, for the window features: what a scan of an account's
// incoming transfers reads, next to each other instead of behind an edge number; and the
// outgoing times, so every reader of an account's time lines reads one copy.
public import GraphCore

/// Per position `k` of the snapshot's `inEdges` (an account's incoming transfers, by time):
/// the edge `inEdges[k]`, its time, source and amount. `WindowScanner` reads these instead of
/// `timestamp[inEdges[k]]`, `source[inEdges[k]]`, `amount[inEdges[k]]`: each of those was a
/// cache miss at a random edge, in every probe of the window's binary search and every step
/// of its scan; here a window is a few contiguous lines. Same values, same order, so the same
/// features.
///
/// `outTime` is the snapshot's `timestamp` (outgoing slots are edge numbers) in memory without
/// reference counting. The three readers of an account's time lines while scoring a transfer —
/// the window features, the GNN sampler (`EgoInputTable(snapshot:times:)`) and the fan counts of
/// the graph facts — all read these two columns, around the same second, so the lines one of them
/// brings into the cache serve the others (before, the sampler read copies of its own).
///
/// Memory: 32 bytes per transfer, built in O(transfers) with the extractor. Immutable after
/// init, so shared by every thread.
public final class IncomingSlotTable: @unchecked Sendable {
    @usableFromInline let time: UnsafeMutablePointer<Int64>
    /// `timestamp[k]` of edge (= outgoing slot) `k`.
    @usableFromInline let outTime: UnsafeMutablePointer<Int64>
    let amount: UnsafeMutablePointer<Double>
    let edge: UnsafeMutablePointer<Int32>
    @usableFromInline let source: UnsafeMutablePointer<Int32>
    @usableFromInline let count: Int

    public init(snapshot s: GraphSnapshot) {
        let m = max(1, s.transferCount)
        count = s.transferCount
        time = .allocate(capacity: m)
        outTime = .allocate(capacity: m)
        amount = .allocate(capacity: m)
        edge = .allocate(capacity: m)
        source = .allocate(capacity: m)
        for k in 0..<s.transferCount {
            let e = Int(s.inEdges[k])
            (time + k).initialize(to: s.timestamp[e])
            (amount + k).initialize(to: s.amount[e])
            (edge + k).initialize(to: Int32(e))
            (source + k).initialize(to: s.source[e])
            (outTime + k).initialize(to: s.timestamp[k])
        }
    }

    /// `timestamp[inEdges[k]]`.
    @inlinable public func time(at k: Int) -> Int64 {
        precondition(k >= 0 && k < count, "incoming slot out of range")
        return time[k]
    }

    /// `timestamp[k]`: the time of outgoing slot (edge) `k`.
    @inlinable public func outTime(at k: Int) -> Int64 {
        precondition(k >= 0 && k < count, "outgoing slot out of range")
        return outTime[k]
    }

    /// `source[inEdges[k]]`.
    @inlinable public func source(at k: Int) -> Int {
        precondition(k >= 0 && k < count, "incoming slot out of range")
        return Int(source[k])
    }

    deinit {
        time.deallocate()
        outTime.deallocate()
        amount.deallocate()
        edge.deallocate()
        source.deallocate()
    }
}
