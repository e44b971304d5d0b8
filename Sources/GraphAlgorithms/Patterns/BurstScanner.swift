// Sliding-window scan for "many distinct counterparties in a short time" over one account's
// time-sorted transfers, shared by the fan-out, fan-in and gather-scatter detectors.

/// Finds *maximal bursts*: runs of transfers in which every transfer lies in some window of
/// length `window` that holds at least `minDistinct` distinct counterparties. Overlapping
/// qualifying windows are merged, so one burst is reported once, not once per window position.
///
/// - Complexity: O(n) per call for n transfers (two pointers); the distinct counts live in a
///   scratch array indexed by account number, reset on the way out, so calls cost nothing extra.
struct BurstScanner {
    /// One maximal burst and its busiest window.
    struct Burst {
        /// Index range of the whole burst.
        var range: Range<Int>
        /// Index range of the window with the most distinct counterparties (the first such).
        var peak: Range<Int>
        /// Distinct counterparties in `peak`.
        var peakDistinct: Int
    }

    private var counts: [Int32]

    init(accountCount: Int) { counts = [Int32](repeating: 0, count: accountCount) }

    /// - Parameters:
    ///   - times: transfer timestamps, ascending.
    ///   - parties: the counterparty account of each transfer.
    /// - Returns: the maximal bursts (index ranges into `times`), in time order.
    mutating func bursts(times: [Int64], parties: [Int32], window: Int64, minDistinct: Int) -> [Burst] {
        let n = times.count
        guard n >= minDistinct, minDistinct > 0 else { return [] }
        var result: [Burst] = []
        var current: Burst? = nil
        var left = 0
        var distinct = 0
        counts.withUnsafeMutableBufferPointer { c in
            for right in 0..<n {
                let p = Int(parties[right])
                if c[p] == 0 { distinct += 1 }
                c[p] += 1
                while times[right] - times[left] >= window {
                    let q = Int(parties[left])
                    c[q] -= 1
                    if c[q] == 0 { distinct -= 1 }
                    left += 1
                }
                guard distinct >= minDistinct else { continue }
                if var cur = current, left < cur.range.upperBound {
                    cur.range = cur.range.lowerBound..<(right + 1)
                    if distinct > cur.peakDistinct { (cur.peak, cur.peakDistinct) = (left..<(right + 1), distinct) }
                    current = cur
                } else {
                    if let cur = current { result.append(cur) }
                    current = Burst(range: left..<(right + 1), peak: left..<(right + 1), peakDistinct: distinct)
                }
            }
            for i in left..<n { c[Int(parties[i])] = 0 }
        }
        if let cur = current { result.append(cur) }
        return result
    }
}
