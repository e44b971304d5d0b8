// The incoming adjacency in slot order, for the window features: what a scan of an account's
// incoming transfers reads, next to each other instead of behind an edge number.
public import GraphCore

/// Per position `k` of the snapshot's `inEdges` (an account's incoming transfers, by time):
/// the edge `inEdges[k]`, its time, source and amount. `WindowScanner` reads these instead of
/// `timestamp[inEdges[k]]`, `source[inEdges[k]]`, `amount[inEdges[k]]`: each of those was a
/// cache miss at a random edge, in every probe of the window's binary search and every step
/// of its scan; here a window is a few contiguous lines. Same values, same order, so the same
/// features.
///
/// Memory: 24 bytes per transfer, built in O(transfers) with the extractor. Immutable after
/// init, so shared by every thread.
public final class IncomingSlotTable: @unchecked Sendable {
    @usableFromInline let time: UnsafeMutablePointer<Int64>
    let amount: UnsafeMutablePointer<Double>
    let edge: UnsafeMutablePointer<Int32>
    @usableFromInline let source: UnsafeMutablePointer<Int32>
    @usableFromInline let count: Int

    public init(snapshot s: GraphSnapshot) {
        let m = max(1, s.transferCount)
        count = s.transferCount
        time = .allocate(capacity: m)
        amount = .allocate(capacity: m)
        edge = .allocate(capacity: m)
        source = .allocate(capacity: m)
        for k in 0..<s.transferCount {
            let e = Int(s.inEdges[k])
            (time + k).initialize(to: s.timestamp[e])
            (amount + k).initialize(to: s.amount[e])
            (edge + k).initialize(to: Int32(e))
            (source + k).initialize(to: s.source[e])
        }
    }

    /// `timestamp[inEdges[k]]`.
    @inlinable public func time(at k: Int) -> Int64 {
        precondition(k >= 0 && k < count, "incoming slot out of range")
        return time[k]
    }

    /// `source[inEdges[k]]`.
    @inlinable public func source(at k: Int) -> Int {
        precondition(k >= 0 && k < count, "incoming slot out of range")
        return Int(source[k])
    }

    deinit {
        time.deallocate()
        amount.deallocate()
        edge.deallocate()
        source.deallocate()
    }
}
